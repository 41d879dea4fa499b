import type { ApolloServerPlugin } from '@apollo/server';
import { createRequire } from 'node:module';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import type { OperationLimits } from '../config.js';
import type { GatewayContext } from '../context.js';
import { limitError } from './document-limits.js';

// Depth, aliases, root fields, directives, fragments and selections are counted on the
// parsed document before validation (document-limits.ts); the cost needs the schema and
// the variables, so it is checked here, once the operation is resolved.

// Its CommonJS build: @apollo/gateway builds the schema with CommonJS graphql, and the ESM
// build imports graphql's .mjs, which refuses a schema from the other module instance.
const { getComplexity } = createRequire(import.meta.url)('graphql-query-complexity') as typeof import('graphql-query-complexity');

/** Arguments that say how many items a list field returns. */
const PAGE_SIZE_ARGUMENTS = ['first', 'limit'] as const;

/**
 * Each field costs 1 plus what it selects; a field that returns a page multiplies what it
 * selects by its page size (`first`, with the schema's default when omitted), so a page of
 * 100 petitions, each with a page of 100 signatures by day, costs what it really costs.
 * Other lists (a city's districts) are short and fixed, and count once.
 */
export const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const pageSize = PAGE_SIZE_ARGUMENTS.map((name) => args[name]).find((value) => typeof value === 'number');
  return 1 + childComplexity * (typeof pageSize === 'number' ? Math.max(pageSize, 1) : 1);
};

/** Costs remembered before the cache starts over (a bound on memory; recomputing is cheap). */
const COST_CACHE_ENTRIES = 10_000;

/**
 * The cost budget, checked once the operation and its variables are known (page sizes
 * often come in variables), before any query plan runs. An operation within it spends its
 * cost from the caller's rate-limit allowance (rate-limit.ts), which may refuse it (429).
 */
export function costLimitPlugin(limits: OperationLimits): ApolloServerPlugin<GatewayContext> {
  // A cost depends on the document and its variables only: the same pair is not walked twice
  // (a page read by many residents). Entries for the schema that was replaced are dropped with it.
  let costs = new Map<string, number>();
  let costsOf: unknown;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, queryHash, contextValue }) {
          if (costsOf !== schema || costs.size >= COST_CACHE_ENTRIES) {
            costs = new Map();
            costsOf = schema;
          }
          const key = `${queryHash}\u0000${operationName ?? ''}\u0000${JSON.stringify(request.variables ?? {})}`;
          let cost = costs.get(key);
          if (cost === undefined) {
            try {
              cost = getComplexity({ schema, query: document, variables: request.variables ?? {}, operationName: operationName ?? undefined, estimators: [pageSizeEstimator] });
            } catch {
              // Variables that do not coerce: execution reports them with their own error. (The
              // selection limit keeps every document within the library's node bound.)
              return;
            }
            costs.set(key, cost);
          }
          if (cost > limits.maxCost) {
            throw limitError({ limit: 'cost', max: limits.maxCost, found: cost });
          }
          await contextValue.allowance?.spendCost(cost);
        },
      };
    },
  };
}
