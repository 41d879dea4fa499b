import { isBlank, type Issues, type Line } from '../lines.js';
import type { GoalRecord, MeasureRecord, Sourced } from '../model.js';
import { readYears } from '../periods.js';
import { checkNumbering, detectCity, kindOf, newMeasure, setDeadline, sourcedParties } from '../records.js';
import { splitSources } from '../sources.js';
import { paragraphs } from '../text.js';
import type { Layout, LayoutReading } from './layout.js';

/**
 * A plan implementing a strategy, exported one cell per line (Vinnytsia's partnership
 * strategy plan): a cell starts with a tab, lines without one continue it, and blank lines
 * end a row. Rows of one cell are the strategy's directions ("Стратегічний напрям 1. …")
 * and tasks ("Завдання 1.1. …"); rows of as many cells as the header are measures:
 * № | Заходи/проєкти | Відповідальні | Терміни | Джерела фінансування | Очікувані результати.
 */
const HEADER = [/^№$/, /^Заходи/i, /^Відповідальні/i, /^Терміни|^Строк/i, /^Джерела/i, /^Очікувані/i] as const;
const DIRECTION = /^Стратегічний\s+напрям\s+(\d+)\.\s*(.+)$/i;
const TASK = /^Завдання\s+(\d+(?:\.\d+)*)\.?\s+(.+)$/i;
const NUMBER = /^(\d+(?:\.\d+)+)\.?$/;

/** A line that is one cell: a tab, then its text. */
const cellOf = (line: Line) => (line.cells.length === 2 && line.cells[0] === '' ? line.cells[1]!.trim() : null);

export const strategyPlan: Layout = {
  name: 'strategy-plan',

  recognises(lines) {
    return headerAt(lines) >= 0;
  },

  read(lines, issues): LayoutReading | null {
    const start = headerAt(lines);
    const rows = rowsFrom(lines, start + HEADER.length);
    const goals: GoalRecord[] = [];
    const measures: MeasureRecord[] = [];
    let direction: GoalRecord | null = null;
    let task: GoalRecord | null = null;
    for (const row of rows) {
      if (row.cells.length === 1) {
        const text = row.cells[0]!.text;
        const d = DIRECTION.exec(text);
        const t = TASK.exec(text);
        if (d) goals.push((direction = goal(d[1]!, d[2]!, 'DIRECTION', null, row.cells[0]!.line)));
        else if (t) goals.push((task = goal(t[1]!, t[2]!, 'TASK', direction?.number ?? null, row.cells[0]!.line)));
        else issues.warning(row.cells[0]!.line, `A row of one cell that is neither a direction nor a task, not read: "${text.slice(0, 60)}"`);
        continue;
      }
      if (row.cells.length !== HEADER.length) {
        issues.error(row.cells[0]!.line, `A row of ${row.cells.length} cells where the table has ${HEADER.length}`);
        continue;
      }
      const [number, title, responsible, deadline, sources, results] = row.cells as [Cell, Cell, Cell, Cell, Cell, Cell];
      const n = NUMBER.exec(number.text)?.[1];
      if (!n) {
        issues.error(number.line, `Cannot read the measure number "${number.text}"`);
        continue;
      }
      const measure = newMeasure(n, number.line, oneLine(title.text));
      measure.title.line = title.line;
      measure.goalNumber = task?.number ?? direction?.number ?? null;
      if (task && !n.startsWith(`${task.number}.`)) {
        issues.warning(number.line, `Measure ${n} is listed under task ${task.number} (line ${task.title.line}); it is kept there, with its number as written`);
      }
      measure.executors = sourcedParties(responsible.text.replace(/\n/g, ', '), responsible.line);
      setDeadline(measure, deadline.text, deadline.line);
      readSources(measure, sources);
      const said = results.text.split('\n').map(oneLine).filter(Boolean).join('\n');
      measure.expectedResults = said ? { value: said, line: results.line } : null;
      measures.push(measure);
    }
    checkNumbering(measures, issues, goals.map((g) => g.number!));

    const title = planTitle(lines, start);
    const city = detectCity(lines);
    if (!title) issues.error(start + 1, 'The plan has no title above its table ("Додаток N. «План реалізації …»")');
    if (!city) issues.error(1, 'The document names no city');
    if (!title || !city) return null;
    const kind = kindOf(title.value) ?? 'STRATEGY_PLAN';
    const years = readYears(title.value);
    return {
      programme: {
        title,
        titleInferred: false,
        kind: { value: kind, line: title.line },
        city,
        startYear: years ? { value: years.start, line: title.line } : null,
        endYear: years ? { value: years.end, line: title.line } : null,
        approvedBy: decisionOf(lines, issues),
      },
      goals,
      measures,
      reports: [],
    };
  },
};

