import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLDateTime } from 'graphql-scalars';
import { gql } from 'graphql-tag';
import merge from 'lodash.merge';
import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './auth.js';
import type { RequestContext } from './context.js';
import { guardArguments } from './argument-guard.js';
import { NO_PUB_SUB } from './subscriptions.js';

/** A federated entity's reference resolver: representation in, object (or null) out (`info` for cache hints). */
export type ReferenceResolver = (
  representation: { __typename: string; id: string },
  context: RequestContext,
  info: GraphQLResolveInfo,
) => unknown;

export interface FederatedSchemaOptions {
  resolvers: NonEmptyArray<Function>;
  /** Types no resolver returns directly (entities other subgraphs extend, for instance). */
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type name. */
  references: Record<string, ReferenceResolver>;
  /**
   * What the subgraph's resolvers need beyond the request context (its rules, its peers):
   * each resolver class is constructed once with it (type-graphql's container).
   */
  services?: unknown;
}

/**
 * Builds a federation-2 subgraph schema from type-graphql classes: type-graphql builds the
 * schema, its SDL (with @key/@shareable directives) and resolvers go to @apollo/subgraph,
 * which adds `_entities`, `_service` and the entity union. Written once, used by every subgraph.
 */
export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    authChecker,
    authMode: 'error',
    // Subscription fields bring their own `subscribe` (shared/subscriptions.ts); type-graphql still asks for a PubSub.
    pubSub: NO_PUB_SUB,
    container: resolverContainer(options.services),
    // Inputs are checked by hand where they are used, to name the field in the error.
    validate: false,
    skipCheck: true,
    emitSchemaFile: false,
  });
  const references = Object.fromEntries(
    Object.entries(options.references).map(([type, resolve]) => [type, { __resolveReference: resolve }]),
  );
  // Every argument meets the text and date rules before any resolver sees it (argument-guard.ts).
  return guardArguments(buildSubgraphSchema({
    typeDefs: gql`
      extend schema
        @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

      # Apollo Server's cache-control plugin reads these hints (values in cache-hints.ts).
      enum CacheControlScope {
        PUBLIC
        PRIVATE
      }
      directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION

      ${printSchemaWithDirectives(schema)}
    `,
    resolvers: merge(createResolversMap(schema), references) as never,
  }));
}

/** One instance per resolver class, constructed with the subgraph's services. */
function resolverContainer(services: unknown) {
  const instances = new Map<Function, unknown>();
  return {
    get(resolverClass: new (services: unknown) => unknown) {
      let instance = instances.get(resolverClass);
      if (!instance) instances.set(resolverClass, (instance = new resolverClass(services)));
      return instance;
    },
  };
}
