import type { RequestContext } from '../../shared/context.js';
import { byIdLoader } from '../../shared/loaders.js';
import { groupByKey } from '../../shared/queries.js';
import { FundingLine } from './funding-line.entity.js';
import { MeasureParty } from './measure-party.entity.js';
import { Measure } from './measure.entity.js';

/** Measures by id, for lookups and `_entities`: one statement per request. */
export const measureById = (ctx: RequestContext) => byIdLoader(ctx, Measure);

/** Each measure's executors and partners, in document order: one statement per request. */
export const partiesOfMeasure = (ctx: RequestContext) =>
  ctx.loaders.get<string, MeasureParty[]>('MeasureParty.ofMeasure', async (ids) => {
    const rows = await ctx.em.find(MeasureParty, { measure: { $in: [...ids] } }, { orderBy: { role: 'asc', position: 'asc' } });
    return groupByKey(ids, rows, (row) => row.measure.id);
  });

/** Each measure's funding lines and stated totals, in document order: one statement per request. */
export const fundingOfMeasure = (ctx: RequestContext) =>
  ctx.loaders.get<string, FundingLine[]>('FundingLine.ofMeasure', async (ids) => {
    const rows = await ctx.em.find(FundingLine, { measure: { $in: [...ids] } }, { orderBy: { position: 'asc' } });
    return groupByKey(ids, rows, (row) => row.measure.id);
  });