interface Cell {
  text: string;
  line: number;
}

function goal(number: string, title: string, level: GoalRecord['level'], parentNumber: string | null, line: number): GoalRecord {
  return { number, title: { value: title.replace(/\s+/g, ' ').trim(), line }, level, parentNumber, executors: [], partners: [], expectedResults: null, strategicGoal: null };
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The index of the first header cell line, or -1. */
function headerAt(lines: readonly Line[]): number {
  return lines.findIndex((_, i) => HEADER.every((pattern, k) => {
    const cell = lines[i + k] && cellOf(lines[i + k]!);
    return cell !== null && cell !== undefined && pattern.test(cell);
  }));
}

/** Rows of cells from the header to the end of the table (the signature line, or anything not a cell). */
function rowsFrom(lines: readonly Line[], from: number): { cells: Cell[] }[] {
  const rows: { cells: Cell[] }[] = [];
  let row: { cells: Cell[] } | null = null;
  for (const line of lines.slice(from)) {
    if (isBlank(line)) {
      row = null;
      continue;
    }
    const cell = cellOf(line);
    if (cell === null && line.cells.length > 1) break; // "Міський голова … Сергій МОРГУНОВ", spread over tabs
    if (cell !== null) {
      if (!row) rows.push((row = { cells: [] }));
      row.cells.push({ text: cell, line: line.number });
      continue;
    }
    if (!row) break; // text after the table
    const last = row.cells.at(-1)!;
    last.text = `${last.text}\n${line.text.trim()}`;
  }
  return rows;
}

/** "Бюджет Вінницької МТГ, грантові кошти": sources without amounts; "Не потребує фінансування": a note. */
function readSources(measure: MeasureRecord, cell: Cell): void {
  const text = oneLine(cell.text);
  if (/не\s+потребує\s+фінансування/i.test(text)) {
    measure.fundingNote = { value: text, line: cell.line };
    return;
  }
  for (const source of splitSources(text)) measure.funding.push({ source, year: null, planned: null, line: cell.line });
}

/** The line above the table naming the plan: `Додаток 4. «План реалізації …»` → what the quotes name. */
function planTitle(lines: readonly Line[], headerAt: number): Sourced<string> | null {
  for (const line of lines.slice(0, headerAt).reverse()) {
    const text = line.text.trim();
    if (!text) continue;
    const quoted = /«(.+)»\s*\.?$/.exec(text);
    if (/план/i.test(text) && quoted) return { value: quoted[1]!, line: line.number };
    if (/план/i.test(text)) return { value: text.replace(/^Додаток\s*№?\s*\d*\.?\s*/i, ''), line: line.number };
  }
  return null;
}

/**
 * The council decision the plan is an annex to, from the decision's head: the council,
 * "Від … № …" and the subject "Про …" up to the first blank line, as written.
 */
function decisionOf(lines: readonly Line[], issues: Issues): Sourced<string> | null {
  const council = lines.find((line) => /МІСЬКА\s+РАДА/.test(line.text));
  const dated = lines.find((line) => /^\s*Від\s/i.test(line.text));
  const subjectAt = lines.findIndex((line) => /^\s*Про\s/.test(line.text));
  if (!council || !dated || subjectAt < 0) {
    issues.warning(1, 'The decision approving the plan cannot be made out');
    return null;
  }
  const subject: string[] = [];
  for (const line of lines.slice(subjectAt)) {
    if (isBlank(line)) break;
    subject.push(line.text.trim());
  }
  const name = council.text.trim().toLowerCase().replace(/^(\S+)\s+міська\s+рада$/, (_, city: string) => `${city.charAt(0).toUpperCase()}${city.slice(1, -1)}ої міської ради`);
  const date = paragraphs(dated.cells[0]!).join(' ').replace(/^Від/i, 'від');
  return { value: `Рішення ${name} ${date} «${subject.join(' ').replace(/\s+/g, ' ')}»`, line: council.number };
}
