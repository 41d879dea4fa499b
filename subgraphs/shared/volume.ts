import type { EntityName } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { insertIntoPostgres } from './bulk-insert.js';
import { demoId, seededRandom } from './demo-ids.js';
import { CITIES } from '../../lib/places.js';

/**
 * Generated data at realistic volumes (`npm run seed -- --scale N`): what the
 * subgraphs' generators share, so that one subgraph's links point at rows another
 * subgraph generates at the same scale. Every fact about generated record `i` of a kind
 * that another subgraph relies on (its id, its place, whether it is published) is a
 * function of `(kind, i)` alone, never of a run's random sequence.
 */

/** Rows at scale 1, the top scale: a city platform after several years of use. */
export const TOP_VOLUMES = {
  petitions: 100_000,
  signatures: 1_000_000,
  organizations: 10_000,
  heritageObjects: 20_000,
  consultations: 2_000,
  surveyResponses: 200_000,
} as const;

export type Volumes = Record<keyof typeof TOP_VOLUMES, number>;

/** Volumes grow linearly with the scale, rounded, at least one of each. */
export function volumesAt(scale: number): Volumes {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`The scale must be a positive number, not ${scale}`);
  const entries = Object.entries(TOP_VOLUMES).map(([kind, top]) => [kind, Math.max(1, Math.round(top * scale))]);
  return Object.fromEntries(entries) as Volumes;
}

/** The id of generated record `i` of a kind other subgraphs link to (`petition`, `organization`, `heritage`, `consultation`). */
export const generatedId = (kind: string, i: number): string => demoId(kind, `gen-${i}`);

/**
 * Ids for rows nothing outside their subgraph points at (signatures, answers): one name-based
 * UUID per kind whose last 12 hex digits (the node field, free of version and variant bits)
 * count up. A SHA-1 per row would cost seconds at a million rows.
 */
export function rowIds(kind: string): (i: number) => string {
  const prefix = demoId(kind, 'gen').slice(0, 24);
  return (i) => prefix + i.toString(16).padStart(12, '0');
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A number in [0, 1) fixed for record `i` of a kind (and a salt, for several independent draws). */
function roll(kind: string, i: number, salt = 0): number {
  return seededRandom(hash(kind) ^ Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b))();
}

