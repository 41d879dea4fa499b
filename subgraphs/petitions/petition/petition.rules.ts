import { z } from 'zod';
/**
 * Each city's petition rules: the signatures needed for an official response, the
 * collection period, and the prefix of its petition numbers. Kyiv: 6,000 in 60 days
 * (since June 2021); Vinnytsia: 250.
 */
export interface PetitionRules {
  threshold: number;
  periodDays: number;
  numberPrefix: string;
}

export const DEFAULT_PETITION_RULES: Record<string, PetitionRules> = {
  kyiv: { threshold: 6000, periodDays: 60, numberPrefix: 'KY' },
  vinnytsia: { threshold: 250, periodDays: 60, numberPrefix: 'VN' },
};

/** `KY-2026-0123`: the city's prefix, the year, a sequence within the city and year. */
export function petitionNumber(rules: PetitionRules, year: number, sequence: number): string {
  return `${rules.numberPrefix}-${year}-${String(sequence).padStart(4, '0')}`;
}

export type PetitionRulesBook = Record<string, PetitionRules>;

const override = z.record(
  z.string(),
  z.object({ threshold: z.number().int().min(1).max(1_000_000).optional(), periodDays: z.number().int().min(1).max(365).optional() }).strict(),
);

/**
 * The rules in force: the defaults above, overridden per city by `PETITION_RULES`, e.g.
 * `{"vinnytsia":{"threshold":250,"periodDays":90}}` (a city council changes them by decision).
 */
export function parsePetitionRules(env: NodeJS.ProcessEnv = process.env): PetitionRulesBook {
  if (!env.PETITION_RULES) return DEFAULT_PETITION_RULES;
  let json: unknown;
  try {
    json = JSON.parse(env.PETITION_RULES);
  } catch {
    throw new Error('Invalid PETITION_RULES: not JSON');
  }
  const parsed = override.safeParse(json);
  if (!parsed.success) throw new Error(`Invalid PETITION_RULES: ${z.prettifyError(parsed.error)}`);
  const book: PetitionRulesBook = { ...DEFAULT_PETITION_RULES };
  for (const [city, rules] of Object.entries(parsed.data)) {
    if (!book[city]) throw new Error(`Invalid PETITION_RULES: no petition rules for unknown city "${city}"`);
    book[city] = { ...book[city]!, ...rules };
  }
  return book;
}
