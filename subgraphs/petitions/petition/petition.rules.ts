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
