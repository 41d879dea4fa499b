import { createRequire } from 'node:module';
import { ERRORS, errorCodeDef } from '@apollo/federation-internals';
import { generateHydratedPaths } from '@apollo/gateway/dist/executeQueryPlan.js';
import type { ResponsePath } from '@apollo/query-planner';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';

// The CommonJS graphql, as @apollo/gateway's errors are made with it: Apollo Server and
// format-error.ts then see ours exactly as they see the stock executor's.
const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** Where a fetch wrote: the response path of its cursor, and the entities it covered. */
export interface FetchPlace {
  /** The plan's path to the fetch (with `@` for list elements). */
  path: ResponsePath;
  /** The whole result tree (entity errors are re-pathed through it). */
  root: Record<string, unknown>;
  /** Whether the fetch was an `_entities` fetch. */
  entities: boolean;
  /** For an `_entities` fetch: the entity index of each representation sent. */
  representationToEntity?: number[];
}

/**
 * A subgraph's error on its way to the client, as @apollo/gateway makes it: its message
 * and extensions kept, `serviceName` added (format-error.ts tells a subgraph's errors by
 * it), a known federation code kept, else DOWNSTREAM_SERVICE_ERROR unless it has a code,
 * and its path re-pathed into the client's response: an `_entities` error to the entity's
 * own path, any other error under the fetch's path.
 */
export function subgraphErrors(errors: readonly GraphQLFormattedError[], serviceName: string, place: FetchPlace): GraphQLError[] {
  let hydrated: ResponsePath[] | undefined;
  const pathOf = (errorPath: readonly (string | number)[] | undefined): ResponsePath | undefined => {
    if (place.entities && typeof errorPath?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        generateHydratedPaths([], place.path, place.root, hydrated);
      }
      const entity = place.representationToEntity?.[errorPath[1]] ?? errorPath[1];
      return [...(hydrated[entity] ?? []), ...errorPath.slice(2)];
    }
    return errorPath ? [...place.path, ...errorPath] : undefined;
  };
  return errors.map((error) => {
    const message = error.message || `Error while fetching subquery from service "${serviceName}"`;
    const options = {
      originalError: error as unknown as Error,
      path: pathOf(error.path),
      extensions: { ...error.extensions, serviceName },
    };
    const codeDef = errorCodeDef(error as never);
    if (!codeDef && error.extensions?.code) return new graphql.GraphQLError(message, options);
    return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options) as unknown as GraphQLError;
  });
}

export { graphql };
