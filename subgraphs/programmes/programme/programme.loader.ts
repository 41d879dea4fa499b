import type { RequestContext } from '../../shared/context.js';
import { byIdLoader } from '../../shared/loaders.js';
import { groupByKey } from '../../shared/queries.js';
import { SourceDocument } from '../document/source-document.entity.js';
import { Goal } from '../goal/goal.entity.js';
import { MeasureStatus } from '../measure/measure.enums.js';
import { Programme } from './programme.entity.js';

/** Programmes by id, for lookups and `_entities`: one statement per request. */
export const programmeById = (ctx: RequestContext) => byIdLoader(ctx, Programme);

/** Source documents by id: one statement per request. */
export const documentById = (ctx: RequestContext) => byIdLoader(ctx, SourceDocument);

/** Each city's programmes, latest first: one statement per request. */
export const programmesOfCity = (ctx: RequestContext) =>
  ctx.loaders.get<string, Programme[]>('Programme.ofCity', async (cities) => {
    const rows = await ctx.em.find(Programme, { city: { $in: [...cities] } }, { orderBy: { startYear: 'desc', title: 'asc', id: 'asc' } });
    return groupByKey(cities, rows, (row) => row.city);
  });

/** Each programme's goals in document order: one statement per request. */
export const goalsOfProgramme = (ctx: RequestContext) =>
  ctx.loaders.get<string, Goal[]>('Goal.ofProgramme', async (ids) => {
    const rows = await ctx.em.find(Goal, { programme: { $in: [...ids] } }, { orderBy: { position: 'asc' } });
    return groupByKey(ids, rows, (row) => row.programme.id);
  });

/** Goals by id (a measure's goal): one statement per request. */
export const goalById = (ctx: RequestContext) => byIdLoader(ctx, Goal);

/** How many measures of each programme have each status: one GROUP BY per request. */
export const statusCountsOfProgramme = (ctx: RequestContext) =>
  ctx.loaders.get<string, Map<MeasureStatus, number>>('Measure.statusCounts', async (ids) => {
    const rows: { programme_id: string; status: MeasureStatus; total: number | string }[] = await ctx.em.execute(
      ctx.em.getKnex()('measure').select('programme_id', 'status').count({ total: '*' }).whereIn('programme_id', [...ids]).groupBy('programme_id', 'status'),
    );
    return ids.map((id) => new Map(rows.filter((r) => r.programme_id === id).map((r) => [r.status, Number(r.total)])));
  });
