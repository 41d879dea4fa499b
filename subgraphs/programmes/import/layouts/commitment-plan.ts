import { isBlank, isRule, type Issues, type Line } from '../lines.js';
import type { GoalRecord, MeasureRecord, Sourced } from '../model.js';
import { readYears } from '../periods.js';
import { checkNumbering, detectCity, kindOf, newMeasure, setDeadline, sourcedParties, sourcedText } from '../records.js';
import { cellText, paragraphs } from '../text.js';
import { RowCells } from './cells.js';
import { column, type Layout, type LayoutReading } from './layout.js';

/**
 * An action plan of commitments, each with a table of steps (Kyiv's Open Government
 * Partnership plan): "Зобов'язання N. …" then `№ | Кроки | Відповідальні за виконання |
 * Строк | Індикатор виконання`. Steps are numbered within their commitment, so a step's
 * number is `commitment.step` (`2.4`). The plan's text names each commitment's main
 * executors, partners and result; the partners take part in every step of it.
 */
const COMMITMENT = /^Зобов['’ʼ]язання\s+(\d+)\.\s+(.+)$/;
const isStepHeader = (line: Line) => column(line.cells, /^\s*Кроки\s*$/) >= 0 && column(line.cells, /Індикатор/) >= 0;

export const commitmentPlan: Layout = {
  name: 'commitment-plan',

  recognises(lines) {
    return lines.some(isStepHeader) && lines.some((line) => COMMITMENT.test(line.text.trim()));
  },

  read(lines, issues): LayoutReading | null {
    const goals = new Map<string, GoalRecord>();
    const measures: MeasureRecord[] = [];
    let commitment: GoalRecord | null = null;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const named = COMMITMENT.exec(line.text.trim());
      if (named) {
        const number = named[1]!;
        commitment = goals.get(number) ?? null;
        if (!commitment) {
          commitment = {
            number,
            title: { value: named[2]!.replace(/\s*\(Додаток\s+\d+\)\.?$/, '').trim(), line: line.number },
            level: 'COMMITMENT',
            parentNumber: null,
            executors: [],
            partners: [],
            expectedResults: null,
            strategicGoal: null,
          };
          goals.set(number, commitment);
        }
        continue;
      }
      if (!commitment) continue;
      if (isStepHeader(line)) {
        i = readSteps(lines, i, commitment, measures, issues);
        continue;
      }
      readCommitmentText(lines, i, commitment);
    }
    for (const measure of measures) {
      const goal = goals.get(measure.goalNumber!)!;
      measure.partners = goal.partners.map((partner) => ({ ...partner }));
    }
    checkNumbering(measures, issues);

    const plan = planTitle(lines);
    if (!plan) {
      issues.error(1, 'The plan has no title (a line "ПЛАН" followed by what it is, or "Про затвердження плану …")');
      return null;
    }
    const kind = kindOf(plan.value);
    const years = readYears(plan.value);
    const city = detectCity(lines);
    if (!kind) issues.error(plan.line, `Cannot tell what kind of programme "${plan.value}" is`);
    if (!city) issues.error(plan.line, 'The document names no city');
    if (!kind || !city) return null;
    return {
      programme: {
        title: plan,
        titleInferred: false,
        kind: { value: kind, line: plan.line },
        city,
        startYear: years ? { value: years.start, line: plan.line } : null,
        endYear: years ? { value: years.end, line: plan.line } : null,
        approvedBy: approvalOf(lines),
      },
      goals: [...goals.values()],
      measures,
      reports: [],
    };
  },
};

