import { AMOUNT, parseAmount, parseFundingCell, parseSpentCell } from '../amounts.js';
import { Decimal } from '../decimal.js';
import { isBlank, isRule, type Issues, type Line } from '../lines.js';
import type { GoalRecord, MeasureRecord, ProgressRecord, Sourced, StatedTotal } from '../model.js';
import { readPeriod } from '../periods.js';
import { checkNumbering, detectCity, kindOf, newMeasure, reportedProgramme, setDeadline, sourcedParties, sourcedText } from '../records.js';
import { splitSources } from '../sources.js';
import { bracketedReason, statusOf } from '../statuses.js';
import { cellText, paragraphs } from '../text.js';
import { RowCells } from './cells.js';
import { column, type Layout, type LayoutReading } from './layout.js';
import { headingAbove, splitReportTitle } from './titles.js';

/**
 * The standard report on a city target programme ("Інформація про виконання завдань і
 * заходів міської цільової програми … за <period>"): per measure the strategy's
 * operational goal, the programme's task, the measure, deadline, executors, funding
 * sources, planned amounts (a total and per year, per source), the amount spent in the
 * period, the status and the reasons; then "РАЗОМ ПО ПРОГРАМІ" and the totals the report
 * states. Merged cells make some rows one cell shorter: such rows are realigned on the
 * measure's number.
 */
const MEASURE_NUMBER = /^(\d+\.\d+(?:\.\d+)*)\.?\s*([\s\S]*)$/;
const TASK = /^(\d+)\.\s*([\s\S]+)$/;

const STATED = {
  planned: new RegExp(String.raw`^Заплановані\s+(?:бюджетні\s+)?асигнування.*?(${AMOUNT})\s*\.?\s*$`, 'i'),
  spent: new RegExp(String.raw`^Проведені\s+видатки.*?(${AMOUNT})\s*\.?\s*$`, 'i'),
  deviation: new RegExp(String.raw`^Відхилення.*?(${AMOUNT})\s*\.?\s*$`, 'i'),
};

export const programmeReport: Layout = {
  name: 'programme-report',

  recognises(lines) {
    return lines.some((line) => column(line.cells, /Заходи\s+програми/i) >= 0 && column(line.cells, /Обсяги\s+фінансування/i) >= 0);
  },

  read(lines, issues): LayoutReading | null {
    const headerIndex = lines.findIndex((line) => column(line.cells, /Заходи\s+програми/i) >= 0);
    const header = lines[headerIndex]!.cells;
    const cols = {
      strategic: column(header, /Оператив/i),
      task: column(header, /Завдання/i),
      measure: column(header, /Заходи/i),
      deadline: column(header, /Строк/i),
      executors: column(header, /Виконав/i),
      sources: column(header, /Джерела/i),
      planned: column(header, /^\s*Обсяги\s+фінансування/i),
      spent: column(header, /Фактичн/i),
      status: column(header, /Інформація\s+про\s+виконання/i),
      reasons: column(header, /Причини/i),
    };
    const heading = headingAbove(lines, headerIndex);
    const parts = heading ? splitReportTitle(heading.value) : null;
    if (!heading || !parts) {
      issues.error(heading?.line ?? 1, 'The report has no title of the form "Інформація про виконання … за <period>"');
      return null;
    }
    const period = readPeriod(parts.period);
    const kind = kindOf(heading.value);
    const city = detectCity(lines);
    if (!period) issues.error(heading.line, `Cannot read the reporting period "${parts.period}"`);
    if (!kind) issues.error(heading.line, `Cannot tell what kind of programme "${parts.programme}" is`);
    if (!city) issues.error(heading.line, 'The document names no city');
    if (!period || !kind || !city) return null;

    const goals: GoalRecord[] = [];
    const rows: { measure: MeasureRecord; cells: RowCells }[] = [];
    const headings: string[] = [];
    let strategicGoal: Sourced<string> | null = null;
    let totalsFrom = -1;
    for (let i = headerIndex + 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (isBlank(line) || isRule(line)) continue;
      if (line.cells.every((cell) => /^\s*\d*\s*$/.test(cell))) continue; // the row numbering the columns
      if (/РАЗОМ/i.test(line.cells[0] ?? '')) {
        totalsFrom = i;
        break;
      }
      if (line.cells.length === 1) {
        issues.warning(line.number, 'Text outside the table, not read');
        continue;
      }
      const found = findMeasureCell(line, cols.measure);
      const shift = found ? cols.measure - found.index : 0;
      if (found && shift < 0) {
        issues.error(line.number, `Measure ${found.number} sits in a column to the right of the measures; the row cannot be aligned`);
        continue;
      }
      if (shift > 0) issues.warning(line.number, `The row has ${line.cells.length} cells where the table has ${header.length}; realigned on measure ${found!.number}`);
      const cellAt = (col: number) => line.cells[col - shift] ?? '';
      if (cols.strategic >= shift && cellAt(cols.strategic).trim()) strategicGoal = sourcedText(cellAt(cols.strategic), line.number);
      const task = TASK.exec(cellText(cellAt(cols.task)));
      if (task && cols.task >= shift) {
        goals.push({
          number: task[1]!,
          title: { value: task[2]!.replace(/\n/g, ' '), line: line.number },
          level: 'TASK',
          parentNumber: null,
          executors: [],
          partners: [],
          expectedResults: null,
          strategicGoal,
        });
      }
      if (found) {
        const measure = newMeasure(found.number, line.number, '');
        measure.goalNumber = goals.at(-1)?.number ?? null;
        measure.heading = found.heading ? { value: found.heading.text, line: line.number } : null;
        if (found.heading) headings.push(found.heading.number);
        else {
          const group = rows.at(-1)?.measure.heading;
          const parent = found.number.split('.').slice(0, -1).join('.');
          if (group && group.value.startsWith(`${parent}. `)) measure.heading = group;
        }
        const cells = new RowCells(line.number);
        header.forEach((_, col) => cells.add(col, col === cols.measure ? found.title : cellAt(col), line.number));
        rows.push({ measure, cells });
        continue;
      }
      const row = rows.at(-1);
      if (!row) {
        issues.warning(line.number, 'A row before the first measure, not read');
        continue;
      }
      if (line.cells.length !== header.length) issues.warning(line.number, `The row has ${line.cells.length} cells where the table has ${header.length}; read by position`);
      line.cells.forEach((cell, col) => row.cells.add(col, cell, line.number));
    }

    const measures: MeasureRecord[] = [];
    const entries: ProgressRecord[] = [];
    for (const { measure, cells } of rows) {
      measure.title = { value: cellText(cells.text(cols.measure)), line: cells.line };
      setDeadline(measure, cells.text(cols.deadline), cells.lineOf(cols.deadline));
      measure.executors = sourcedParties(cells.text(cols.executors), cells.lineOf(cols.executors));
      readFunding(measure, cells.text(cols.sources), cells.text(cols.planned), cells.lineOf(cols.planned), issues);
      measures.push(measure);
      entries.push(readProgress(measure, cells, cols, issues));
    }
    checkNumbering(measures, issues, headings);
    entries.forEach((entry, i) => (entry.measureKey = measures[i]!.key));
    const stated = totalsFrom >= 0 ? readStatedTotals(lines.slice(totalsFrom), cols, issues) : { planned: null, spent: null, deviation: null, spentBySource: [] };
    if (totalsFrom < 0) issues.warning(lines.at(-1)!.number, 'The report states no totals ("РАЗОМ ПО ПРОГРАМІ")');
    return {
      programme: reportedProgramme(parts.programme, heading.line, kind, city),
      goals,
      measures,
      reports: [
        {
          title: heading,
          periodText: { value: parts.period, line: lines.slice(0, headerIndex).findLast((l) => /(^|\s)за\s/.test(l.text))?.number ?? heading.line },
          period,
          entries,
          stated,
        },
      ],
    };
  },
};

