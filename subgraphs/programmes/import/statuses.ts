import type { MeasureStatus } from './model.js';

/**
 * How reports word a measure's status, most specific first: "Виконано частково (без
 * відповідного фінансування)" is PARTIALLY_DONE, "Не виконано" NOT_DONE before "Виконано"
 * is DONE. A dash or an empty cell reports nothing. Extend this table for new wordings.
 */
const WORDINGS: readonly { pattern: RegExp; status: MeasureStatus }[] = [
  { pattern: /^(?:виконано\s+частково|частково\s+виконано|виконується\s+частково)/, status: 'PARTIALLY_DONE' },
  { pattern: /^(?:не\s+виконано|не\s+виконується|невиконано)/, status: 'NOT_DONE' },
  { pattern: /^(?:виконується|в\s+процесі\s+виконання|триває|у\s+процесі)/, status: 'IN_PROGRESS' },
  { pattern: /^(?:виконано|виконаний|виконане)/, status: 'DONE' },
];

/** The status a wording states; NOT_REPORTED for a dash or nothing; null when the wording is unknown. */
export function statusOf(text: string | null | undefined): MeasureStatus | null {
  const t = (text ?? '').trim().toLowerCase();
  if (!t || /^[-–—]+$/.test(t)) return 'NOT_REPORTED';
  return WORDINGS.find((wording) => wording.pattern.test(t))?.status ?? null;
}

/** Whether a paragraph is only a status wording (it may sit in a row whose cells are shifted). */
export function isStatusWording(text: string): boolean {
  const status = statusOf(text);
  return status !== null && status !== 'NOT_REPORTED' && text.length <= 120;
}

/** What a wording gives as the reason in brackets: "Виконано частково (без відповідного фінансування)". */
export function bracketedReason(text: string): string | null {
  return /\(([^)]+)\)\s*$/.exec(text.trim())?.[1]?.trim() ?? null;
}

/**
 * One status for a measure whose cell states several (one per responsible office): the
 * same one when they agree; PARTIALLY_DONE when some are done and others not; else the
 * least advanced.
 */
export function combinedStatus(statuses: readonly MeasureStatus[]): MeasureStatus {
  const reported = [...new Set(statuses.filter((status) => status !== 'NOT_REPORTED'))];
  if (!reported.length) return 'NOT_REPORTED';
  if (reported.length === 1) return reported[0]!;
  if (reported.includes('DONE') || reported.includes('PARTIALLY_DONE')) return 'PARTIALLY_DONE';
  return reported.includes('NOT_DONE') ? 'NOT_DONE' : 'IN_PROGRESS';
}
