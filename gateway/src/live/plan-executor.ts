import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { buildOperationContext, type ServiceMap } from '@apollo/gateway';
import { executePlan } from '../execution/execute-plan.js';
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { DocumentNode, FieldNode, GraphQLError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { Logger } from 'pino';
import { libraryLogger } from '../../../lib/log.js';
import type { GatewayContext } from '../context.js';

// CommonJS graphql: the schemas below are built by @apollo/federation-internals with it, and
// graphql's ESM build refuses a schema from the other module instance (as operation-limits.ts notes).
const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** An operation parsed, validated and planned against one supergraph. */
export interface PreparedOperation {
  readonly query: string;
  readonly operationName: string | undefined;
  readonly kind: 'query' | 'mutation' | 'subscription';
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  /** What execution runs; for a subscription, its primary fetch followed by the rest of its plan. */
  readonly plan: QueryPlan;
  /** The subscription's root field (a validated subscription has exactly one). */
  readonly rootField?: FieldNode;
  /** The supergraph it was planned against: a reload plans it again before its next execution. */
  readonly generation: Generation;
}

/** What one execution needs besides the operation. */
export interface ExecutionInput {
  /** The variables as the client sent them (checked by `coerceVariables` first). */
  variables: Record<string, unknown>;
  context: GatewayContext;
}

export interface ExecutionOutput {
  data?: Record<string, unknown> | null;
  /** As @apollo/gateway raised them (subgraph errors carry `serviceName`): format them like a query's. */
  errors?: readonly GraphQLError[];
}

export type Refusal = { errors: readonly GraphQLError[] };

/** One supergraph, as the executor plans and executes against it. */
interface Generation {
  apiSchema: Schema;
  /** The API schema as graphql-js sees it: validation, variables, cost. */
  api: GraphQLSchema;
  supergraph: GraphQLSchema;
  planner: QueryPlanner;
  prepared: Map<string, PreparedOperation>;
}

/** Operations kept planned per supergraph before the cache starts over (a bound on memory; subscriptions are few documents). */
const PREPARED_ENTRIES = 1000;

export interface PlanExecutorOptions {
  /** The gateway's own data sources by subgraph name (signed, pooled, timed out like queries'). */
  services: ServiceMap;
  logger: Logger;
  /** Without introspection, validation errors lose their "Did you mean" hints (as Apollo Server's `hideSchemaDetailsFromClientErrors`). */
  hideSchemaDetails: boolean;
  maxTokens: number;
}

/**
 * Executes subscriptions over @apollo/query-planner's plans with our own plan executor
 * (gateway/src/execution, which queries use with GATEWAY_EXECUTOR=own), outside Apollo
 * Server: a subscription's plan is its primary fetch and the rest, run as an ordinary
 * sequence for each event (@apollo/gateway's `executeQueryPlan` refuses a `Subscription` node).
 * It plans against its own `Supergraph` of the SDL the gateway loaded, built again (lazily)
 * whenever the gateway reloads it.
 */
export class PlanExecutor {
  private sdl: string | undefined;
  private generation: Generation | undefined;
  private readonly logger: ReturnType<typeof libraryLogger>;

  constructor(private readonly options: PlanExecutorOptions) {
    this.logger = libraryLogger(options.logger, '@apollo/gateway');
  }

  /** The supergraph the gateway (re)loaded: plans made against the previous one are dropped. */
  update(supergraphSdl: string): void {
    if (supergraphSdl === this.sdl) return;
    this.sdl = supergraphSdl;
    this.generation = undefined;
  }

  get ready(): boolean {
    return this.sdl !== undefined;
  }

  /**
   * Parses, validates and (for subscriptions) plans a document: the operation, or the errors
   * refusing it (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, OPERATION_RESOLUTION_FAILURE).
   */
  prepare(query: string, operationName: string | undefined): PreparedOperation | Refusal {
    const generation = this.current();
    const key = `${createHash('sha256').update(query).digest('base64')}\u0000${operationName ?? ''}`;
    const known = generation.prepared.get(key);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = graphql.parse(query, { maxTokens: this.options.maxTokens });
    } catch (error) {
      return { errors: [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')] };
    }
    const invalid = graphql.validate(generation.api, document);
    if (invalid.length > 0) return { errors: invalid.map((error) => withCode(this.hideDetails(error), 'GRAPHQL_VALIDATION_FAILED')) };
    const operation = graphql.getOperationAST(document, operationName);
    if (!operation) {
      const why = operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.';
      return { errors: [new graphql.GraphQLError(why, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })] };
    }
    const kind = operation.operation as PreparedOperation['kind'];
    let plan: QueryPlan = { kind: 'QueryPlan' };
    if (kind === 'subscription') {
      const planned = generation.planner.buildQueryPlan(operationFromDocument(generation.apiSchema, document, { operationName }));
      plan = executable(planned);
    }
    const rootField = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === graphql.Kind.FIELD && !s.name.value.startsWith('__'));
    const prepared: PreparedOperation = { query, operationName, kind, document, operation, plan, rootField, generation };
    if (generation.prepared.size >= PREPARED_ENTRIES) generation.prepared.clear();
    generation.prepared.set(key, prepared);
    return prepared;
  }

  /** The variables coerced to the operation's types, or BAD_USER_INPUT errors naming the wrong ones. */
  coerceVariables(prepared: PreparedOperation, inputs: Record<string, unknown>): { coerced: Record<string, unknown> } | Refusal {
    const result = graphql.getVariableValues(prepared.generation.api, prepared.operation.variableDefinitions ?? [], inputs, { maxErrors: 20 });
    if (result.errors) return { errors: result.errors.map((error) => withCode(error, 'BAD_USER_INPUT')) };
    return { coerced: result.coerced };
  }

  /** The root field's arguments, with the coerced variables in place (what a subscription follows). */
  rootArguments(prepared: PreparedOperation, coerced: Record<string, unknown>): Record<string, unknown> {
    const root = prepared.generation.api.getSubscriptionType();
    const field = prepared.rootField && root?.getFields()[prepared.rootField.name.value];
    return field && prepared.rootField ? graphql.getArgumentValues(field, prepared.rootField, coerced) : {};
  }

  /** The API schema the operation was validated against (the cost is counted on it). */
  schemaOf(prepared: PreparedOperation): GraphQLSchema {
    return prepared.generation.api;
  }

  /**
   * Executes the operation's plan once: the fetches go through the gateway's data sources
   * with `context` (the caller, their language, the request id and, for an event, the
   * event), and the result is shaped as the operation asked. After a supergraph reload the
   * operation is planned again first; if the new schema refuses it, so does the execution.
   */
  async execute(prepared: PreparedOperation, input: ExecutionInput): Promise<ExecutionOutput> {
    if (prepared.generation !== this.current()) {
      const again = this.prepare(prepared.query, prepared.operationName);
      if ('errors' in again) return { errors: again.errors };
      prepared = again;
    }
    const { generation } = prepared;
    const requestContext = {
      logger: this.logger,
      request: { query: prepared.query, operationName: prepared.operationName, variables: input.variables },
      context: input.context,
      // What @apollo/gateway's executor and our data source touch: trace flags and error paths, the cache hint.
      metrics: { captureTraces: false },
      overallCachePolicy: { restrict() {}, replace() {}, policyIfCacheable: () => null },
      operationName: prepared.operationName ?? null,
    } as unknown as GatewayGraphQLRequestContext<GatewayContext>;
    const operationContext = buildOperationContext({ schema: generation.api, operationDocument: prepared.document, operationName: prepared.operationName });
    // Our own plan executor (gateway/src/execution), the one queries run on with GATEWAY_EXECUTOR=own.
    const result = await executePlan(prepared.plan, { apiSchema: generation.apiSchema, supergraphSchema: generation.supergraph, services: this.options.services }, requestContext, operationContext);
    return { data: result.data as ExecutionOutput['data'], errors: result.errors as readonly GraphQLError[] | undefined };
  }

  private current(): Generation {
    if (this.generation) return this.generation;
    if (this.sdl === undefined) throw new Error('the gateway has not loaded its supergraph yet');
    const supergraph = Supergraph.build(this.sdl);
    const apiSchema = supergraph.apiSchema();
    this.generation = {
      apiSchema,
      api: apiSchema.toGraphQLJSSchema(),
      supergraph: supergraph.schema.toGraphQLJSSchema(),
      planner: new QueryPlanner(supergraph),
      prepared: new Map(),
    };
    return this.generation;
  }

  private hideDetails(error: GraphQLError): GraphQLError {
    if (!this.options.hideSchemaDetails || !/Did you mean/.test(error.message)) return error;
    return new graphql.GraphQLError(error.message.replace(/ ?Did you mean(.+?)\?$/, ''), { nodes: error.nodes, source: error.source, positions: error.positions });
  }
}

/** The plan as @apollo/gateway executes it: a subscription's primary fetch, then the rest in sequence. */
function executable(plan: QueryPlan): QueryPlan {
  const node = plan.node;
  if (node?.kind !== 'Subscription') return plan;
  const nodes: PlanNode[] = node.rest ? [node.primary, node.rest] : [node.primary];
  return { kind: 'QueryPlan', node: { kind: 'Sequence', nodes } };
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new graphql.GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: { ...error.extensions, code },
  });
}
