import type { EntityName } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { RequestContext } from './context.js';
import { decodeCursor, encodeCursor, lazySource, pageSize, type ConnectionSource } from './pagination.js';
import { countsPerParent, orderSql, pagesPerParent, type ParentPage, type SortKey } from './queries.js';

/** How a parent's rows are found: adds the parent key as `__parent` and keeps the parents asked. */
export type ParentJoin = (query: Knex.QueryBuilder, parentIds: readonly string[]) => Knex.QueryBuilder;

/** A list nested under a parent entity, such as `Organization.petitions`. */
export interface NestedList<E> {
  /** The relation, e.g. `Organization.petitions`. */
  relation: string;
  /** What else shapes the list (filter, sort): parents asking with equal variants share one loader. */
  variant: unknown;
  entity: EntityName<E>;
  /** The filtered rows of the entity, before joining the parents (built, hence validated, up front). */
  base: Knex.QueryBuilder;
  join: ParentJoin;
  /** Order within one parent, ending with a unique key. */
  order: readonly SortKey<E>[];
}

/** Whether a field's selection (fragments included) asks for any of the given sub-fields. */
export function selects(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return names.includes(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

/**
 * The connection of one parent's nested list. Every parent of the request asking for the
 * same list with the same arguments shares one loader, hence one SQL statement: a GROUP BY
 * count when only `totalCount` is selected, else a windowed page query that also counts.
 * Nested cursors are positions within the parent's list.
 */
export function nestedConnection<E extends object>(
  ctx: RequestContext,
  list: NestedList<E>,
  parentId: string,
  args: { first?: number | null; after?: string | null },
  info: GraphQLResolveInfo,
): ConnectionSource<E> {
  const first = pageSize(args.first);
  const offset = args.after ? positionOf(args.after) : 0;
  const wantsPage = selects(info, ['edges', 'pageInfo']);
  const name = `${list.relation}:${JSON.stringify(list.variant ?? null)}`;
  const base = (parentIds: readonly string[]) => list.join(list.base.clone(), parentIds);
  const pages = ctx.loaders.get<string, ParentPage<E>>(`${name}:page:${offset}:${first}`, async (parentIds) => {
    const found = await pagesPerParent(ctx.em, list.entity, base(parentIds), orderSql(list.order), offset, first + 1, parentIds);
    return parentIds.map((id) => found.get(id) ?? { nodes: [], total: 0 });
  });
  const counts = ctx.loaders.get<string, number>(`${name}:count`, async (parentIds) => {
    const found = await countsPerParent(ctx.em, base(parentIds));
    return parentIds.map((id) => found.get(id) ?? 0);
  });
  return lazySource(
    async () => (wantsPage ? (await pages.load(parentId)).total : counts.load(parentId)),
    async () => {
      const page = await pages.load(parentId);
      const nodes = page.nodes.slice(0, first);
      return {
        nodes,
        cursors: nodes.map((_, i) => encodeCursor([offset + i + 1])),
        hasNextPage: page.nodes.length > first,
      };
    },
  );
}

function positionOf(cursor: string): number {
  const [position] = decodeCursor(cursor, [{ kind: 'position' }]);
  return position as number;
}
