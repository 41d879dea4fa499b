import { isBlank, isRule } from '../lines.js';
import type { MeasureRecord } from '../model.js';
import { checkNumbering, detectCity, newMeasure, setDeadline, sourcedParties, sourcedText } from '../records.js';
import { cellText, joinPieces } from '../text.js';
import type { Layout, LayoutReading } from './layout.js';

/**
 * A plan of measures exported without its header or title (the annex of a plan, e.g. the
 * 2025–2027 plan): rows of `N.` | measure | deadline | executors | partners | expected
 * results. The programme is named from what the rows say: a plan of measures for the
 * years its deadlines cover, in the city its texts name.
 */
const COLUMNS = { number: 0, title: 1, deadline: 2, executors: 3, partners: 4, results: 5 } as const;
const WIDTH = 6;
const NUMBER = /^\s*(\d+(?:\.\d+)*)\.?\s*$/;

export const measureList: Layout = {
  name: 'measure-list',

  recognises(lines) {
    return lines.filter((line) => line.cells.length >= WIDTH - 1 && NUMBER.test(line.cells[0]!)).length >= 3;
  },

  read(lines, issues): LayoutReading | null {
    const measures: MeasureRecord[] = [];
    const raw = new Map<MeasureRecord, { line: number; cells: string[] }>();
    for (const line of lines) {
      if (isBlank(line) || isRule(line)) continue;
      const number = NUMBER.exec(line.cells[0]!)?.[1];
      if (number && line.cells.length > 1) {
        if (line.cells.length !== WIDTH) issues.warning(line.number, `The row has ${line.cells.length} cells where the table has ${WIDTH}; cells read by position`);
        const measure = newMeasure(number, line.number, cellText(line.cells[COLUMNS.title] ?? ''));
        measures.push(measure);
        raw.set(measure, { line: line.number, cells: [...line.cells] });
        continue;
      }
      const last = measures.at(-1);
      if (!last) {
        issues.warning(line.number, 'Text before the first measure, not read');
        continue;
      }
      // A row split by a page break: its cells continue the previous row's.
      const row = raw.get(last)!;
      const pieces = line.cells.length > 1 ? line.cells : ['', '', '', '', '', line.text];
      pieces.forEach((piece, i) => {
        if (i < WIDTH && piece.trim()) row.cells[i] = joinPieces(row.cells[i] ?? '', piece);
      });
      issues.warning(line.number, `Read as the continuation of measure ${last.number.value}`);
    }
    for (const [measure, { line, cells }] of raw) {
      measure.title = { value: cellText(cells[COLUMNS.title] ?? ''), line };
      if (!measure.title.value) issues.error(line, `Measure ${measure.number.value} has no title`);
      setDeadline(measure, cells[COLUMNS.deadline], line);
      measure.executors = sourcedParties(cells[COLUMNS.executors], line);
      measure.partners = sourcedParties(cells[COLUMNS.partners], line);
      measure.expectedResults = sourcedText(cells[COLUMNS.results], line);
    }
    checkNumbering(measures, issues);
    const city = detectCity(lines);
    if (!city) {
      issues.error(1, 'The document names no city (Київ or Вінниця)');
      return null;
    }
    const years = commonYears(measures);
    if (!years) {
      issues.error(measures[0]?.number.line ?? 1, 'No deadline gives the years of the plan');
      return null;
    }
    issues.warning(1, `The document has no title: the programme is named from its measures\u02bc deadlines (${years.start}–${years.end})`);
    return {
      programme: {
        title: { value: `План заходів на ${years.start}–${years.end} роки`, line: years.line },
        titleInferred: true,
        kind: { value: 'ACTION_PLAN', line: years.line },
        city,
        startYear: { value: years.start, line: years.line },
        endYear: { value: years.end, line: years.line },
        approvedBy: null,
      },
      goals: [],
      measures,
      reports: [],
    };
  },
};

/** The years most deadlines cover, with the line of the first deadline that says so. */
function commonYears(measures: readonly MeasureRecord[]): { start: number; end: number; line: number } | null {
  const counts = new Map<string, { start: number; end: number; line: number; count: number }>();
  for (const measure of measures) {
    if (!measure.period || !measure.deadline) continue;
    const start = Number(measure.period.start.slice(0, 4));
    const end = Number(measure.period.end.slice(0, 4));
    const key = `${start}-${end}`;
    const entry = counts.get(key) ?? { start, end, line: measure.deadline.line, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count)[0] ?? null;
}
