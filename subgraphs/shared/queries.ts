import type { EntityName } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { BadInputError } from '../../lib/errors.js';
import { message } from '../../lib/messages/index.js';
import { decodeCursor, encodeCursor, type CursorKind, type CursorValue, type Page } from './pagination.js';

/**
 * One key of a list's order. Lists always end with a unique key (the id), so the order is
 * total and a keyset cursor never skips or repeats a row.
 */
export interface SortKey<E> {
  /** Column of the list's base query. */
  column: string;
  /** The same value on the mapped entity, read to build cursors. */
  property: keyof E & string;
  direction: 'asc' | 'desc';
  /** What the key holds, hence how a cursor's value for it is checked (see `CursorKind`). */
  kind: Extract<CursorKind, 'date' | 'number' | 'string' | 'uuid'>;
  /** Nullable keys sort their nulls last in both directions, on SQLite and PostgreSQL alike. */
  nullable?: boolean;
}

/** A Date as the database compares it: milliseconds on SQLite (how MikroORM stores them), a timestamp on PostgreSQL. */
export function dbDate(em: SqlEntityManager, date: Date): unknown {
  return em.getPlatform().processDateProperty(date);
}

function cursorValue<E>(key: SortKey<E>, entity: E): CursorValue {
  const value = entity[key.property] as unknown;
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  return value as string | number;
}

function sqlValue<E>(em: SqlEntityManager, key: SortKey<E>, value: CursorValue): unknown {
  if (key.kind === 'date') {
    if (typeof value !== 'number') throw new TypeError('date cursor value');
    return dbDate(em, new Date(value));
  }
  if (key.kind === 'number' && typeof value !== 'number') throw new TypeError('number cursor value');
  if ((key.kind === 'string' || key.kind === 'uuid') && typeof value !== 'string') throw new TypeError('string cursor value');
  return value;
}

/** `ORDER BY` of the keys, nulls last. */
export function orderSql<E>(keys: readonly SortKey<E>[], alias = 'b'): string {
  return keys.map((k) => `${alias}.${k.column} ${k.direction}${k.nullable ? ' nulls last' : ''}`).join(', ');
}

/** Rows strictly after a cursor: (k1 > v1) OR (k1 = v1 AND k2 > v2) OR ...; false when nothing can follow. */
function whereAfter<E>(em: SqlEntityManager, query: Knex.QueryBuilder, keys: readonly SortKey<E>[], values: CursorValue[]): boolean {
  const disjuncts: ((qb: Knex.QueryBuilder) => void)[] = [];
  keys.forEach((key, i) => {
    const value = values[i]!;
    if (value === null) return; // nulls sort last: only later keys can move past a null
    const column = `b.${key.column}`;
    const op = key.direction === 'asc' ? '>' : '<';
    const beyond = sqlValue(em, key, value);
    const equalBefore = keys.slice(0, i).map((k, j) => [`b.${k.column}`, values[j] === null ? null : sqlValue(em, k, values[j]!)] as const);
    disjuncts.push((qb) => {
      for (const [col, v] of equalBefore) {
        if (v === null) qb.whereNull(col);
        else qb.where(col, v as Knex.Value);
      }
      qb.where((inner) => {
        inner.where(column, op, beyond as Knex.Value);
        if (key.nullable) inner.orWhereNull(column);
      });
    });
  });
  if (!disjuncts.length) return false;
  query.where((outer) => {
    for (const disjunct of disjuncts) outer.orWhere((qb) => disjunct(qb));
  });
  return true;
}

/**
 * One page of a top-level list by keyset: rows of `base` after the cursor, in key order,
 * `first + 1` of them (the extra one tells whether another page exists). Deep pages cost
 * what the first costs, given an index on the keys. One statement.
 */
export async function keysetPage<E extends object>(
  em: SqlEntityManager,
  entity: EntityName<E>,
  base: Knex.QueryBuilder,
  keys: readonly SortKey<E>[],
  first: number,
  after: string | null | undefined,
): Promise<Page<E>> {
  const knex = em.getKnex();
  const query = knex.select('b.*').from(base.as('b'));
  if (after) {
    const values = decodeCursor(after, keys);
    let hasRows: boolean;
    try {
      hasRows = whereAfter(em, query, keys, values);
    } catch {
      throw new BadInputError('after', message('cursor.otherList'));
    }
    if (!hasRows) return { nodes: [], cursors: [], hasNextPage: false };
  }
  query.orderByRaw(orderSql(keys)).limit(first + 1);
  const rows: Record<string, unknown>[] = await em.execute(query);
  const nodes = rows.slice(0, first).map((row) => em.map(entity, row as never));
  return {
    nodes,
    cursors: nodes.map((node) => encodeCursor(keys.map((key) => cursorValue(key, node)))),
    hasNextPage: rows.length > first,
  };
}

