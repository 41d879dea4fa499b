import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext, type GraphQLResponse } from '@apollo/server';
import type { CacheHint } from '@apollo/cache-control-types';
import type { FormattedExecutionResult } from 'graphql';
import { formatRoleClaims } from '../../../lib/identity.js';
import type { GatewayContext } from '../context.js';

/** What the first of a set of identical queries answered, for the others to send too. */
interface SharedAnswer {
  result: FormattedExecutionResult;
  status?: number;
  /** The answer's cache policy (null: not cacheable), so each copy gets the same Cache-Control. */
  policy: Required<CacheHint> | null;
}

/** Longer than any subgraph timeout: a follower whose leader never answers runs its own query. */
const FOLLOWER_PATIENCE_MS = 30_000;

/**
 * In-flight deduplication: while a query is being answered, identical ones (same caller
 * and roles, language, document, operation and variables) wait for that answer instead of
 * planning and fetching again, as Hive Gateway's `inboundInflightRequestDeduplication` and
 * Apollo Router's query deduplication do. A popular petition's page under a burst then
 * costs the subgraphs one fetch per burst, not one per reader.
 *
 * Only queries; never mutations. Every request still passes its own checks first (token,
 * rate limit, safelist, limits, cost), as this runs in `responseForOperation`, after them,
 * and after the response cache (whose hits are cheaper still). The caller is part of the
 * key, so an answer with private fields only reaches the caller it was made for. So is
 * `readingSince`, the response cache's generation when the query began (cache/freshness.ts):
 * a query never shares an answer begun before a write it came after; where that is
 * unknown (Redis away), it is not shared.
 */
export function inflightDedupePlugin(
  onShared?: () => void,
  readingSince?: (request: GraphQLRequestContext<GatewayContext>['request']) => Promise<number | undefined>,
): ApolloServerPlugin<GatewayContext> {
  const inflight = new Map<string, Promise<SharedAnswer | null>>();
  return {
    async requestDidStart() {
      let leader: { key: string; resolve(answer: SharedAnswer | null): void } | undefined;
      return {
        async responseForOperation(requestContext): Promise<GraphQLResponse | null> {
          if (requestContext.operation?.operation !== 'query') return null;
          const since = readingSince ? await readingSince(requestContext.request) : 0;
          if (since === undefined) return null;
          const key = `${since}\u0000${dedupeKey(requestContext)}`;
          const pending = inflight.get(key);
          if (!pending) {
            let resolve!: (answer: SharedAnswer | null) => void;
            inflight.set(key, new Promise((r) => (resolve = r)));
            leader = { key, resolve };
            return null;
          }
          const answer = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), FOLLOWER_PATIENCE_MS).unref())]);
          if (!answer) return null;
          onShared?.();
          requestContext.overallCachePolicy.restrict(answer.policy ?? { maxAge: 0 });
          return { http: { status: answer.status, headers: new HeaderMap() }, body: { kind: 'single', singleResult: answer.result } };
        },
        async willSendResponse({ response, overallCachePolicy }) {
          if (!leader) return;
          inflight.delete(leader.key);
          const policy = overallCachePolicy.policyIfCacheable();
          leader.resolve(response.body.kind === 'single' ? { result: response.body.singleResult, status: response.http.status, policy } : null);
          leader = undefined;
        },
      };
    },
  };
}

function dedupeKey({ contextValue, queryHash, operationName, request }: GraphQLRequestContext<GatewayContext>): string {
  const { viewer, locale } = contextValue;
  const caller = viewer ? `${viewer.id}:${formatRoleClaims(viewer.grants).join(',')}` : '';
  return `${caller}\u0000${locale}\u0000${queryHash}\u0000${operationName ?? ''}\u0000${JSON.stringify(request.variables ?? {})}`;
}
