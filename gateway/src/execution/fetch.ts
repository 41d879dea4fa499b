import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { applyRewrites } from '@apollo/gateway/dist/dataRewrites.js';
import type { FetchNode, ResponsePath } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import { subgraphErrors } from './errors.js';
import { writeInto } from './merge.js';
import { representationOf } from './representations.js';

/** What every fetch of one execution shares. */
export interface ExecutionState {
  services: Readonly<Record<string, GraphQLDataSource>>;
  requestContext: GatewayGraphQLRequestContext;
  supergraph: GraphQLSchema;
  /** The client's variables, coerced by the caller (defaults are the subgraphs' to apply). */
  variables: Record<string, unknown>;
  /** The result tree every fetch writes into. */
  data: Record<string, unknown>;
  /** Errors in the order they were met: subgraph errors (re-pathed) and fetches that failed. */
  errors: unknown[];
}

/**
 * One fetch: its variables, for an entity fetch the representations of the entities under
 * the cursor, the subgraph call through its data source (which restricts the request's
 * cache policy and parses the answer once), then the answer written into those entities
 * in place. Errors are collected; a failed fetch leaves its fields absent (null after shaping).
 */
export async function executeFetch(state: ExecutionState, fetch: FetchNode, path: ResponsePath, cursor: unknown): Promise<void> {
  const service = state.services[fetch.serviceName];
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities = Array.isArray(cursor) ? cursor.filter((entity) => entity !== null && entity !== undefined) : [cursor];
  if (entities.length === 0) return;
  const variables: Record<string, unknown> = Object.create(null);
  if (fetch.variableUsages) {
    for (const name of fetch.variableUsages) {
      const value = Object.prototype.hasOwnProperty.call(state.variables, name) ? state.variables[name] : undefined;
      if (value !== undefined) variables[name] = value;
    }
  }
  if (!fetch.requires) {
    const received = await send(state, service, fetch, variables, path, { entities: false });
    if (!received) return;
    if (fetch.outputRewrites) applyRewrites(state.supergraph, fetch.outputRewrites, received);
    for (const entity of entities) writeInto(entity as Record<string, unknown>, received);
    return;
  }
  const representations: Record<string, unknown>[] = [];
  const representationToEntity: number[] = [];
  for (let index = 0; index < entities.length; index++) {
    const representation = representationOf(state.supergraph, entities[index], fetch.requires);
    if (representation && representation.__typename) {
      if (fetch.inputRewrites) applyRewrites(state.supergraph, fetch.inputRewrites, representation);
      representations.push(representation);
      representationToEntity.push(index);
    }
  }
  if (representations.length === 0) return;
  if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
  variables.representations = representations;
  const received = await send(state, service, fetch, variables, path, { entities: true, representationToEntity });
  if (!received) return;
  const answered = received._entities;
  if (!Array.isArray(answered)) throw new Error('Expected "data._entities" in response to be an array');
  if (answered.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  for (let i = 0; i < answered.length; i++) {
    const entity = entities[representationToEntity[i]!] as Record<string, unknown>;
    const answer = answered[i] as Record<string, unknown> | null;
    if (answer && !answer.__typename) answer.__typename = entity.__typename;
    if (answer && fetch.outputRewrites) applyRewrites(state.supergraph, fetch.outputRewrites, answer);
    writeInto(entity, answer);
  }
}

async function send(
  state: ExecutionState,
  service: GraphQLDataSource,
  fetch: FetchNode,
  variables: Record<string, unknown>,
  path: ResponsePath,
  place: { entities: boolean; representationToEntity?: number[] },
): Promise<Record<string, unknown> | null | undefined> {
  const response = await service.process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query: fetch.operation, variables, operationName: fetch.operationName },
    incomingRequestContext: state.requestContext,
    context: state.requestContext.context,
    document: fetch.operationDocumentNode,
    pathInIncomingRequest: path,
  });
  if (response.errors) {
    const errors: GraphQLError[] = subgraphErrors(response.errors, fetch.serviceName, { path, root: state.data, ...place });
    for (const error of errors) state.errors.push(error);
  }
  return response.data as Record<string, unknown> | null | undefined;
}
