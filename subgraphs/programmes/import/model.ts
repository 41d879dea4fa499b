import type { Decimal } from './decimal.js';

/**
 * What the importer reads from one document: a programme (or plan), its goals and
 * measures, and the reports on it, each value with the line of the document it came from
 * (1-based, as an editor numbers them). Values are as written; where the importer derives
 * something (a period from a deadline, a status from its wording) the written form is kept
 * beside it.
 */

export type ProgrammeKind = 'TARGET_PROGRAMME' | 'ACTION_PLAN' | 'STRATEGY_PLAN';
export type MeasureStatus = 'DONE' | 'IN_PROGRESS' | 'PARTIALLY_DONE' | 'NOT_DONE' | 'NOT_REPORTED';
export type GoalLevel = 'DIRECTION' | 'TASK' | 'COMMITMENT';
export type CityId = 'kyiv' | 'vinnytsia';

/** How a document lays out its table (see layouts/): chosen by its headers, not by its name. */
export type LayoutName = 'measure-list' | 'plan-report' | 'commitment-plan' | 'programme-report' | 'strategy-plan';

/** A value and the line it was read from. */
export interface Sourced<T> {
  value: T;
  line: number;
}

/** A first and last day, ISO dates (`2023-01-01`), both included. */
export interface Period {
  start: string;
  end: string;
}

export interface ProgrammeRecord {
  title: Sourced<string>;
  /** True when the document names no programme and the title was composed from what it does say. */
  titleInferred: boolean;
  kind: Sourced<ProgrammeKind>;
  city: Sourced<CityId>;
  startYear: Sourced<number> | null;
  endYear: Sourced<number> | null;
  /** The decision that approved it, as written (blanks for the date and number kept). */
  approvedBy: Sourced<string> | null;
}

export interface GoalRecord {
  /** As numbered in the document: `1`, `1.2`; null when unnumbered. */
  number: string | null;
  title: Sourced<string>;
  level: GoalLevel;
  /** The number of the goal it belongs to (a direction's task): null at the top. */
  parentNumber: string | null;
  executors: Sourced<string>[];
  partners: Sourced<string>[];
  expectedResults: Sourced<string> | null;
  /** The operational goal of the city's strategy this goal serves, when the document names one. */
  strategicGoal: Sourced<string> | null;
}

export interface FundingRecord {
  /** The source as written (`Бюджет міста Києва`, `грантові кошти`). */
  source: string;
  /** Null when the document names the source without a year. */
  year: number | null;
  /** Thousand UAH; null when the document names the source without an amount. */
  planned: Decimal | null;
  line: number;
}

/** A total the document states ("Всього"), kept to compare with the sum of its parts. */
export interface StatedTotal {
  /** Null for the total over all sources. */
  source: string | null;
  /** Null for the total over all years. */
  year: number | null;
  amount: Decimal;
  line: number;
}

export interface MeasureRecord {
  /** Unique within the document: the number, with `#2`, `#3` for numbers the document repeats. */
  key: string;
  /** As the document numbers it (`1.8.2`); for steps numbered within a commitment, `commitment.step`. */
  number: Sourced<string>;
  /** The number exactly as in its cell, when it differs from `number` (a step's `3`). */
  numberAsWritten: string | null;
  /** The goal it is listed under (its number), null when the document has no goals. */
  goalNumber: string | null;
  /** The heading it is grouped under (`1.8. Забезпечення діяльності консультативно-дорадчих органів`). */
  heading: Sourced<string> | null;
  title: Sourced<string>;
  deadline: Sourced<string> | null;
  /** The deadline as a period, when it can be read. */
  period: Period | null;
  executors: Sourced<string>[];
  partners: Sourced<string>[];
  expectedResults: Sourced<string> | null;
  indicators: Sourced<string> | null;
  /** Funding planned per source and year. */
  funding: FundingRecord[];
  /** The totals the document states for the measure's funding. */
  fundingTotals: StatedTotal[];
  /** What the document says instead of amounts ("Фінансування не потребує"). */
  fundingNote: Sourced<string> | null;
}

export interface ProgressRecord {
  measureKey: string;
  /** The status as written; null when the cell is empty. */
  statusText: Sourced<string> | null;
  status: MeasureStatus;
  text: Sourced<string> | null;
  /** Thousand UAH spent in the period; null when not stated. */
  spent: Sourced<Decimal> | null;
  /** Spending per source, when stated. */
  spentBySource: StatedTotal[];
  reasons: Sourced<string> | null;
  /** The officials answerable for the measure, as the report names them (names, positions, contacts): read, never stored. */
  responsible: Sourced<string> | null;
}

export interface ReportRecord {
  title: Sourced<string>;
  /** The period as written (`за січень – березень 2023 року`). */
  periodText: Sourced<string>;
  period: Period;
  entries: ProgressRecord[];
  /** Totals the report states about itself. */
  stated: {
    planned: Sourced<Decimal> | null;
    spent: Sourced<Decimal> | null;
    deviation: Sourced<Decimal> | null;
    spentBySource: StatedTotal[];
  };
}

export type IssueSeverity = 'error' | 'warning';

/** Something the importer could not read (error: the document is refused) or read with a doubt (warning). */
export interface Issue {
  severity: IssueSeverity;
  line: number;
  message: string;
}

export interface ProgrammeDocument {
  source: { name: string; sha256: string; lineCount: number; layout: LayoutName };
  programme: ProgrammeRecord;
  goals: GoalRecord[];
  measures: MeasureRecord[];
  reports: ReportRecord[];
  issues: Issue[];
}

/** The reading of a file: a document (perhaps with errors that block its import) or a refusal. */
export type ReadResult =
  | { kind: 'read'; document: ProgrammeDocument }
  | { kind: 'refused'; reason: string };
