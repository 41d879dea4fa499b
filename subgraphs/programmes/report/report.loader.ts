import type { RequestContext } from '../../shared/context.js';
import { byIdLoader } from '../../shared/loaders.js';
import { groupByKey } from '../../shared/queries.js';
import { FundingLine } from '../measure/funding-line.entity.js';
import { MeasureProgress } from '../progress/measure-progress.entity.js';
import { ProgrammeReport } from './programme-report.entity.js';
import { canSeeReport } from './report.visibility.js';

/** Reports by id, drafts only for their city's officials: one statement per request. */
export const reportById = (ctx: RequestContext) => byIdLoader(ctx, ProgrammeReport, (report) => canSeeReport(ctx, report));

/** Each programme's reports the caller may see, in period order: one statement per request. */
export const reportsOfProgramme = (ctx: RequestContext) =>
  ctx.loaders.get<string, ProgrammeReport[]>('ProgrammeReport.ofProgramme', async (ids) => {
    const rows = await ctx.em.find(ProgrammeReport, { programme: { $in: [...ids] } }, { orderBy: { periodStart: 'asc', periodEnd: 'asc', id: 'asc' } });
    return groupByKey(ids, rows.filter((row) => canSeeReport(ctx, row)), (row) => row.programme.id);
  });

/** Each report's entries: one statement per request. */
export const entriesOfReport = (ctx: RequestContext) =>
  ctx.loaders.get<string, MeasureProgress[]>('MeasureProgress.ofReport', async (ids) => {
    const rows = await ctx.em.find(MeasureProgress, { report: { $in: [...ids] } }, { orderBy: { measure: { position: 'asc' } } as never });
    return groupByKey(ids, rows, (row) => row.report.id);
  });

/**
 * The money each report's programme planned for the years of the report's period (per
 * source and year lines only, never the stated totals): one statement per request.
 */
export const plannedForReport = (ctx: RequestContext) =>
  ctx.loaders.get<string, FundingLine[]>('FundingLine.forReport', async (ids) => {
    const knex = ctx.em.getKnex();
    const rows: (Record<string, unknown> & { __report: string })[] = await ctx.em.execute(
      knex('measure_funding as f')
        .join('measure as m', 'm.id', 'f.measure_id')
        .join('programme_report as r', 'r.programme_id', 'm.programme_id')
        .select('f.*', 'r.id as __report')
        .whereIn('r.id', [...ids])
        .where('f.kind', 'PLANNED')
        .whereNotNull('f.amount')
        .whereRaw(`f.year between cast(substr(r.period_start, 1, 4) as integer) and cast(substr(r.period_end, 1, 4) as integer)`),
    );
    return ids.map((id) => rows.filter((row) => row.__report === id).map(({ __report: _r, ...row }) => ctx.em.map(FundingLine, row as never)));
  });
