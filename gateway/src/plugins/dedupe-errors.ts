import type { ApolloServerPlugin } from '@apollo/server';

/**
 * One error per cause. A shareable root field such as `me` is fetched from several
 * subgraphs in parallel (the cheapest plan), and each refuses an anonymous caller the
 * same way; a client should read that once, not once per subgraph. Likewise a subgraph
 * that could not answer several fetches of one request is named once.
 */
export function dedupeErrorsPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors?.length) return;
          const seen = new Set<string>();
          response.body.singleResult.errors = response.body.singleResult.errors.filter((error) => {
            const key = JSON.stringify([error.message, error.path, error.extensions?.code, error.extensions?.service, error.extensions?.field]);
            if (seen.has(key)) return false;
            seen.add(key);
            return true;
          });
        },
      };
    },
  };
}