interface MeasureCell {
  index: number;
  number: string;
  title: string;
  /** "1.8. Забезпечення діяльності …" above "1.8.1. …" in the same cell. */
  heading: { number: string; text: string } | null;
}

/**
 * The cell naming a measure, in its column or (for a row shifted by merged cells) to its
 * left. A cell may hold a heading and the measure under it as numbered paragraphs; the
 * last numbered paragraph is the measure, unnumbered ones after it are part of its text.
 */
function findMeasureCell(line: Line, expected: number): MeasureCell | null {
  for (const index of [expected, ...line.cells.keys()]) {
    const numbered = paragraphs(line.cells[index] ?? '').map((text) => ({ text, match: MEASURE_NUMBER.exec(text) }));
    const last = numbered.findLastIndex((p) => p.match);
    if (last < 0 || (numbered[0]!.match === null && index !== expected)) continue;
    const firstNumbered = numbered.findIndex((p) => p.match);
    if (firstNumbered !== 0) continue;
    const measure = numbered[last]!.match!;
    const previous = last > 0 ? numbered[last - 1]!.match : null;
    return {
      index,
      number: measure[1]!,
      title: [measure[2]!, ...numbered.slice(last + 1).map((p) => p.text)].join('\n').trim(),
      heading: previous ? { number: previous[1]!, text: `${previous[1]}. ${previous[2]!.replace(/:\s*$/, '')}` } : null,
    };
  }
  return null;
}

