import type { Period } from './model.js';

/**
 * Periods as documents write deadlines and reporting periods: `2020-2024`, `протягом
 * 2025 - 2027 років`, `02.2025-03.2025`, `09.2025`, `Квітень 2023 року`, `Перший квартал
 * 2024 року`, `за січень – березень 2023 року`, `за 2023 рік`. Null when none can be read
 * ("постійно", "щороку" without a year).
 */
export function readPeriod(text: string): Period | null {
  const t = text.toLowerCase().replace(/[–—−]/g, '-').replace(/\s+/g, ' ');
  const monthYear = /(\d{1,2})\.(\d{4})/g;
  const months = [...t.matchAll(monthYear)].map((m) => ({ month: Number(m[1]), year: Number(m[2]) }));
  if (months.length && months.every((m) => m.month >= 1 && m.month <= 12)) {
    const first = months[0]!;
    const last = months.at(-1)!;
    return ordered({ start: day(first.year, first.month, 1), end: lastDay(last.year, last.month) });
  }
  const quarter = /(перш|друг|трет|четверт|iv|iii|ii|i|1|2|3|4)\S*\s+квартал\S*\s*(\d{4})/.exec(t.replace(/і/g, 'i'));
  if (quarter) {
    const q = quarterNumber(quarter[1]!);
    const year = Number(quarter[2]);
    return { start: day(year, q * 3 - 2, 1), end: lastDay(year, q * 3) };
  }
  const half = /(перш|друг)\S*\s*півріч\S*\s*(\d{4})/.exec(t);
  if (half) {
    const year = Number(half[2]);
    return half[1] === 'перш' ? { start: day(year, 1, 1), end: lastDay(year, 6) } : { start: day(year, 7, 1), end: lastDay(year, 12) };
  }
  const named = [...t.matchAll(MONTH_NAME)];
  const year = /(\d{4})/.exec(t);
  if (named.length && year) {
    const first = monthOf(named[0]![0]);
    const last = monthOf(named.at(-1)![0]);
    const y = Number(year[1]);
    return ordered({ start: day(y, first, 1), end: lastDay(y, last) });
  }
  const years = /(\d{4})(?:\s*-\s*(\d{4}))?/.exec(t);
  if (years) {
    const from = Number(years[1]);
    const to = years[2] ? Number(years[2]) : from;
    return ordered({ start: day(from, 1, 1), end: day(to, 12, 31) });
  }
  return null;
}

const MONTH_STEMS = ['січ', 'лют', 'берез', 'квіт', 'трав', 'черв', 'лип', 'серп', 'верес', 'жовт', 'листопад', 'груд'];
const MONTH_NAME = new RegExp(`(?<![а-яіїєґ'])(?:${MONTH_STEMS.join('|')})[а-яіїєґ']*`, 'g');

function monthOf(word: string): number {
  return MONTH_STEMS.findIndex((stem) => word.startsWith(stem)) + 1;
}

function quarterNumber(word: string): number {
  if (/^(перш|i|1)$/.test(word)) return 1;
  if (/^(друг|ii|2)$/.test(word)) return 2;
  if (/^(трет|iii|3)$/.test(word)) return 3;
  return 4;
}

const day = (year: number, month: number, dayOfMonth: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;

const lastDay = (year: number, month: number) => day(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());

/** A period whose end precedes its start (`12.2025-10.2026` is fine; `2024-2020` is not) is no period. */
function ordered(period: Period): Period | null {
  return period.start <= period.end ? period : null;
}

/** The years a title names (`на 2020–2024 роки`, `у 2025 - 2026 роках`, `на 2023-2024 рр.`). */
export function readYears(text: string): { start: number; end: number } | null {
  const match = /(\d{4})\s*[-–—]\s*(\d{4})\s*(?:рок|рр)/i.exec(text);
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  return start <= end ? { start, end } : null;
}
