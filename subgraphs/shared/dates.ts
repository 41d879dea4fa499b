/**
 * The dates the graph accepts and stores: years 1900 to 9999. Both databases and ISO 8601's
 * four-digit years hold them; JavaScript's own range (year 275760, or before the common
 * era) reaches a driver as something it cannot bind, so such values never get that far:
 * date arguments are checked by the argument guard, dates in cursors by `decodeCursor`.
 */
export const EARLIEST_DATE_MS = Date.UTC(1900, 0, 1);
export const LATEST_DATE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Whether a value is a date in epoch milliseconds within that range (how cursors carry dates). */
export function isStorableEpochMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= EARLIEST_DATE_MS && value <= LATEST_DATE_MS;
}
