import { v5 as uuidv5 } from 'uuid';

/** Namespace of the demo data's ids: the same slug gives the same id in every subgraph and on every run. */
const DEMO_NAMESPACE = '6f1c3f0e-8a57-4c5e-9a43-2d0f5b7e9c11';

/** The id of a demo record, derived from its kind and slug (cross-subgraph links use the same function). */
export function demoId(kind: 'petition' | 'consultation' | 'organization' | 'heritage' | string, slug: string): string {
  return uuidv5(`${kind}:${slug}`, DEMO_NAMESPACE);
}

/** A small deterministic pseudo-random generator (mulberry32), so demo data is identical on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const daysFrom = (now: Date, days: number): Date => new Date(now.getTime() + days * DAY_MS);