/** Reads a table of steps from its header; returns the index of its last line. */
function readSteps(lines: readonly Line[], headerIndex: number, commitment: GoalRecord, measures: MeasureRecord[], issues: Issues): number {
  const header = lines[headerIndex]!.cells;
  const cols = {
    number: column(header, /^\s*№\s*$/),
    title: column(header, /Кроки/),
    executors: column(header, /Відповідальн/),
    deadline: column(header, /Строк/),
    indicator: column(header, /Індикатор/),
  };
  const rows: { measure: MeasureRecord; cells: RowCells }[] = [];
  let i = headerIndex + 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line) || isRule(line)) continue;
    if (line.cells.length === 1) break; // the table is over ("Київський міський голова")
    const step = /^\s*(\d+)\s*$/.exec(line.cells[cols.number] ?? '')?.[1];
    if (step) {
      const measure = newMeasure(`${commitment.number}.${step}`, line.number, '');
      measure.numberAsWritten = step;
      measure.goalNumber = commitment.number;
      const cells = new RowCells(line.number);
      line.cells.forEach((cell, c) => cells.add(c, cell, line.number));
      rows.push({ measure, cells });
      continue;
    }
    const row = rows.at(-1);
    if (!row) {
      issues.warning(line.number, 'A row before the first step, not read');
      continue;
    }
    if (line.cells.length !== header.length) issues.warning(line.number, `The row has ${line.cells.length} cells where the table has ${header.length}; read by position`);
    line.cells.forEach((cell, c) => row.cells.add(c, cell, line.number));
  }
  for (const { measure, cells } of rows) {
    measure.title = { value: cellText(cells.text(cols.title)).replace(/\n/g, ' '), line: cells.line };
    if (!measure.title.value) issues.error(cells.line, `Step ${measure.number.value} has no text`);
    measure.executors = sourcedParties(cells.text(cols.executors), cells.lineOf(cols.executors));
    setDeadline(measure, cells.text(cols.deadline), cells.lineOf(cols.deadline));
    if (measure.deadline && !measure.period) issues.warning(measure.deadline.line, `Cannot read the deadline "${measure.deadline.value}" as a period`);
    const indicator = sourcedText(cells.text(cols.indicator), cells.lineOf(cols.indicator));
    measure.indicators = indicator && { ...indicator, value: indicator.value.replace(/\n/g, ' ') };
    measures.push(measure);
  }
  return i - 1;
}

/** "Головні виконавці: …", "Партнери (за згодою): …", "Результат: …" (with its bullets), for the commitment above them. */
function readCommitmentText(lines: readonly Line[], index: number, commitment: GoalRecord): void {
  const text = lines[index]!.text.trim();
  const line = lines[index]!.number;
  const executors = /^Головн\S*\s+виконав\S*\s*[:–—-]\s*(.+)$/.exec(text);
  if (executors) {
    commitment.executors = sourcedParties(withContinuation(lines, index, executors[1]!), line);
    return;
  }
  const partners = /^Партнери\s*(?:\([^)]*\))?\s*:\s*(.+)$/.exec(text);
  if (partners) {
    commitment.partners = sourcedParties(partners[1]!, line);
    return;
  }
  const result = /^Результат\s*:\s*(.+)$/.exec(text);
  if (result) {
    const parts = [result[1]!];
    for (const next of lines.slice(index + 1)) {
      if (isBlank(next)) continue;
      if (!/^\s*[-–•]\s+/.test(next.text)) break;
      parts.push(next.text.trim());
    }
    commitment.expectedResults = { value: parts.join('\n'), line };
  }
}

/** A paragraph a page break split ("…(Київської міської державної" / "адміністрації)."): the next one if it starts in lower case. */
function withContinuation(lines: readonly Line[], index: number, text: string): string {
  if (/[.;]$/.test(text.trim())) return text;
  const next = lines.slice(index + 1).find((line) => !isBlank(line));
  return next && /^[\p{Ll}(]/u.test(next.text.trim()) ? `${text} ${next.text.trim()}` : text;
}

/** "ПЛАН" and the line after it ("дій із впровадження …"), else the decision's subject "Про затвердження плану …". */
function planTitle(lines: readonly Line[]): Sourced<string> | null {
  const index = lines.findIndex((line) => /^ПЛАН$/i.test(line.text.trim()));
  if (index >= 0) {
    const next = lines.slice(index + 1).find((line) => !isBlank(line));
    if (next) return { value: `План ${next.text.trim()}`, line: lines[index]!.number };
  }
  const subject = lines.findIndex((line) => /^Про\s+затвердження\s+плану/i.test(line.text.trim()));
  if (subject < 0) return null;
  const parts: string[] = [];
  for (const line of lines.slice(subject)) {
    if (isBlank(line)) break;
    parts.push(line.text.trim());
  }
  const phrase = parts.join(' ').replace(/^Про\s+затвердження\s+/i, '');
  return { value: phrase.charAt(0).toUpperCase() + phrase.slice(1), line: lines[subject]!.number };
}

/** What "ЗАТВЕРДЖЕНО" says above the plan: "Рішення Київської міської ради від _____ № _____". */
function approvalOf(lines: readonly Line[]): Sourced<string> | null {
  const index = lines.findIndex((line) => /^ЗАТВЕРДЖЕНО$/i.test(line.text.trim()));
  if (index < 0) return null;
  const parts: { text: string; line: number }[] = [];
  for (const line of lines.slice(index + 1)) {
    if (/^ПЛАН$/i.test(line.text.trim())) break;
    if (!isBlank(line)) parts.push({ text: paragraphs(line.text).join(' '), line: line.number });
    if (parts.length >= 4) break;
  }
  return parts.length ? { value: parts.map((p) => p.text).join(' '), line: parts[0]!.line } : null;
}