/** How many rows `base` selects. One statement. */
export async function countRows(em: SqlEntityManager, base: Knex.QueryBuilder): Promise<number> {
  const query = em.getKnex().count({ total: '*' }).from(base.clone().clearSelect().clearOrder().select(em.getKnex().raw('1')).as('b'));
  const [row] = (await em.execute(query)) as { total: number | string }[];
  return Number(row?.total ?? 0);
}

/** Groups rows by a key, in the order of the keys asked (DataLoader's contract). */
export function groupByKey<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}

/** A page of a nested list per parent, for the nested-connection loaders. */
export interface ParentPage<E> {
  nodes: E[];
  total: number;
}

const PARENT = '__parent';

/**
 * The first `limit` rows per parent of a nested list, and each parent's total, in one
 * statement, with window functions (SQLite ≥ 3.25 and PostgreSQL alike). `base` selects
 * the entity's columns and the parent key aliased as `__parent`; `orderSql` orders rows
 * within a parent by columns of `base`.
 */
export async function pagesPerParent<E extends object>(
  em: SqlEntityManager,
  entity: EntityName<E>,
  base: Knex.QueryBuilder,
  orderSql: string,
  offset: number,
  limit: number,
  parentIds: readonly string[],
): Promise<Map<string, ParentPage<E>>> {
  const knex = em.getKnex();
  if (parentIds.length === 1) return singleParentPage(em, entity, base, orderSql, offset, limit, parentIds[0]!);
  const numbered = knex
    .select('b.*')
    .select(knex.raw(`row_number() over (partition by b.${PARENT} order by ${orderSql}) as __rn`))
    .select(knex.raw(`count(*) over (partition by b.${PARENT}) as __total`))
    .from(base.as('b'));
  const query = knex
    .select('*')
    .from(numbered.as('w'))
    .where('__rn', '>', offset)
    .andWhere('__rn', '<=', offset + limit)
    .orderBy([PARENT, '__rn']);
  const rows: Record<string, unknown>[] = await em.execute(query);
  const pages = new Map<string, ParentPage<E>>();
  for (const { [PARENT]: parent, __rn: _rn, __total: total, ...columns } of rows) {
    const key = String(parent);
    let page = pages.get(key);
    if (!page) pages.set(key, (page = { nodes: [], total: Number(total) }));
    page.nodes.push(em.map(entity, columns as never));
  }
  return pages;
}

/**
 * The page of a list with one parent (a district's petitions): numbering every row of the
 * parent to keep a few would read the parent's whole history, so this reads the page by
 * `LIMIT`/`OFFSET` along the list's index and counts beside it, still one statement. Its
 * cost stays with the page size, not with how many rows the parent has.
 */
async function singleParentPage<E extends object>(
  em: SqlEntityManager,
  entity: EntityName<E>,
  base: Knex.QueryBuilder,
  orderSql: string,
  offset: number,
  limit: number,
  parentId: string,
): Promise<Map<string, ParentPage<E>>> {
  const knex = em.getKnex();
  const total = knex.count('*').from(base.clone().clearSelect().clearOrder().select(knex.raw('1')).as('c'));
  const query = knex
    .select('b.*')
    .select(knex.raw('(?) as __total', [total]))
    .from(base.as('b'))
    .orderByRaw(orderSql)
    .limit(limit)
    .offset(offset);
  const rows: Record<string, unknown>[] = await em.execute(query);
  const pages = new Map<string, ParentPage<E>>();
  if (!rows.length) return pages;
  const page: ParentPage<E> = { nodes: [], total: Number(rows[0]!.__total) };
  for (const { [PARENT]: _parent, __total: _total, ...columns } of rows) page.nodes.push(em.map(entity, columns as never));
  pages.set(parentId, page);
  return pages;
}

/** How many rows of a nested list each parent has, in one `GROUP BY` statement. */
export async function countsPerParent(em: SqlEntityManager, base: Knex.QueryBuilder): Promise<Map<string, number>> {
  const knex = em.getKnex();
  const query = knex.select(PARENT).count({ total: '*' }).from(base.as('b')).groupBy(PARENT);
  const rows: { __parent: unknown; total: number | string }[] = await em.execute(query);
  return new Map(rows.map((row) => [String(row.__parent), Number(row.total)]));
}