/** Funding sources and planned amounts: per source and year, with the totals the cell states. */
function readFunding(measure: MeasureRecord, sourcesText: string, plannedText: string, line: number, issues: Issues): void {
  const sources = splitSources(cellText(sourcesText).replace(/\n/g, ' '));
  const cell = parseFundingCell(cellText(plannedText).replace(/\n/g, ' '));
  if (cell.kind === 'note') {
    measure.fundingNote = { value: cell.text, line };
    return;
  }
  if (cell.kind === 'empty') return;
  if (cell.kind === 'unreadable') {
    issues.error(line, `Cannot read the funding of measure ${measure.number.value} at "${cell.rest.slice(0, 60)}"`);
    return;
  }
  let groups = cell.groups.map((group, i) => ({ group, source: sources[i] ?? null }));
  if (sources[0] === 'Всього' && cell.groups.length === sources.length && sources.length > 1) {
    const [overall, ...perSource] = groups;
    recordTotals(measure, overall!.group, null, line);
    groups = perSource;
  } else if (cell.groups.length !== 1 || sources.length !== 1) {
    issues.error(line, `Measure ${measure.number.value} gives ${cell.groups.length} groups of amounts for ${sources.length} funding sources (${sources.join(', ') || 'none'})`);
    return;
  }
  for (const { group, source } of groups) {
    for (const { year, amount } of group.years) measure.funding.push({ source: source!, year, planned: amount, line });
    recordTotals(measure, group, source, line);
  }
}

function recordTotals(measure: MeasureRecord, group: { total: Decimal | null; years: { year: number; amount: Decimal }[] }, source: string | null, line: number): void {
  if (!group.total) return;
  measure.fundingTotals.push({ source, year: null, amount: group.total, line });
  if (source === null) for (const { year, amount } of group.years) measure.fundingTotals.push({ source, year, amount, line });
}

/** The measure's line in the report: status as written and read, what was done, spending, reasons. */
function readProgress(measure: MeasureRecord, cells: RowCells, cols: Record<'spent' | 'status' | 'reasons', number>, issues: Issues): ProgressRecord {
  const statusText = sourcedText(cells.text(cols.status), cells.lineOf(cols.status));
  const status = statusOf(statusText?.value.split('\n')[0]);
  if (!status) issues.error(cells.lineOf(cols.status), `Unknown status "${statusText?.value}" for measure ${measure.number.value}`);
  const spentCell = parseSpentCell(cellText(cells.text(cols.spent)).replace(/\n/g, ' '));
  if (spentCell.kind === 'unreadable') issues.error(cells.lineOf(cols.spent), `Cannot read the amount spent on measure ${measure.number.value}: "${spentCell.rest.slice(0, 60)}"`);
  const said = sourcedText(cells.text(cols.reasons), cells.lineOf(cols.reasons));
  const bracketed = statusText ? bracketedReason(statusText.value) : null;
  const line = cells.lineOf(cols.spent);
  return {
    measureKey: measure.key,
    statusText,
    status: status ?? 'NOT_REPORTED',
    // The last column is headed "reasons for non-fulfilment", and is that for measures not
    // done; for the others it says what was done.
    text: status === 'NOT_DONE' ? null : said,
    spent: spentCell.kind === 'amount' ? { value: spentCell.total, line } : null,
    spentBySource: spentCell.kind === 'amount' ? spentCell.bySource.map((s) => ({ ...s, year: null, line })) : [],
    reasons: status === 'NOT_DONE' ? said : status === 'PARTIALLY_DONE' && bracketed ? { value: bracketed, line: statusText!.line } : null,
    responsible: null,
  };
}

/** "РАЗОМ ПО ПРОГРАМІ" rows (spending per source) and the sentences below ("Заплановані … асигнування …", "Проведені видатки …", "Відхилення …"). */
function readStatedTotals(lines: readonly Line[], cols: Record<'sources' | 'spent', number>, issues: Issues): ReturnType<typeof emptyTotals> {
  const stated = emptyTotals();
  let source: string | null = null;
  let blockTotal: Sourced<Decimal> | null = null;
  for (const line of lines) {
    if (isBlank(line) || isRule(line)) continue;
    if (line.cells.length > 1) {
      const label = cellText(line.cells[cols.sources] ?? '');
      if (label) source = label === 'Всього' ? null : label;
      const spent = /(\d[\d\s]*,\d+|\d+)\s*$/.exec(cellText(line.cells[cols.spent] ?? ''));
      const amount = spent ? parseAmount(spent[1]!.trim()) : null;
      if (amount) {
        if (source === null) blockTotal = { value: amount, line: line.number };
        else stated.spentBySource.push({ source, year: null, amount, line: line.number });
      }
      continue;
    }
    const text = paragraphs(line.text).join(' ');
    for (const key of ['planned', 'spent', 'deviation'] as const) {
      const match = STATED[key].exec(text);
      if (match) stated[key] = { value: parseAmount(match[1]!)!, line: line.number };
    }
  }
  if (!stated.spent && blockTotal) stated.spent = blockTotal;
  if (stated.spent && blockTotal && !stated.spent.value.equals(blockTotal.value)) {
    issues.warning(blockTotal.line, `The table's total spending (${blockTotal.value}) differs from the one stated below it (${stated.spent.value})`);
  }
  return stated;
}

function emptyTotals(): { planned: Sourced<Decimal> | null; spent: Sourced<Decimal> | null; deviation: Sourced<Decimal> | null; spentBySource: StatedTotal[] } {
  return { planned: null, spent: null, deviation: null, spentBySource: [] };
}
