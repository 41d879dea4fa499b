import type { CsvValue } from './csv.js';
import { sumDecimals } from './decimal-sum.js';

/**
 * A programme as open data: one row per measure, in document order, with the programme
 * it belongs to repeated on each row (a CSV row stands alone). Lists are joined with "; ";
 * amounts are thousand UAH, exact decimals with a point.
 */
export const PROGRAMME_FIELDS = [
  'programme_id',
  'programme_title',
  'city',
  'measure_id',
  'number',
  'heading',
  'goal_number',
  'goal_title',
  'title',
  'deadline',
  'period_start',
  'period_end',
  'status',
  'executors',
  'partners',
  'partner_organization_ids',
  'expected_results',
  'indicators',
  'funding_note',
  'funding',
  'planned_total',
  'source_document',
  'source_line',
] as const;

export const PROGRAMME_QUERY = /* GraphQL */ `
  query OpenDataProgramme($id: ID!, $first: Int, $after: String) {
    programme(id: $id) {
      id title titleInferred kind startYear endYear approvedBy
      city { id }
      source { document sha256 importedAt }
      measures(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges {
          node {
            id number heading title deadline status executors expectedResults indicators fundingNote
            goal { number title }
            period { start end }
            partners { name organization { id } }
            funding { source year planned }
            source { line }
          }
        }
      }
    }
  }
`;

export interface ProgrammeAnswer {
  id: string;
  title: string;
  titleInferred: boolean;
  kind: string;
  startYear: number | null;
  endYear: number | null;
  approvedBy: string | null;
  city: { id: string };
  source: { document: string; sha256: string; importedAt: string };
  measures: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: MeasureNode }[] };
}

export interface MeasureNode {
  id: string;
  number: string;
  heading: string | null;
  title: string;
  deadline: string | null;
  status: string;
  executors: string[];
  expectedResults: string | null;
  indicators: string | null;
  fundingNote: string | null;
  goal: { number: string | null; title: string } | null;
  period: { start: string; end: string } | null;
  partners: { name: string; organization: { id: string } | null }[];
  funding: { source: string; year: number | null; planned: string | null }[];
  source: { line: number | null };
}

const list = (values: readonly (string | null | undefined)[]): string => values.filter(Boolean).join('; ');

export function programmeRow(programme: ProgrammeAnswer, measure: MeasureNode): Record<(typeof PROGRAMME_FIELDS)[number], CsvValue> {
  return {
    programme_id: programme.id,
    programme_title: programme.title,
    city: programme.city.id,
    measure_id: measure.id,
    number: measure.number,
    heading: measure.heading,
    goal_number: measure.goal?.number,
    goal_title: measure.goal?.title,
    title: measure.title,
    deadline: measure.deadline,
    period_start: measure.period?.start,
    period_end: measure.period?.end,
    status: measure.status,
    executors: list(measure.executors),
    partners: list(measure.partners.map((partner) => partner.name)),
    partner_organization_ids: list(measure.partners.map((partner) => partner.organization?.id)),
    expected_results: measure.expectedResults,
    indicators: measure.indicators,
    funding_note: measure.fundingNote,
    funding: list(measure.funding.map((line) => `${line.source}${line.year ? ` ${line.year}` : ''}: ${line.planned ?? '—'}`)),
    planned_total: sumDecimals(measure.funding.map((line) => line.planned)),
    source_document: programme.source.document,
    source_line: measure.source.line,
  };
}

/** What the JSON file says of the programme itself, beside its rows. */
export function programmeHead(programme: ProgrammeAnswer) {
  const { measures: _rows, city, ...head } = programme;
  return { ...head, city: city.id };
}
