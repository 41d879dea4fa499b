import { maybeCacheControlFromInfo } from '@apollo/cache-control-types';
import type { GraphQLResolveInfo } from 'graphql';

/**
 * How long an answer may be cached, per type and field, as `@cacheControl` hints that
 * Apollo Server's cache-control plugin turns into each subgraph response's `Cache-Control`
 * (a response takes the shortest age and the narrowest scope of what it touched; the
 * gateway combines the subgraphs' headers the same way). Every object type carries one;
 * tests/cache-hints.test.ts fails when one is missing.
 */
export type CacheScope = 'PUBLIC' | 'PRIVATE';

export interface CacheHint {
  maxAge?: number;
  scope?: CacheScope;
  /** Take the parent field's age (value objects, edges): no age of its own. */
  inheritMaxAge?: boolean;
}

/** What moves with every signature or response: petitions, consultations, surveys, statistics, lists of them. */
export const PUBLIC_SHORT: CacheHint = { maxAge: 30, scope: 'PUBLIC' };

/** Reference data that changes rarely: places, organisations and their documents, heritage objects, their conditions and media. */
export const PUBLIC_LONG: CacheHint = { maxAge: 300, scope: 'PUBLIC' };

/** Tied to the caller (their own data, staff-only data, a mutation's answer): never stored. */
export const PRIVATE: CacheHint = { maxAge: 0, scope: 'PRIVATE' };

/**
 * A field whose answer differs per caller on an otherwise public object (`viewerHasSigned`):
 * the object's age stands, but only the caller's own cache may keep the answer. Resolvers
 * call `publicForAnonymous` so that anonymous answers (all alike) stay shareable.
 */
export const PER_VIEWER: CacheHint = { scope: 'PRIVATE' };

/**
 * For a PER_VIEWER field: every anonymous caller gets the same answer, so theirs is public
 * (CDN- and response-cacheable pages); the gateway keeps anonymous and signed-in answers
 * apart in its cache and sends `Vary: Authorization`.
 */
export function publicForAnonymous(info: GraphQLResolveInfo, viewer: unknown): void {
  if (!viewer) maybeCacheControlFromInfo(info)?.setCacheHint({ scope: 'PUBLIC' });
}

/** Wrappers (edges, `PageInfo`, value objects): as old as whatever holds them. */
export const INHERIT: CacheHint = { inheritMaxAge: true };

/** The directive for type-graphql's `@Directive(...)`, e.g. `@Directive(cacheHint(PUBLIC_LONG))`. */
export function cacheHint(hint: CacheHint): string {
  const args: string[] = [];
  if (hint.maxAge !== undefined) args.push(`maxAge: ${hint.maxAge}`);
  if (hint.scope) args.push(`scope: ${hint.scope}`);
  if (hint.inheritMaxAge) args.push('inheritMaxAge: true');
  return `@cacheControl(${args.join(', ')})`;
}
