/** Mean Earth radius (IUGG), metres: the sphere the great-circle distances are measured on. */
const EARTH_RADIUS_M = 6_371_008.8;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
const toDegrees = (radians: number) => (radians * 180) / Math.PI;

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
