import type { RequestContext } from '../../shared/context.js';
import { groupByKey } from '../../shared/queries.js';
import { reportById } from '../report/report.loader.js';
import { MeasureProgress } from './measure-progress.entity.js';

/**
 * Each measure's entries in the reports the caller may see, in period order: two
 * statements per request (the entries, then their reports).
 */
export const progressOfMeasure = (ctx: RequestContext) =>
  ctx.loaders.get<string, MeasureProgress[]>('MeasureProgress.ofMeasure', async (ids) => {
    const rows = await ctx.em.find(MeasureProgress, { measure: { $in: [...ids] } });
    const reports = await reportById(ctx).loadMany([...new Set(rows.map((row) => row.report.id))]);
    const visible = new Map(reports.flatMap((report) => (report && !(report instanceof Error) ? [[report.id, report] as const] : [])));
    const seen = rows.filter((row) => visible.has(row.report.id));
    seen.sort((a, b) => visible.get(a.report.id)!.periodStart.localeCompare(visible.get(b.report.id)!.periodStart));
    return groupByKey(ids, seen, (row) => row.measure.id);
  });