/** The index whose weight band `u` (in [0, 1)) falls in. */
function pickAt(u: number, weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let r = u * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** Picks an index with probability proportional to its weight. */
export const pick = (random: () => number, weights: readonly number[]): number => pickAt(random(), weights);

/** Residents by district (thousands, 2021–2022 estimates): Kyiv has eight times Vinnytsia's people. */
const POPULATION: Record<string, number> = {
  'kyiv-holosiivskyi': 264,
  'kyiv-darnytskyi': 343,
  'kyiv-desnianskyi': 367,
  'kyiv-dniprovskyi': 355,
  'kyiv-obolonskyi': 319,
  'kyiv-pecherskyi': 160,
  'kyiv-podilskyi': 205,
  'kyiv-sviatoshynskyi': 345,
  'kyiv-solomianskyi': 386,
  'kyiv-shevchenkivskyi': 224,
  'vinnytsia-tsentr': 70,
  'vinnytsia-stare-misto': 50,
  'vinnytsia-zamostia': 90,
  'vinnytsia-vyshenka': 110,
  'vinnytsia-tiazhyliv': 50,
};
/** Monuments cluster in the historic centres, not where people live now. */
const HISTORIC_CENTRES = new Set(['kyiv-pecherskyi', 'kyiv-shevchenkivskyi', 'kyiv-podilskyi', 'vinnytsia-tsentr', 'vinnytsia-stare-misto']);

export interface GeneratedPlace {
  city: string;
  district: string;
}
const PLACES: GeneratedPlace[] = CITIES.flatMap((city) => city.districts.map((d) => ({ city: city.id, district: d.id })));
const byPopulation = PLACES.map((p) => POPULATION[p.district]!);
const byHeritage = PLACES.map((p) => POPULATION[p.district]! * (HISTORIC_CENTRES.has(p.district) ? 4 : 1));

/**
 * Record 0 of every kind lies here, and each generator links it to the other kinds' record 0
 * (petition 0 initiated by organisation 0 about monument 0, and so on), so that at any
 * scale, however small, one district has every cross-subgraph field filled.
 */
export const SHOWCASE: GeneratedPlace = { city: 'kyiv', district: 'kyiv-podilskyi' };

/** The district of generated record `i` of a kind, by population (monuments: historic centres first). */
export function generatedPlace(kind: string, i: number): GeneratedPlace {
  if (i === 0) return SHOWCASE;
  return PLACES[pickAt(roll(kind, i), kind === 'heritage' ? byHeritage : byPopulation)]!;
}

/** Share of generated organisations the registry publishes; the rest are pending or declined applications. */
const PUBLISHED_SHARE = 0.9;

/** Whether the registry publishes generated organisation `i`: other subgraphs link only to those, so links resolve. */
export const publishedOrganization = (i: number): boolean => i === 0 || roll('organization', i, 1) < PUBLISHED_SHARE;

/** Indices below `count` of a kind, by district (optionally only those `keep` accepts): link targets near a record. */
export function indicesByDistrict(kind: string, count: number, keep: (i: number) => boolean = () => true): Map<string, number[]> {
  const found = new Map<string, number[]>(PLACES.map((p) => [p.district, []]));
  for (let i = 0; i < count; i++) if (keep(i)) found.get(generatedPlace(kind, i).district)!.push(i);
  return found;
}

/** A street of each city, for titles and addresses (Ukrainian, English). */
export const STREETS: Record<string, readonly [string, string][]> = {
  kyiv: [
    ['Володимирська', 'Volodymyrska'],
    ['Антоновича', 'Antonovycha'],
    ['Велика Васильківська', 'Velyka Vasylkivska'],
    ['Січових Стрільців', 'Sichovykh Striltsiv'],
    ['Кирилівська', 'Kyrylivska'],
    ['Межигірська', 'Mezhyhirska'],
    ['Героїв Дніпра', 'Heroiv Dnipra'],
    ['Гната Юри', 'Hnata Yury'],
    ['Ревуцького', 'Revutskoho'],
    ['Київська', 'Kyivska'],
  ],
  vinnytsia: [
    ['Соборна', 'Soborna'],
    ['Пирогова', 'Pyrohova'],
    ['Келецька', 'Keletska'],
    ['Замостянська', 'Zamostianska'],
    ['Магістратська', 'Mahistratska'],
    ['Театральна', 'Teatralna'],
    ['Стрілецька', 'Striletska'],
  ],
};

/**
 * `total` split over `n` records, heavy-tailed as participation is (a few with thousands,
 * most with a handful): Pareto weights (shape `alpha`, saturating softly towards `cap`
 * times the smallest, so no single record takes a share no real one has), apportioned by
 * largest remainder so the counts add up to `total` exactly.
 */
export function skewedCounts(random: () => number, n: number, total: number, alpha = 1.1, cap = 8000): number[] {
  if (n === 0) return [];
  const weights = Array.from({ length: n }, () => {
    const pareto = (1 - random()) ** (-1 / alpha);
    return pareto / (1 + pareto / cap);
  });
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) counts[byRemainder[k]![1]]! += 1;
  return counts;
}

/** SQLite's limit on bound variables per statement (PostgreSQL allows 65,535): inserts stay under it. */
const MAX_VARIABLES = 32_766;

/**
 * Inserts plain rows (no entity objects, no unit of work) in as few statements as the
 * variable limit allows; on PostgreSQL as JSON documents (see bulk-insert.ts).
 */
export async function insertInBatches<T extends object>(em: SqlEntityManager, entity: EntityName<T>, rows: readonly Partial<T>[]): Promise<void> {
  if (!rows.length) return;
  if (await insertIntoPostgres(em, entity, rows)) return;
  // MikroORM binds every column any row names, for every row.
  const columns = new Set<string>();
  for (const row of rows) for (const key in row) columns.add(key);
  const size = Math.max(1, Math.floor(MAX_VARIABLES / columns.size));
  for (let i = 0; i < rows.length; i += size) await em.insertMany(entity, rows.slice(i, i + size) as T[]);
}

/** Spreads `count` times over [from, to), earlier ones denser (attention fades), sorted. */
export function timesBetween(random: () => number, count: number, from: number, to: number, power = 2): Float64Array {
  const times = new Float64Array(count);
  for (let k = 0; k < count; k++) times[k] = from + Math.floor((to - from) * random() ** power);
  return times.sort();
}
