import { splitParties } from './parties.js';
import type { Issues } from './lines.js';
import type { CityId, MeasureRecord, ProgrammeKind, ProgrammeRecord, Sourced } from './model.js';
import { readPeriod, readYears } from './periods.js';
import { cellText } from './text.js';

/** A measure with its number and title; the layout fills in the rest. */
export function newMeasure(number: string, line: number, title: string): MeasureRecord {
  return {
    key: number,
    number: { value: number, line },
    numberAsWritten: null,
    goalNumber: null,
    heading: null,
    title: { value: title, line },
    deadline: null,
    period: null,
    executors: [],
    partners: [],
    expectedResults: null,
    indicators: null,
    funding: [],
    fundingTotals: [],
    fundingNote: null,
  };
}

/** A cell's text with its line, or null when the cell says nothing (empty or a dash). */
export function sourcedText(raw: string | undefined, line: number): Sourced<string> | null {
  const text = cellText(raw ?? '');
  return text && !/^[-–—]+$/.test(text) ? { value: text, line } : null;
}

/** The parties a cell names, each with the line. */
export function sourcedParties(raw: string | undefined, line: number): Sourced<string>[] {
  return splitParties(raw ?? '').map((value) => ({ value, line }));
}

/** Sets a measure's deadline as written and, when it can be read, as a period. */
export function setDeadline(measure: MeasureRecord, raw: string | undefined, line: number): void {
  const deadline = sourcedText(raw, line);
  measure.deadline = deadline;
  measure.period = deadline ? readPeriod(deadline.value) : null;
}

/**
 * Gives repeated numbers distinct keys (`1.4.3`, `1.4.3#2`) and warns about repeats and
 * about holes in each run of siblings (measures 1–2 missing before 3; 23–28 missing).
 * Headings count as present (1.8 is there when 1.8.1 is).
 */
export function checkNumbering(measures: MeasureRecord[], issues: Issues, headings: readonly string[] = []): void {
  const seen = new Map<string, MeasureRecord>();
  for (const measure of measures) {
    const number = measure.number.value;
    const first = seen.get(number);
    if (!first) {
      seen.set(number, measure);
      continue;
    }
    let n = 2;
    while (measures.some((m) => m.key === `${number}#${n}`)) n += 1;
    measure.key = `${number}#${n}`;
    issues.warning(measure.number.line, `Measure number ${number} is repeated (first at line ${first.number.line}); this one is kept as ${measure.key}`);
  }
  // Every number present, with its prefixes (1.8 is there when 1.8.1 is) and the headings, at the line of its first measure.
  const present = new Map<string, number>();
  for (const heading of headings) present.set(heading, 0);
  for (const measure of measures) {
    const parts = measure.number.value.split('.');
    for (let depth = 1; depth <= parts.length; depth++) {
      const number = parts.slice(0, depth).join('.');
      if (!present.get(number)) present.set(number, measure.number.line);
    }
  }
  const siblings = new Map<string, { last: number; line: number }[]>();
  for (const [number, line] of present) {
    const parts = number.split('.');
    const last = Number(parts.at(-1));
    if (!Number.isInteger(last)) continue;
    const parent = parts.slice(0, -1).join('.');
    siblings.set(parent, [...(siblings.get(parent) ?? []), { last, line }]);
  }
  const allNested = measures.every((m) => m.number.value.includes('.'));
  for (const [parent, list] of siblings) {
    // Top-level numbers are goals' numbers when every measure is numbered below one.
    if (!parent && allNested) continue;
    const sorted = [...list].sort((a, b) => a.last - b.last);
    let expected = 1;
    for (const { last, line } of sorted) {
      if (last > expected && line) {
        const name = (n: number) => (parent ? `${parent}.${n}` : String(n));
        const what = expected === last - 1 ? `Measure ${name(expected)} is missing` : `Measures ${name(expected)}–${name(last - 1)} are missing`;
        issues.warning(line, `${what}: the numbering goes on at ${name(last)}`);
      }
      expected = last + 1;
    }
  }
}

/** Which city a document is about: the one it names most (Київ/Києва/Київської vs Вінниця/Вінницької), with its first line. */
export function detectCity(lines: readonly { number: number; text: string }[]): Sourced<CityId> | null {
  const patterns: Record<CityId, RegExp> = { kyiv: /Ки[їє]в|КИЇВ|КИЄВ/g, vinnytsia: /Вінниц|ВІННИЦ/g };
  let best: { city: CityId; count: number; line: number } | null = null;
  for (const city of Object.keys(patterns) as CityId[]) {
    let count = 0;
    let line = 0;
    for (const l of lines) {
      const found = l.text.match(patterns[city])?.length ?? 0;
      if (found && !line) line = l.number;
      count += found;
    }
    if (count && (!best || count > best.count)) best = { city, count, line };
  }
  return best ? { value: best.city, line: best.line } : null;
}

/** The kind of programme a title names: a strategy's plan, a plan of measures or actions, or a target programme. */
export function kindOf(title: string): ProgrammeKind | null {
  const t = title.toLowerCase();
  if (/план\S*\s+реалізації\s+стратегії|стратегі\S*\s+.*план/.test(t)) return 'STRATEGY_PLAN';
  if (/план\S*\s+(?:дій|заходів)/.test(t)) return 'ACTION_PLAN';
  if (/цільов\S*\s+програм/.test(t)) return 'TARGET_PROGRAMME';
  return null;
}

/**
 * The programme a report is about, as its title names it (every value from the title's
 * line): the years are read from the title; a report does not say what approved it.
 */
export function reportedProgramme(title: string, line: number, kind: ProgrammeKind, city: Sourced<CityId>): ProgrammeRecord {
  const years = readYears(title);
  return {
    title: { value: title, line },
    titleInferred: false,
    kind: { value: kind, line },
    city,
    startYear: years ? { value: years.start, line } : null,
    endYear: years ? { value: years.end, line } : null,
    approvedBy: null,
  };
}
