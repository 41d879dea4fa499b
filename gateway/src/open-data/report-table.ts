import type { CsvValue } from './csv.js';

/**
 * A published programme report as open data: one row per entry (what the report says of a
 * measure), in document order. Measures a report does not mention are NOT_REPORTED and have
 * no row; the JSON file's `statusCounts` counts them. The report's own totals (stated, and
 * the sums of its lines) are in the JSON file beside the rows.
 */
export const REPORT_FIELDS = [
  'report_id',
  'report_title',
  'period_start',
  'period_end',
  'programme_id',
  'programme_title',
  'city',
  'measure_id',
  'measure_number',
  'measure_title',
  'status',
  'status_text',
  'text',
  'spent',
  'reasons',
  'evidence_urls',
  'recorded_at',
  'source_line',
] as const;

export const REPORT_QUERY = /* GraphQL */ `
  query OpenDataProgrammeReport($id: ID!) {
    programmeReport(id: $id) {
      id title periodText periodStart periodEnd state publishedAt
      programme { id title city { id } }
      source { document sha256 importedAt }
      statusCounts { status count }
      totals { plannedStated spentStated deviationStated plannedSum spentSum deviationSum plannedDifference spentDifference }
      entries {
        status statusText text spent reasons evidenceUrls recordedAt
        measure { id number title }
        source { line }
      }
    }
  }
`;

export interface ReportAnswer {
  id: string;
  title: string;
  periodText: string | null;
  periodStart: string;
  periodEnd: string;
  state: string;
  publishedAt: string | null;
  programme: { id: string; title: string; city: { id: string } };
  source: { document: string; sha256: string; importedAt: string } | null;
  statusCounts: { status: string; count: number }[];
  totals: Record<string, string | null>;
  entries: EntryNode[];
}

interface EntryNode {
  status: string;
  statusText: string | null;
  text: string | null;
  spent: string | null;
  reasons: string | null;
  evidenceUrls: string[];
  recordedAt: string;
  measure: { id: string; number: string; title: string };
  source: { line: number | null } | null;
}

export function reportRow(report: ReportAnswer, entry: EntryNode): Record<(typeof REPORT_FIELDS)[number], CsvValue> {
  return {
    report_id: report.id,
    report_title: report.title,
    period_start: report.periodStart,
    period_end: report.periodEnd,
    programme_id: report.programme.id,
    programme_title: report.programme.title,
    city: report.programme.city.id,
    measure_id: entry.measure.id,
    measure_number: entry.measure.number,
    measure_title: entry.measure.title,
    status: entry.status,
    status_text: entry.statusText,
    text: entry.text,
    spent: entry.spent,
    reasons: entry.reasons,
    evidence_urls: entry.evidenceUrls.join(' '),
    recorded_at: entry.recordedAt,
    source_line: entry.source?.line,
  };
}

/** What the JSON file says of the report itself, beside its rows. */
export function reportHead(report: ReportAnswer) {
  const { entries: _rows, programme, ...head } = report;
  return { ...head, programme: { id: programme.id, title: programme.title, city: programme.city.id } };
}
