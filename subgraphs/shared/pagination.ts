import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { cacheHint, INHERIT, type CacheHint } from './cache-hints.js';
import { isStorableEpochMs } from './dates.js';
import { BadInputError } from '../../lib/errors.js';
import { message } from '../../lib/messages/index.js';
import { isUuid } from './refs.js';
import { textProblem } from '../../lib/text-rule.js';

/** Page sizes: the default when `first` is omitted, and the cap above which we refuse. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@Directive('@shareable')
@Directive(cacheHint(INHERIT))
@ObjectType({ description: 'Where a page ends, to ask for the next one with `after: endCursor`.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; null on an empty page.' })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 0 to ${MAX_PAGE_SIZE}; null means ${DEFAULT_PAGE_SIZE}.` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  after?: string | null;
}

/** The page size asked for, or a clear error naming `first`. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw new BadInputError('first', message('page.size', { max: MAX_PAGE_SIZE, size }));
  }
  return size;
}

/** Cursor values: what a sort key holds (numbers for dates and counts, strings for ids). */
export type CursorValue = string | number | null;

/**
 * What one position of a cursor holds; each is checked before it reaches SQL, since a
 * value of the wrong type or range makes a driver throw where the client sent bad input.
 * - `date`: epoch milliseconds, a whole number within the dates the graph stores;
 * - `number`: a count, a whole number from 0 to 2³¹ − 1 (an SQL integer);
 * - `string`: a text sort key (a name), meeting the text rule, at most 1,000 characters;
 * - `uuid`: an id;
 * - `distance`: metres, from 0 to half the Earth's circumference;
 * - `position`: a place within a nested list, a whole number from 0 to 2³¹ − 1.
 */
export type CursorKind = 'date' | 'number' | 'string' | 'uuid' | 'distance' | 'position';

/** One position of a cursor: its kind, and whether it may be null (a nullable sort key). */
export interface CursorPart {
  kind: CursorKind;
  nullable?: boolean;
}

/** Longest cursor accepted: ours are well under it (a 300-character name and an id). */
const MAX_CURSOR_LENGTH = 4_096;
const MAX_SQL_INTEGER = 2 ** 31 - 1;
const MAX_DISTANCE_METERS = 20_040_000;

const CURSOR_CHECKS: Record<CursorKind, (value: CursorValue) => boolean> = {
  date: isStorableEpochMs,
  number: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_SQL_INTEGER,
  string: (v) => typeof v === 'string' && v.length <= 1_000 && textProblem(v) === null,
  uuid: (v) => typeof v === 'string' && isUuid(v),
  distance: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_DISTANCE_METERS,
  position: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_SQL_INTEGER,
};

/** Cursors are opaque to clients: base64url of the sort-key values of the last row seen. */
export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * The sort-key values of a cursor, each of the kind its list expects at that position, or
 * BAD_USER_INPUT naming the argument: a cursor this API did not issue for this list and
 * order (garbled, edited, or another list's) never reaches the database.
 */
export function decodeCursor(cursor: string, parts: readonly CursorPart[], field = 'after'): CursorValue[] {
  let values: unknown;
  try {
    if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw new SyntaxError('not base64url');
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const decoded: unknown[] = Array.isArray(values) ? values : [];
  const valid =
    decoded.length === parts.length &&
    parts.every((part, i) => (decoded[i] === null ? !!part.nullable : CURSOR_CHECKS[part.kind](decoded[i] as CursorValue)));
  if (!valid) throw new BadInputError(field, message('cursor.malformed'));
  return decoded as CursorValue[];
}

/** One page of nodes, with each node's cursor. */
export interface Page<T> {
  nodes: readonly T[];
  cursors: readonly string[];
  hasNextPage: boolean;
}

/**
 * What a connection needs to answer: the count and the page, each fetched only if the
 * query selects it (a `petitions { totalCount }` costs one COUNT and no rows).
 */
export interface ConnectionSource<T> {
  count(): Promise<number>;
  page(): Promise<Page<T>>;
}

/** Memoises both halves so that `edges` and `pageInfo` share one fetch. */
export function lazySource<T>(count: () => Promise<number>, page: () => Promise<Page<T>>): ConnectionSource<T> {
  let counted: Promise<number> | undefined;
  let paged: Promise<Page<T>> | undefined;
  return {
    count: () => (counted ??= count()),
    page: () => (paged ??= page()),
  };
}

/** The interface shared by every generated connection class. */
export interface Connection<T> {
  totalCount(): Promise<number>;
  edges(): Promise<{ cursor: string; node: T }[]>;
  pageInfo(): Promise<PageInfo>;
}

/**
 * Builds the `<Name>Connection` and `<Name>Edge` object types of a node type: a Relay-style
 * cursor connection whose fields resolve lazily from a ConnectionSource. `hint` is the
 * connection's own cache hint (it must hold at the root too, where nothing is inherited);
 * edges take the connection's age.
 */
export function connectionOf<T extends object>(
  name: string,
  node: () => ClassType<T>,
  hint: CacheHint,
): new (source: ConnectionSource<T>) => Connection<T> {
  @Directive(cacheHint(INHERIT))
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(node)
    node!: T;
  }

  @Directive(cacheHint(hint))
  @ObjectType(`${name}Connection`, { description: `A page of ${name} objects, with the total over all pages.` })
  class GeneratedConnection implements Connection<T> {
    constructor(private readonly source: ConnectionSource<T>) {}

    @Field(() => Int, { description: 'How many match the filter, over all pages.' })
    totalCount(): Promise<number> {
      return this.source.count();
    }

    @Field(() => [Edge])
    async edges(): Promise<Edge[]> {
      const page = await this.source.page();
      return page.nodes.map((n, i) => ({ cursor: page.cursors[i]!, node: n }));
    }

    @Field(() => PageInfo)
    async pageInfo(): Promise<PageInfo> {
      const page = await this.source.page();
      return { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null };
    }
  }
  return GeneratedConnection;
}
