import { fieldOf } from './support/errors.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PETITION_RULES, parsePetitionRules, petitionNumber } from '../subgraphs/petitions/petition/petition.rules.js';
import { validateSubmission } from '../subgraphs/petitions/petition/petition.validate.js';
import { requireText } from '../subgraphs/shared/text.js';


describe('petition rules', () => {
  it('defaults to Kyiv 6,000 in 60 days and Vinnytsia 250', () => {
    expect(parsePetitionRules({})).toEqual(DEFAULT_PETITION_RULES);
    expect(DEFAULT_PETITION_RULES.kyiv).toMatchObject({ threshold: 6000, periodDays: 60 });
    expect(DEFAULT_PETITION_RULES.vinnytsia).toMatchObject({ threshold: 250 });
  });

  it('takes each city\u02bcs threshold and period from PETITION_RULES', () => {
    const rules = parsePetitionRules({ PETITION_RULES: '{"vinnytsia":{"periodDays":90},"kyiv":{"threshold":10000}}' });
    expect(rules.vinnytsia).toEqual({ threshold: 250, periodDays: 90, numberPrefix: 'VN' });
    expect(rules.kyiv).toEqual({ threshold: 10000, periodDays: 60, numberPrefix: 'KY' });
  });

  it('refuses to start on bad rules', () => {
    expect(() => parsePetitionRules({ PETITION_RULES: '{' })).toThrow(/not JSON/);
    expect(() => parsePetitionRules({ PETITION_RULES: '{"lviv":{"threshold":1}}' })).toThrow(/lviv/);
    expect(() => parsePetitionRules({ PETITION_RULES: '{"kyiv":{"threshold":0}}' })).toThrow(/PETITION_RULES/);
    expect(() => parsePetitionRules({ PETITION_RULES: '{"kyiv":{"quorum":5}}' })).toThrow(/PETITION_RULES/);
  });

  it('numbers petitions as PREFIX-YEAR-SEQUENCE', () => {
    expect(petitionNumber(DEFAULT_PETITION_RULES.kyiv!, 2026, 123)).toBe('KY-2026-0123');
    expect(petitionNumber(DEFAULT_PETITION_RULES.vinnytsia!, 2026, 12345)).toBe('VN-2026-12345');
  });
});

describe('petition input', () => {
  const valid = { city: 'kyiv', title: 'Зберегти сквер на Подолі', body: 'т'.repeat(60) };

  it('trims texts and counts characters, not bytes', () => {
    expect(requireText('t', '  абв  ', { min: 3, max: 3 })).toBe('абв');
    expect(requireText('t', '👍'.repeat(5), { min: 1, max: 5 })).toHaveLength(10);
    expect(fieldOf(() => requireText('t', '👍'.repeat(6), { min: 1, max: 5 }))).toBe('t');
  });

  it('names the field of each bad value', () => {
    expect(validateSubmission(valid)).toMatchObject({ city: 'kyiv', district: null, heritageObjectIds: [] });
    expect(fieldOf(() => validateSubmission({ ...valid, city: 'odesa' }))).toBe('input.city');
    expect(fieldOf(() => validateSubmission({ ...valid, district: 'vinnytsia-tsentr' }))).toBe('input.district');
    expect(fieldOf(() => validateSubmission({ ...valid, title: 'коротко' }))).toBe('input.title');
    expect(fieldOf(() => validateSubmission({ ...valid, body: ' ' }))).toBe('input.body');
    expect(fieldOf(() => validateSubmission({ ...valid, initiatorOrganizationId: '42' }))).toBe('input.initiatorOrganizationId');
    expect(fieldOf(() => validateSubmission({ ...valid, heritageObjectIds: Array.from({ length: 21 }, (_, i) => `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`) }))).toBe('input.heritageObjectIds');
  });
});
