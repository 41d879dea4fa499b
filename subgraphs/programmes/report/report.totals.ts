import { Decimal } from '../import/decimal.js';
import type { FundingLine } from '../measure/funding-line.entity.js';
import type { MeasureProgress } from '../progress/measure-progress.entity.js';
import type { ProgrammeReport } from './programme-report.entity.js';
import type { ReportTotals } from './report.types.js';

/** The stated totals beside the sums of the lines, every sum exact (see Decimal). */
export function reportTotals(report: ProgrammeReport, planned: readonly FundingLine[], entries: readonly MeasureProgress[]): ReportTotals {
  const plannedSum = sumOf(planned.map((line) => line.amount));
  const spentSum = sumOf(entries.map((entry) => entry.spent));
  const minus = (a: Decimal | null, b: string | Decimal | null) => (a && b !== null ? a.minus(typeof b === 'string' ? Decimal.of(b) : b).toString() : null);
  return {
    plannedStated: report.plannedStated,
    spentStated: report.spentStated,
    deviationStated: report.deviationStated,
    plannedSum: plannedSum?.toString() ?? null,
    spentSum: spentSum?.toString() ?? null,
    deviationSum: minus(plannedSum, spentSum),
    plannedDifference: minus(plannedSum, report.plannedStated),
    spentDifference: minus(spentSum, report.spentStated),
  };
}

/** The exact sum of the amounts given; null when none is. */
function sumOf(amounts: readonly (string | null)[]): Decimal | null {
  const given = amounts.filter((amount): amount is string => amount !== null);
  return given.length ? Decimal.sum(given.map((amount) => Decimal.of(amount))) : null;
}
