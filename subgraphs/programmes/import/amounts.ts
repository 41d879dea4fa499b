import { Decimal } from './decimal.js';
import type { StatedTotal } from './model.js';

/**
 * Amounts as Ukrainian documents write them: a decimal comma, thousands grouped by spaces
 * (`215 652,3`, `9076,19`, `80799,100`). A group of three digits must not run into more
 * digits, so `500 2020 рік` reads as 500 followed by a year.
 */
export const AMOUNT = String.raw`\d{1,3}(?:[ \u00a0\u202f]\d{3}(?!\d))+(?:,\d+)?|\d+(?:[,.]\d+)?`;

/** An amount in Ukrainian notation, exactly, or null. */
export function parseAmount(text: string): Decimal | null {
  const trimmed = text.trim();
  if (!new RegExp(`^(?:${AMOUNT})$`).test(trimmed)) return null;
  return Decimal.parse(trimmed.replace(/[ \u00a0\u202f]/g, '').replace(',', '.'));
}

/** One "Всього" group of a funding cell: its total and its amounts per year. */
export interface FundingGroup {
  total: Decimal | null;
  years: { year: number; amount: Decimal }[];
}

/** What a funding cell says: groups of amounts, or words instead of them. */
export type FundingCell =
  | { kind: 'amounts'; groups: FundingGroup[] }
  | { kind: 'note'; text: string }
  | { kind: 'empty' }
  | { kind: 'unreadable'; rest: string };

const GROUP_TOTAL = new RegExp(String.raw`Всього\s*:?\s*(${AMOUNT})`, 'gy');
const YEAR_AMOUNT = new RegExp(String.raw`(\d{4})\s*р(?:ік|\.)?\s*[-–—:]\s*(${AMOUNT})`, 'gy');

/**
 * Reads `Всього: 7272,8 2020 рік - 500,0 2021 рік - 2600,0 …`, possibly several groups
 * (a total and one per source); words without any amount ("Фінансування не потребує",
 * "За окремим рішенням …") are a note. Anything left over makes the cell unreadable.
 */
export function parseFundingCell(text: string): FundingCell {
  const source = text.replace(/\s+/g, ' ').trim();
  if (!source || /^[-–—]$/.test(source)) return { kind: 'empty' };
  if (!/\d/.test(source)) return { kind: 'note', text: source };
  const groups: FundingGroup[] = [];
  let at = 0;
  const skipSpace = () => {
    while (at < source.length && /\s/.test(source[at]!)) at += 1;
  };
  skipSpace();
  while (at < source.length) {
    GROUP_TOTAL.lastIndex = at;
    const total = GROUP_TOTAL.exec(source);
    if (total) {
      groups.push({ total: parseAmount(total[1]!), years: [] });
      at = GROUP_TOTAL.lastIndex;
      skipSpace();
      continue;
    }
    YEAR_AMOUNT.lastIndex = at;
    const year = YEAR_AMOUNT.exec(source);
    if (year) {
      if (!groups.length) groups.push({ total: null, years: [] });
      groups.at(-1)!.years.push({ year: Number(year[1]), amount: parseAmount(year[2]!)! });
      at = YEAR_AMOUNT.lastIndex;
      skipSpace();
      continue;
    }
    const lone = parseAmount(source.slice(at));
    if (lone && !groups.length) return { kind: 'amounts', groups: [{ total: lone, years: [] }] };
    return { kind: 'unreadable', rest: source.slice(at) };
  }
  return { kind: 'amounts', groups };
}

/**
 * A spending cell: one amount (`117,5`, `0,00`), a dash (not stated), or a total with
 * amounts per source (`Всього: 3273,03 Бюджет міста Києва - 3273,03 Інші джерела`; a
 * source named without an amount stated nothing for it).
 */
export type SpentCell =
  | { kind: 'none' }
  | { kind: 'amount'; total: Decimal; bySource: Omit<StatedTotal, 'line' | 'year'>[] }
  | { kind: 'unreadable'; rest: string };

export function parseSpentCell(text: string): SpentCell {
  const source = text.replace(/\s+/g, ' ').trim();
  if (!source || /^[-–—]$/.test(source)) return { kind: 'none' };
  const lone = parseAmount(source);
  if (lone) return { kind: 'amount', total: lone, bySource: [] };
  const match = new RegExp(String.raw`^Всього\s*:?\s*(${AMOUNT})(.*)$`).exec(source);
  if (!match) return { kind: 'unreadable', rest: source };
  const bySource: Omit<StatedTotal, 'line' | 'year'>[] = [];
  const pairs = new RegExp(String.raw`([^\d-–—]+?)\s*[-–—]\s*(${AMOUNT})`, 'g');
  let rest = match[2]!;
  for (const pair of rest.matchAll(pairs)) bySource.push({ source: pair[1]!.trim(), amount: parseAmount(pair[2]!)! });
  rest = rest.replace(pairs, '').trim();
  if (/\d/.test(rest)) return { kind: 'unreadable', rest };
  return { kind: 'amount', total: parseAmount(match[1]!)!, bySource };
}
