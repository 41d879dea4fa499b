import type { SqlEntityManager } from '@mikro-orm/knex';
import { Measure } from '../measure/measure.entity.js';
import { MeasureStatus } from '../measure/measure.enums.js';
import { ReportState } from '../report/report.enums.js';

/**
 * Sets each measure's `status` to what the latest published report (by the end of its
 * period) says of it, NOT_REPORTED when none does. Called in the transaction that
 * publishes or imports a report.
 */
export async function refreshMeasureStatuses(em: SqlEntityManager, measureIds: readonly string[]): Promise<void> {
  if (!measureIds.length) return;
  const knex = em.getKnex();
  const rows: { measure_id: string; status: MeasureStatus; period_end: string; period_start: string }[] = await em.execute(
    knex('measure_progress as p')
      .join('programme_report as r', 'r.id', 'p.report_id')
      .select('p.measure_id', 'p.status', 'r.period_end', 'r.period_start')
      .where('r.state', ReportState.PUBLISHED)
      .whereIn('p.measure_id', [...measureIds]),
  );
  const latest = new Map<string, { status: MeasureStatus; end: string; start: string }>();
  for (const row of rows) {
    const current = latest.get(row.measure_id);
    if (!current || row.period_end > current.end || (row.period_end === current.end && row.period_start > current.start)) {
      latest.set(row.measure_id, { status: row.status, end: row.period_end, start: row.period_start });
    }
  }
  for (const id of measureIds) {
    await em.nativeUpdate(Measure, { id }, { status: latest.get(id)?.status ?? MeasureStatus.NOT_REPORTED });
  }
}
