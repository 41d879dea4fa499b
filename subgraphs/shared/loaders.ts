import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type DataLoader from 'dataloader';
import type { RequestContext } from './context.js';
import { groupByKey } from './queries.js';
import { isUuid } from './refs.js';

/**
 * An entity by id, for lookups and `_entities`: one statement per request however many
 * ids are asked. Unknown ids, ids that are no UUID and rows `visible` rejects answer null.
 */
export function byIdLoader<E extends { id: string }>(
  ctx: RequestContext,
  entity: EntityClass<E>,
  visible: (row: E) => boolean = () => true,
): DataLoader<string, E | null> {
  return ctx.loaders.get(`${entity.name}.byId`, async (ids: readonly string[]) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await ctx.em.find(entity, { id: { $in: valid } } as unknown as FilterQuery<E>) : [];
    const byId = new Map(rows.filter(visible).map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * The ids another subgraph owns that each parent links to through a link entity (a
 * petition's heritage objects, a monument's stewards), in id order: one statement per request.
 */
export function linkedIdsLoader<L extends object, P extends keyof L & string, T extends keyof L & string>(
  ctx: RequestContext,
  link: EntityClass<L>,
  parent: P,
  target: T,
): DataLoader<string, string[]> {
  return ctx.loaders.get(`${link.name}.${parent}->${target}`, async (parentIds: readonly string[]) => {
    const rows = await ctx.em.find(link, { [parent]: { $in: [...parentIds] } } as unknown as FilterQuery<L>, {
      orderBy: { [target]: 'asc' } as never,
    });
    const parentOf = (row: L) => (row[parent] as unknown as { id: string }).id;
    return groupByKey(parentIds, rows, parentOf).map((group) => group.map((row) => String(row[target])));
  });
}

/**
 * Whether the signed-in caller owns a row linked to each parent (has signed each petition,
 * answered each consultation): one statement per request; false for anonymous callers,
 * without a statement.
 */
export function viewerOwnsLoader<R extends object, P extends keyof R & string, O extends keyof R & string>(
  ctx: RequestContext,
  entity: EntityClass<R>,
  parent: P,
  owner: O,
): DataLoader<string, boolean> {
  return ctx.loaders.get(`${entity.name}.${parent}.ownedByViewer`, async (parentIds: readonly string[]) => {
    const viewer = ctx.viewer;
    const valid = parentIds.filter(isUuid);
    if (!viewer || !valid.length) return parentIds.map(() => false);
    const rows = await ctx.em.find(entity, { [owner]: viewer.id, [parent]: { $in: valid } } as unknown as FilterQuery<R>, {
      fields: [parent] as never,
    });
    const owned = new Set(rows.map((row) => (row[parent] as unknown as { id: string }).id));
    return parentIds.map((id) => owned.has(id));
  });
}
