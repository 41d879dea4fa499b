import { isBlank, isRule } from '../lines.js';
import type { MeasureRecord, ProgressRecord } from '../model.js';
import { readPeriod } from '../periods.js';
import { checkNumbering, detectCity, kindOf, newMeasure, reportedProgramme, setDeadline, sourcedParties, sourcedText } from '../records.js';
import { combinedStatus, statusOf } from '../statuses.js';
import { cellText, paragraphs } from '../text.js';
import { listLooksCutOff, looksLikeContact, roleByContent, RowCells } from './cells.js';
import { column, type Layout, type LayoutReading } from './layout.js';
import { headingAbove, splitReportTitle } from './titles.js';

/**
 * A report on a plan of measures (Kyiv's form "Інформація про виконання Плану заходів …
 * за <period>"): one row per measure with its number and text, the deadline, the progress,
 * the partners involved, the status and the responsible official. The plan itself is not
 * in the document, so its measures are read from the report's rows.
 *
 * Exports of this form break rows at page ends: a row's cells go on in later rows with an
 * empty first cell, in rows with fewer cells (shifted), or as bare paragraphs between
 * rows. Continuation rows are read cell by cell; the rest is placed by content (contacts
 * to the responsible official, the rest to the progress text), and each such place is
 * reported as a warning.
 */
const NUMBERED = /^(\d+(?:\.\d+)*)\.?\s+([\s\S]+)$/;

export const planReport: Layout = {
  name: 'plan-report',

  recognises(lines) {
    return lines.some((line) => line.cells.some((c) => /№\s+та\s+зміст/i.test(c)) && line.cells.some((c) => /Стан\s+виконання/i.test(c)));
  },

  read(lines, issues): LayoutReading | null {
    const headerIndex = lines.findIndex((line) => line.cells.some((c) => /Стан\s+виконання/i.test(c)));
    const header = lines[headerIndex]!.cells;
    const cols = {
      title: column(header, /№/),
      deadline: column(header, /Строк/i),
      progress: column(header, /хід\s+виконання/i),
      partners: column(header, /партнер/i),
      status: column(header, /Стан\s+виконання/i),
      responsible: column(header, /ПІБ|відповідальн/i),
    };
    const heading = headingAbove(lines, headerIndex);
    const parts = heading ? splitReportTitle(heading.value) : null;
    if (!heading || !parts) {
      issues.error(heading?.line ?? 1, 'The report has no title of the form "Інформація про виконання … за <period>"');
      return null;
    }
    const period = readPeriod(parts.period);
    if (!period) issues.error(heading.line, `Cannot read the reporting period "${parts.period}"`);
    const kind = kindOf(parts.programme);
    if (!kind) issues.error(heading.line, `Cannot tell what kind of programme "${parts.programme}" is`);
    const city = detectCity(lines);
    if (!city) issues.error(heading.line, 'The document names no city');
    if (!period || !kind || !city) return null;

    const rows: { measure: MeasureRecord; cells: RowCells; extraLines: number[] }[] = [];
    // Paragraphs between rows, gathered until a blank line or the next row.
    const freeText: { text: string; first: number }[] = [];
    const flushFreeText = () => {
      const row = rows.at(-1);
      const text = freeText.map((piece) => piece.text).join('\n');
      if (row && text) {
        const role = looksLikeContact(text) ? cols.responsible : cols.progress;
        row.cells.add(role, text, freeText[0]!.first);
        row.extraLines.push(freeText[0]!.first);
      }
      freeText.length = 0;
    };
    for (const line of lines.slice(headerIndex + 1)) {
      if (isBlank(line)) {
        flushFreeText();
        continue;
      }
      if (isRule(line)) continue;
      if (line.cells.length === 1) {
        if (!rows.length) continue;
        freeText.push({ text: line.text, first: line.number });
        continue;
      }
      flushFreeText();
      const numbered = NUMBERED.exec(cellText(line.cells[cols.title] ?? ''));
      if (numbered && line.cells.length === header.length) {
        const measure = newMeasure(numbered[1]!, line.number, '');
        const cells = new RowCells(line.number);
        line.cells.forEach((cell, i) => cells.add(i, i === cols.title ? numbered[2]! : cell, line.number));
        rows.push({ measure, cells, extraLines: [] });
        continue;
      }
      const row = rows.at(-1);
      if (!row) {
        issues.warning(line.number, 'A row before the first measure, not read');
        continue;
      }
      if (line.cells.length === header.length) {
        line.cells.forEach((cell, i) => row.cells.add(i, cell, line.number));
        continue;
      }
      // A shifted row: its cells do not line up with the header, so each goes where its content says.
      issues.warning(line.number, `The row has ${line.cells.length} cells where the table has ${header.length}; its cells are placed by their content (measure ${row.measure.number.value})`);
      let first = true;
      for (const cell of line.cells) {
        if (!cell.trim()) continue;
        const role = roleByContent(cell, first);
        first = false;
        row.cells.add(cols[role], cell, line.number);
      }
    }
    flushFreeText();

    const measures: MeasureRecord[] = [];
    const entries: ProgressRecord[] = [];
    for (const { measure, cells, extraLines } of rows) {
      measure.title = { value: cellText(cells.text(cols.title)), line: cells.line };
      setDeadline(measure, cells.text(cols.deadline), cells.lineOf(cols.deadline));
      measure.partners = sourcedParties(cells.text(cols.partners), cells.lineOf(cols.partners));
      if (measure.partners.length && listLooksCutOff(cellText(cells.text(cols.partners)))) {
        issues.warning(cells.lineOf(cols.partners), `The partners of measure ${measure.number.value} look cut off ("…${measure.partners.at(-1)!.value.slice(-40)}"); the rest of the cell is not in its row`);
      }
      if (extraLines.length) {
        issues.warning(extraLines[0]!, `Text between rows (lines ${extraLines.join(', ')}) read as part of measure ${measure.number.value}`);
      }
      const statusTexts = paragraphs(cells.text(cols.status));
      const statuses = statusTexts.map((text) => {
        const status = statusOf(text);
        if (!status) issues.error(cells.lineOf(cols.status), `Unknown status "${text}" for measure ${measure.number.value}`);
        return status ?? 'NOT_REPORTED';
      });
      if (new Set(statuses).size > 1) issues.warning(cells.lineOf(cols.status), `Measure ${measure.number.value} states several statuses (${statusTexts.join('; ')}): taken together`);
      measures.push(measure);
      entries.push({
        measureKey: measure.key,
        statusText: statusTexts.length ? { value: statusTexts.join('\n'), line: cells.lineOf(cols.status) } : null,
        status: combinedStatus(statuses),
        text: sourcedText(cells.text(cols.progress), cells.lineOf(cols.progress)),
        spent: null,
        spentBySource: [],
        reasons: null,
        responsible: sourcedText(cells.text(cols.responsible), cells.lineOf(cols.responsible)),
      });
    }
    checkNumbering(measures, issues);
    entries.forEach((entry, i) => (entry.measureKey = measures[i]!.key));
    const periodLine = lines.slice(0, headerIndex).findLast((l) => /(^|\s)за\s/.test(l.text))?.number ?? heading.line;
    return {
      programme: reportedProgramme(parts.programme, heading.line, kind, city),
      goals: [],
      measures,
      reports: [
        {
          title: heading,
          periodText: { value: parts.period, line: periodLine },
          period,
          entries,
          stated: { planned: null, spent: null, deviation: null, spentBySource: [] },
        },
      ],
    };
  },
};
