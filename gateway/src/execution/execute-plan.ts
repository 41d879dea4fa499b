import type { Schema } from '@apollo/federation-internals';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { OperationContext } from '@apollo/gateway/dist/operationContext.js';
import type { QueryPlan } from '@apollo/query-planner';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { GraphQLSchema } from 'graphql';
import { graphql } from './errors.js';
import type { ExecutionState } from './fetch.js';
import { runNode } from './plan-runner.js';
import { operationOf, shapeResponse } from './shape.js';

/** The supergraph a plan was made for, and the data sources its fetches go to. */
export interface PlanTarget {
  apiSchema: Schema;
  supergraphSchema: GraphQLSchema;
  services: Readonly<Record<string, GraphQLDataSource>>;
}

/**
 * Executes a query plan, a drop-in for @apollo/gateway's `executeQueryPlan` (same
 * arguments but the telemetry config, same result): the fetches write into one result tree,
 * which is then shaped to the operation. Errors keep the stock executor's order, paths,
 * codes and `serviceName`; a failed fetch leaves nulls.
 */
export async function executePlan(
  plan: QueryPlan,
  gateway: PlanTarget,
  requestContext: GatewayGraphQLRequestContext,
  context: OperationContext,
): Promise<GatewayExecutionResult> {
  let operation;
  try {
    operation = operationOf(plan, gateway.apiSchema, context);
  } catch (error) {
    if (error instanceof graphql.GraphQLError) return { errors: [error] };
    throw error;
  }
  const data: Record<string, unknown> = Object.create(null);
  const state: ExecutionState = {
    services: gateway.services,
    requestContext,
    supergraph: gateway.supergraphSchema,
    variables: requestContext.request.variables ?? {},
    data,
    errors: [],
  };
  const root = plan.node;
  if (root?.kind === 'Subscription') throw new Error('Execution of subscriptions not supported by gateway');
  if (root) await runNode(state, operation.variableDefinitions, root, [], data);
  const errors = state.errors as GatewayExecutionResult['errors'] & object;
  try {
    const shaped = shapeResponse(operation, context, requestContext.request.variables, data);
    // As the stock executor: shaping errors (a subgraph's value that breaks the schema) are reported only when nothing else failed.
    if (errors.length === 0 && shaped.errors.length > 0) return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
    return errors.length === 0 ? { data: shaped.data } : { errors, data: shaped.data };
  } catch (error) {
    if (error instanceof graphql.GraphQLError) return { errors: [error] };
    if (error instanceof Error) return { errors: [new graphql.GraphQLError(error.message, { originalError: error })] };
    return { errors: [new graphql.GraphQLError('Unexpected error during query plan execution')] };
  }
}
