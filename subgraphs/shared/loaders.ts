import type { EntityClass, EntityProperty, FilterQuery } from '@mikro-orm/core';
import type DataLoader from 'dataloader';
import type { RequestContext } from './context.js';
import { groupByKey } from './queries.js';
import { isUuid } from './refs.js';

/**
 * An entity by id, for lookups and `_entities`: one statement per request however many
 * ids are asked. Unknown ids, ids that are no UUID and rows `visible` rejects answer null.
 * The statement is written here rather than through `em.find`: building it through
 * MikroORM's query builder and knex cost more than reading and mapping the rows
 * (`npm run bench:profile`), and as plain SQL it runs as one prepared statement per batch
 * size (prepared-reads.ts). The rows become managed entities all the same (`em.map`).
 */
export function byIdLoader<E extends { id: string }>(
  ctx: RequestContext,
  entity: EntityClass<E>,
  visible: (row: E) => boolean = () => true,
): DataLoader<string, E | null> {
  return ctx.loaders.get(`${entity.name}.byId`, async (ids: readonly string[]) => {
    const valid = ids.filter(isUuid);
    const { table, column } = sqlNames(ctx, entity);
    const rows = valid.length ? await ctx.em.execute<Record<string, unknown>[]>(`select * from ${table} where ${column('id')} in (${placeholders(valid)})`, valid) : [];
    const byId = new Map<string, E>();
    for (const row of rows) {
      const found = ctx.em.map(entity, row as never);
      if (visible(found)) byId.set(found.id, found);
    }
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** `?, ?, ?`: one placeholder per value. */
function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/**
 * An entity's table and its properties' columns, quoted for the database; `field` is a
 * column's name as rows carry it. (DataLoader hands a batch each key once: no duplicates to drop.)
 */
function sqlNames<E>(ctx: RequestContext, entity: EntityClass<E>): { table: string; column(property: string): string; field(property: string): string } {
  const meta = ctx.em.getMetadata().get<E>(entity.name);
  const platform = ctx.em.getPlatform();
  const properties = meta.properties as Record<string, EntityProperty<E>>;
  const field = (property: string) => properties[property]!.fieldNames[0]!;
  return { table: platform.quoteIdentifier(meta.tableName), column: (property) => platform.quoteIdentifier(field(property)), field };
}

/**
 * The rows of an entity that belong to each parent (its many-to-one `parent`), in the order
 * given, as managed entities: one plain statement per request (see byIdLoader).
 */
export function rowsOfParentsLoader<E extends object>(
  ctx: RequestContext,
  key: string,
  entity: EntityClass<E>,
  parent: keyof E & string,
  order: readonly (readonly [keyof E & string, 'asc' | 'desc'])[],
): DataLoader<string, E[]> {
  return ctx.loaders.get(key, async (parentIds: readonly string[]) => {
    const { table, column, field } = sqlNames(ctx, entity);
    const orderBy = order.map(([property, direction]) => `${column(property)} ${direction}`).join(', ');
    const rows = await ctx.em.execute<Record<string, unknown>[]>(
      `select * from ${table} where ${column(parent)} in (${placeholders(parentIds)}) order by ${orderBy}`,
      [...parentIds],
    );
    const mapped = rows.map((row) => ({ parent: String(row[field(parent)]), entity: ctx.em.map(entity, row as never) }));
    return groupByKey(parentIds, mapped, (m) => m.parent).map((group) => group.map((m) => m.entity));
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
    // Two columns of the link table, no entities: only the ids are wanted (see byIdLoader on plain statements).
    const { table, column } = sqlNames(ctx, link);
    const rows = await ctx.em.execute<{ parent: string; target: string }[]>(
      `select ${column(parent)} as parent, ${column(target)} as target from ${table} where ${column(parent)} in (${placeholders(parentIds)}) order by ${column(target)} asc`,
      [...parentIds],
    );
    return groupByKey(parentIds, rows, (row) => String(row.parent)).map((group) => group.map((row) => String(row.target)));
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
