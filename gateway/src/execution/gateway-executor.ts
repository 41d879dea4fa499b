import { hash } from 'node:crypto';
import type { Schema } from '@apollo/federation-internals';
import { operationFromDocument } from '@apollo/federation-internals';
import { buildOperationContext, type ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import type { GatewayExecutor, GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { OperationContext } from '@apollo/gateway/dist/operationContext.js';
import { graphql } from './errors.js';
import { executePlan } from './execute-plan.js';

/**
 * What of @apollo/gateway's state the executor reads: its schemas, planner, plan cache and
 * data sources, replaced together on every (re)load. Not public API (supergraph.ts reaches
 * for the planner and plan cache the same way): checked at `load`.
 */
interface GatewayState {
  schema: GraphQLSchema;
  apiSchema: Schema;
  supergraphSchema: GraphQLSchema;
  queryPlanner: { buildQueryPlan(operation: unknown, options: object): QueryPlan };
  queryPlanStore: { get(key: string): Promise<QueryPlan | undefined>; set(key: string, plan: QueryPlan): Promise<void> };
  serviceMap: Record<string, { dataSource: GraphQLDataSource }>;
}

/**
 * Apollo Server's gateway with our plan executor (`GATEWAY_EXECUTOR=own`): loading,
 * reloads, schema listeners and stopping stay @apollo/gateway's, and so do planning and
 * its plan cache (the one warmQueryPlans fills); only executing a plan is ours. Apollo
 * Server still parses, validates, resolves persisted queries, runs the plugins and sets the
 * cache policy (the data source restricts it per fetch, as with the stock executor).
 */
export class OwnExecutorGateway implements GatewayInterface {
  constructor(private readonly gateway: ApolloGateway) {}

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback) {
    return this.gateway.onSchemaLoadOrUpdate(callback);
  }

  async load(options: Parameters<GatewayInterface['load']>[0]) {
    const loaded = await this.gateway.load(options);
    const state = this.gateway as unknown as Partial<GatewayState>;
    if (!state.apiSchema || !state.queryPlanner || !state.queryPlanStore || !state.serviceMap || !state.supergraphSchema) {
      throw new Error('GATEWAY_EXECUTOR=own cannot reach the planner of this @apollo/gateway version; use GATEWAY_EXECUTOR=stock');
    }
    return { schema: loaded.schema, executor: this.executor };
  }

  stop(): Promise<void> {
    return this.gateway.stop();
  }

  /** One request: the variables checked, its plan from the cache (planned on a miss), executed, shaped. */
  private readonly executor: GatewayExecutor = async (requestContext) => {
    const state = this.gateway as unknown as GatewayState;
    const { request, document, queryHash } = requestContext;
    // The stock executor's plan-cache key (sha256 of the hash, then the name), so warmed plans are found.
    const key = request.operationName ? hash('sha256', queryHash + request.operationName, 'hex') : queryHash;
    const context = this.operationContext(state.schema, document, request.operationName);
    const definitions = context.operation.variableDefinitions;
    if (definitions?.length) {
      const { errors } = graphql.getVariableValues(context.schema, definitions, request.variables ?? {});
      if (errors) return { errors };
    }
    let plan = await state.queryPlanStore.get(key);
    if (!plan) {
      plan = state.queryPlanner.buildQueryPlan(operationFromDocument(state.apiSchema, document, { operationName: request.operationName }), {});
      await state.queryPlanStore.set(key, plan).catch(() => undefined);
    }
    return executePlan(plan, { apiSchema: state.apiSchema, supergraphSchema: state.supergraphSchema, services: dataSources(state.serviceMap) }, requestContext, context);
  };

  /**
   * The operation's context (its definition and fragments by name), once per parsed
   * document: Apollo Server keeps one document per query text, so repeated requests bring
   * the same object. A schema reload makes new contexts (and Apollo new documents).
   */
  private readonly contexts = new WeakMap<DocumentNode, Map<string, OperationContext>>();

  private operationContext(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): OperationContext {
    let byName = this.contexts.get(document);
    if (!byName) this.contexts.set(document, (byName = new Map()));
    let context = byName.get(operationName ?? '');
    if (!context || context.schema !== schema) {
      context = buildOperationContext({ schema, operationDocument: document, operationName: operationName ?? undefined });
      byName.set(operationName ?? '', context);
    }
    return context;
  }
}

/** The data sources by subgraph name; read per request, as @apollo/gateway updates its service map in place on reload. */
function dataSources(serviceMap: GatewayState['serviceMap']): Record<string, GraphQLDataSource> {
  const services: Record<string, GraphQLDataSource> = Object.create(null);
  for (const name in serviceMap) services[name] = serviceMap[name]!.dataSource;
  return services;
}
