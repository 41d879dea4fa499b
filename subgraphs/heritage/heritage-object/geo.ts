/** Mean Earth radius (IUGG), metres: the sphere the great-circle distances are measured on. */
const EARTH_RADIUS_M = 6_371_008.8;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
const toDegrees = (radians: number) => (radians * 180) / Math.PI;

/**
 * The same haversine as `distanceMeters`, as SQL over a row's `lat`/`lng` columns (degrees),
 * for SQLite (its math functions) and PostgreSQL alike, with the three bindings it needs.
 * The database can then count and order by distance over an index, without a row per
 * candidate reaching JavaScript.
 */
export function distanceSql(latColumn: string, lngColumn: string, lat: number, lng: number): { sql: string; bindings: number[] } {
  const sql =
    `(${2 * EARTH_RADIUS_M} * asin(sqrt(power(sin((radians(${latColumn}) - ?) / 2), 2) + ? * cos(radians(${latColumn})) * power(sin((radians(${lngColumn}) - ?) / 2), 2))))`;
  return { sql, bindings: [toRadians(lat), Math.cos(toRadians(lat)), toRadians(lng)] };
}

/** Great-circle distance in metres between two WGS84 points (haversine, exact on the sphere). */
export function distanceMeters(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const dLat = toRadians(bLat - aLat);
  const dLng = toRadians(bLng - aLng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(aLat)) * Math.cos(toRadians(bLat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Box {
  south: number;
  west: number;
  north: number;
  east: number;
}

/**
 * A latitude/longitude box containing every point within `radius` metres of the centre:
 * the coarse prefilter an index on (lat, lng) answers, before exact distances are computed.
 */
export function boxAround(lat: number, lng: number, radius: number): Box {
  const angular = radius / EARTH_RADIUS_M;
  const south = Math.max(-90, lat - toDegrees(angular));
  const north = Math.min(90, lat + toDegrees(angular));
  // Near a pole the circle spans every longitude.
  if (south <= -90 || north >= 90) return { south, west: -180, north, east: 180 };
  const spread = toDegrees(Math.asin(Math.min(1, Math.sin(angular) / Math.cos(toRadians(lat)))));
  return { south, west: Math.max(-180, lng - spread), north, east: Math.min(180, lng + spread) };
}
