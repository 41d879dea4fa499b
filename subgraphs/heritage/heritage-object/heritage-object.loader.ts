import type DataLoader from 'dataloader';
import type { RequestContext } from '../../shared/context.js';
import { groupByKey } from '../../shared/queries.js';
import { byIdLoader, linkedIdsLoader, rowsOfParentsLoader } from '../../shared/loaders.js';
import { isUuid } from '../../shared/refs.js';
import { ConditionRecord } from '../condition/condition-record.entity.js';
import { HeritageSteward } from '../links/heritage-steward.entity.js';
import { HeritageObject } from './heritage-object.entity.js';

/** Heritage objects by id: one statement per request. */
export const heritageObjectById = (ctx: RequestContext) => byIdLoader(ctx, HeritageObject);

/** Each object's condition history, oldest first: one statement per request. */
export const historyOfHeritageObject = (ctx: RequestContext): DataLoader<string, ConditionRecord[]> =>
  rowsOfParentsLoader(ctx, 'HeritageObject.conditionHistory', ConditionRecord, 'heritageObject', [
    ['recordedAt', 'asc'],
    ['id', 'asc'],
  ]);

/** The organisations looking after each object (their ids): one statement per request. */
export const stewardIdsOfHeritageObject = (ctx: RequestContext) => linkedIdsLoader(ctx, HeritageSteward, 'heritageObject', 'organizationId');

/** The objects each organisation looks after, by name: one statement per request. */
export function heritageObjectsOfSteward(ctx: RequestContext): DataLoader<string, HeritageObject[]> {
  return ctx.loaders.get('Organization.stewardedHeritageObjects', async (organizationIds: readonly string[]) => {
    const query = ctx.em
      .getKnex()('heritage_object as h')
      .join('heritage_steward as s', 's.heritage_object_id', 'h.id')
      .select('h.*', 's.organization_id as __steward')
      .whereIn('s.organization_id', organizationIds.filter(isUuid))
      .orderBy([{ column: 'h.name_uk' }, { column: 'h.id' }]);
    const rows: Record<string, unknown>[] = await ctx.em.execute(query);
    const mapped = rows.map(({ __steward, ...columns }) => ({ steward: String(__steward), object: ctx.em.map(HeritageObject, columns as never) }));
    return groupByKey(organizationIds, mapped, (m) => m.steward).map((group) => group.map((m) => m.object));
  });
}
