import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { createRequire } from 'node:module';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import type { OperationLimits } from '../config.js';
import type { GatewayContext } from '../context.js';

/** What a refusal says: which limit, its maximum and what was asked; GRAPHQL_VALIDATION_FAILED, HTTP 400. */
function limitError(limit: string, max: number, found: number, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, max, found, http: { status: 400 } } });
}

/**
 * Depth and aliases are graphql-armor's validation rules (they follow fragments and
 * cannot be fooled by spreading one field many times); they report through our error so
 * each refusal names its limit. Apollo caches a validated document, so a known client
 * operation is checked once, not per request.
 */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  const report = (limit: string, max: number) => (context: ValidationContext | null, error: GraphQLError) => {
    if (!context) return;
    const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? NaN);
    context.reportError(limitError(limit, max, found, error.message.replace(/^Syntax Error: /, '')));
  };
  return [
    maxDepthRule({ n: limits.maxDepth, exposeLimits: true, propagateOnRejection: false, onReject: [report('depth', limits.maxDepth)] }),
    maxAliasesRule({ n: limits.maxAliases, exposeLimits: true, propagateOnRejection: false, onReject: [report('aliases', limits.maxAliases)] }),
    maxRootFieldsRule(limits.maxRootFields),
  ];
}

/**
 * Root fields per operation: each one is a separate query plan branch, often a separate
 * subgraph fetch, so a wide operation is as expensive as many requests. (No maintained
 * library counts these; it is a dozen lines over graphql-js's visitor.)
 */
function maxRootFieldsRule(max: number): ValidationRule {
  return (context): ASTVisitor => ({
    OperationDefinition(operation) {
      const found = countFields(context, operation.selectionSet, new Set());
      if (found > max) {
        context.reportError(limitError('rootFields', max, found, `Root field limit of ${max} exceeded, found ${found}.`));
      }
    },
  });
}

function countFields(context: ValidationContext, selectionSet: SelectionSetNode, seen: Set<string>): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += selection.name.value === '__typename' ? 0 : 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countFields(context, selection.selectionSet, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += countFields(context, fragment.selectionSet, seen);
    }
  }
  return count;
}

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
 * often come in variables), before any query plan runs.
 */
export function costLimitPlugin(limits: OperationLimits): ApolloServerPlugin<GatewayContext> {
  // A cost depends on the document and its variables only: the same pair is not walked twice
  // (a page read by many residents). Entries for the schema that was replaced are dropped with it.
  let costs = new Map<string, number>();
  let costsOf: unknown;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, queryHash }) {
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
              // Variables that do not coerce: execution reports them with their own error.
              return;
            }
            costs.set(key, cost);
          }
          if (cost > limits.maxCost) {
            throw limitError('cost', limits.maxCost, cost, `Operation cost ${cost} exceeds the limit of ${limits.maxCost}; ask for smaller pages.`);
          }
        },
      };
    },
  };
}
