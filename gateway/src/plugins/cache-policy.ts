import type { ApolloServerPlugin } from '@apollo/server';
import ApolloServerPluginResponseCache from '@apollo/server-plugin-response-cache';
import type { CacheFreshness } from '../cache/freshness.js';
import type { GatewayContext } from '../context.js';

/**
 * The gateway's Cache-Control: Apollo's cache-control plugin combines the subgraphs'
 * headers (their per-type hints) into the response's; mutations are never cacheable,
 * whatever the types they return; and answers vary with language and sign-in.
 */
export function cachePolicyPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, overallCachePolicy }) {
          if (operation?.operation !== 'query') overallCachePolicy.restrict({ maxAge: 0 });
        },
        async willSendResponse({ response }) {
          // Answers differ by language, and anonymous answers from signed-in ones (`viewerHasSigned`).
          response.http.headers.set('vary', 'accept-language, authorization');
        },
      };
    },
  };
}

/**
 * Whole public answers, kept for their max-age in the shared cache (Redis across
 * replicas, else memory) and keyed by document, variables, language and whether the
 * caller is signed in (an anonymous `viewerHasSigned: false` is public, but not an answer
 * for a resident). Answers with any private part are never stored (no session id is
 * given), so one caller's data cannot reach another. Stored with tags, and forgotten as
 * soon as a write or event touches what they show (cache/freshness.ts).
 */
export function responseCachePlugin(freshness: CacheFreshness): ApolloServerPlugin<GatewayContext> {
  return freshness.track(
    ApolloServerPluginResponseCache<GatewayContext>({
      cache: freshness.responseCache,
      sessionId: async () => null,
      extraCacheKeyData: async ({ contextValue }: { contextValue: GatewayContext }) => `${contextValue.locale}:${contextValue.viewer ? 'signed-in' : 'anonymous'}`,
    }),
  );
}
