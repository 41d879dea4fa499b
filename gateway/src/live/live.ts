import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ApolloGateway, ServiceMap } from '@apollo/gateway';
import type { ApolloServer } from '@apollo/server';
import { PrefixingKeyValueCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode, FormattedExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ClientError, ErrorCode } from '../../../lib/errors.js';
import { EVENT_TYPES, isEventType, type DomainEvent } from '../../../lib/events.js';
import { openEventFeed, type EventFeedOptions } from '../../../lib/event-feed.js';
import { formatRoleClaims, type Viewer } from '../../../lib/identity.js';
import type { Locale } from '../../../lib/locale.js';
import { message } from '../../../lib/messages/index.js';
import { runInRequestScope } from '../../../lib/request-scope.js';
import type { SubgraphName } from '../../../lib/subgraphs.js';
import type { TokenVerifier } from '../auth/verifier.js';
import type { GatewayConfig } from '../config.js';
import type { GatewayContext } from '../context.js';
import { operationId, type PersistedOperation } from '../persisted/manifest.js';
import { requestedOperation, type RequestedOperation } from '../persisted/safelist.js';
import { limitError } from '../plugins/document-limits.js';
import type { GatewayMetrics } from '../plugins/metrics.js';
import { pageSizeEstimator } from '../plugins/operation-limits.js';
import type { Allowance, RateLimiter } from '../plugins/rate-limit.js';
import { decodeCursor } from './cursor.js';
import { atInstant } from './expiry.js';
import { ADMISSION_CODES, formatErrors, streamClosed, tooManyForClient, tooManyForProcess, type FormatError } from './errors.js';
import { LiveGroup, type GroupResult } from './group.js';
import { LiveHub, type EventListener, type RetainedEvent } from './hub.js';
import { PlanExecutor, type PreparedOperation } from './plan-executor.js';
import { ClientBudget, Subscriber, type EndReason, type LiveMessage } from './subscriber.js';
import { topicOf, type LiveTopic } from './topics.js';

// CommonJS build, for the CommonJS schema the executor validates against (see operation-limits.ts).
const { getComplexity } = createRequire(import.meta.url)('graphql-query-complexity') as typeof import('graphql-query-complexity');

/** What the gateway already has that subscriptions are admitted with: the same checks as queries. */
export interface LiveDependencies {
  config: GatewayConfig;
  log: Logger;
  metrics?: GatewayMetrics;
  verify: TokenVerifier;
  consumeRateLimit: RateLimiter;
  checkDocument: (query: string | undefined) => GraphQLError | undefined;
  checkSafelist: (operation: RequestedOperation, viewer: Viewer | null) => void;
  manifest: Map<string, PersistedOperation>;
  /** Where automatic persisted queries are registered (the shared cache; its `apq:` keys). */
  sharedCache: KeyValueCache<string>;
  formatError: FormatError;
  /** The event feed (lib/event-feed.ts); tests give their own. */
  openFeed?: (options: EventFeedOptions) => { close(): Promise<void> };
}

/** A GraphQL request as a stream transport received it. */
export interface OpenRequest {
  transport: 'sse' | 'ws';
  /** The caller, when the transport verified them already (a WebSocket at `connection_init`)… */
  viewer?: Viewer | null;
  /** … else their `Authorization` header, verified here. */
  authorization?: string;
  ip: string;
  locale: Locale;
  requestId: string;
  /** GET reads `extensions` and `variables` as JSON text; mutations are refused over it. */
  method: 'GET' | 'POST';
  params: Record<string, unknown>;
  /** SSE `Last-Event-ID`: the cursor of the last message the client got. */
  lastEventId?: string;
  /** What this client's connection may have waiting. */
  budget: ClientBudget;
}

export type Opened =
  /** Refused before anything was kept open: the errors say why. */
  | { kind: 'refused'; errors: GraphQLFormattedError[] }
  /** A query or mutation, answered through Apollo Server like any other. */
  | { kind: 'single'; result: FormattedExecutionResult; document: DocumentNode }
  | { kind: 'stream'; subscriber: Subscriber; document: DocumentNode };

/** A request once its caller is known. */
type Admitted = OpenRequest & { viewer: Viewer | null };

/** Per-event executions of one feed subscription at once (results still go out in order). */
const FEED_CONCURRENCY = 4;
/** Feed events waiting for execution in one group beyond which its streams end (and resume elsewhere or later). */
const FEED_BACKLOG = 1000;

/** A subscription group's operation and caller: what its executions run with. */
interface GroupSpec {
  prepared: PreparedOperation;
  variables: Record<string, unknown>;
  viewer: Viewer | null;
  locale: Locale;
  topic: LiveTopic;
  responseKey: string;
}

/**
 * Subscriptions through the gateway: admitted like queries (token, rate limit, safelist,
 * document limits, cost), refused at once when their first execution says NOT_FOUND or
 * that the caller may not see what they ask for, then executed over their query plan for
 * each domain event of their topic (shared by everyone asking the same, see group.ts) and
 * delivered through a bounded stream per subscriber (subscriber.ts) to the transports
 * (sse.ts, ws.ts). The event hub (hub.ts) is fed by lib/event-feed.ts.
 */
export class Live {
  readonly hub: LiveHub;
  readonly executor: PlanExecutor;
  /** The gateway's data sources, by subgraph name, filled in as @apollo/gateway builds them. */
  readonly services: ServiceMap = Object.create(null);
  private readonly subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  private readonly groups = new Map<string, LiveGroup>();
  private readonly admissions = new Map<string, Promise<{ errors?: GraphQLFormattedError[] }>>();
  private readonly perClient = new Map<string, number>();
  private readonly persisted: KeyValueCache<string>;
  private readonly operationNames: Set<string>;
  private openCount = 0;
  private closing = false;
  private apollo: ApolloServer<GatewayContext> | undefined;
  private feed: { close(): Promise<void> } | undefined;

  constructor(private readonly deps: LiveDependencies) {
    const { config, log, metrics } = deps;
    this.hub = new LiveHub({
      retainSeconds: config.live.retainSeconds,
      retainEvents: config.live.retainEvents,
      logger: log,
      onReceived: (event) => metrics?.liveEvents.inc({ type: isEventType(event.type) ? event.type : 'other' }),
    });
    this.executor = new PlanExecutor({ services: this.services, logger: log, hideSchemaDetails: !config.introspection, maxTokens: config.limits.maxTokens });
    this.persisted = new PrefixingKeyValueCache(deps.sharedCache, 'apq:');
    this.operationNames = new Set([...deps.manifest.values()].map((op) => op.name));
  }

  /** A subgraph @apollo/gateway routes to: its data source executes plans here too, and its event stream feeds the hub. */
  addSubgraph(name: string, url: string, source: ServiceMap[string]): void {
    this.services[name] = source;
    this.subgraphUrls[name as SubgraphName] = url;
  }

  /** Plans against every supergraph the gateway loads (at start and on each reload). */
  followSchema(gateway: ApolloGateway): void {
    gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => this.executor.update(coreSupergraphSdl));
  }

  /** Every event, before subscriptions hear of it (for the response cache). */
  onEvent(listener: EventListener): () => void {
    return this.hub.onEvent(listener);
  }

  /** Opens the event feed, `LIVE_RETAIN_SECONDS` back; queries sent over the streams go to `apollo`. */
  start(apollo: ApolloServer<GatewayContext>): void {
    this.apollo = apollo;
    const { config, log } = this.deps;
    const sources = new Set<string>(Object.values(EVENT_TYPES).map((type) => type.source));
    const subgraphUrls = Object.fromEntries(Object.entries(this.subgraphUrls).filter(([name]) => sources.has(name)));
    this.feed = (this.deps.openFeed ?? openEventFeed)({
      natsUrl: config.live.natsUrl,
      natsStreamPrefix: config.live.natsStreamPrefix,
      subgraphUrls,
      gatewaySecret: config.gatewaySecret,
      logger: log,
      from: { sinceMs: config.live.retainSeconds * 1000 },
      onEvent: (event: DomainEvent) => this.hub.receive(event),
    });
  }

  /** Subscriptions open now in this process. */
  get subscriptions(): number {
    return this.openCount;
  }

  /**
   * Admits one GraphQL request of a stream transport: a subscription becomes a stream; a
   * query or mutation is answered once, through Apollo Server; anything refused says why.
   */
  open(request: OpenRequest): Promise<Opened> {
    let opened!: Promise<Opened>;
    // Messages, logs and Apollo's own formatting in this request's language and under its id.
    runInRequestScope(request.requestId, request.locale, () => {
      opened = this.admit(request).catch((error: unknown) => this.refuse(request, [error]));
    });
    return opened;
  }

  /** Ends every stream (they tell their clients to come back) and closes the feed. */
  async close(): Promise<void> {
    this.closing = true;
    for (const group of [...this.groups.values()]) group.endAll('shutdown');
    await this.feed?.close().catch((error: unknown) => this.deps.log.warn({ err: error }, 'the event feed did not close cleanly'));
  }

  private async admit(asked: OpenRequest): Promise<Opened> {
    const { checkDocument, checkSafelist, consumeRateLimit, verify } = this.deps;
    if (this.closing) return this.refuse(asked, [streamClosed('shutdown', this.deps.config.live.queueLimit)]);
    const request = { ...asked, viewer: asked.viewer !== undefined ? asked.viewer : await verify(asked.authorization) };
    // A WebSocket's caller was verified at `connection_init`: its token may have expired since.
    if (request.viewer?.expiresAt !== undefined && request.viewer.expiresAt <= Date.now()) {
      throw new ClientError(message('token.expired'), ErrorCode.UNAUTHENTICATED, { reason: 'EXPIRED' });
    }
    const allowance = await consumeRateLimit(request.viewer, request.ip);
    const { params } = request;
    const requested = requestedOperation(request.method, params, params);
    checkSafelist(requested, request.viewer);
    const variables = jsonObject(params.variables, 'variables');
    const extensions = jsonObject(params.extensions, 'extensions');
    const operationName = typeof params.operationName === 'string' && params.operationName !== '' ? params.operationName : undefined;
    if (params.operationName !== undefined && params.operationName !== null && typeof params.operationName !== 'string') throw badRequest('operationName');
    const query = await this.document(requested);
    const refusal = checkDocument(query);
    if (refusal) {
      await allowance.chargeRefused(query);
      return this.refuse(request, [refusal]);
    }
    const prepared = this.executor.prepare(query, operationName);
    if ('errors' in prepared) {
      await allowance.chargeRefused(query);
      return this.refuse(request, prepared.errors);
    }
    if (prepared.kind !== 'subscription') return this.single(request, { query, variables, operationName, extensions }, prepared, allowance);
    return this.subscribe(request, prepared, variables, allowance);
  }

  /** The document a request names: its own, or the one its persisted id stands for. */
  private async document(requested: RequestedOperation): Promise<string> {
    const { query, persistedId } = requested;
    if (query !== undefined) {
      if (persistedId !== undefined) {
        // Registering an automatic persisted query, as Apollo Server does for queries.
        if (operationId(query) !== persistedId) throw new ClientError(message('request.unreadable'), 'BAD_REQUEST', { reason: 'PERSISTED_QUERY_HASH_MISMATCH' });
        if (!this.deps.manifest.has(persistedId)) void this.persisted.set(persistedId, query, { ttl: this.deps.config.persisted.apqTtlSeconds }).catch(() => undefined);
      }
      return query;
    }
    if (persistedId === undefined) throw badRequest('query');
    const known = this.deps.manifest.get(persistedId)?.body ?? (await this.persisted.get(persistedId).catch(() => undefined));
    if (known === undefined) throw new ClientError(message('persisted.notFound'), 'PERSISTED_QUERY_NOT_FOUND');
    return known;
  }

  /** A query or mutation over a stream: Apollo Server executes it with the same context as over POST. */
  private async single(
    request: Admitted,
    body: { query: string; variables: Record<string, unknown>; operationName?: string; extensions: Record<string, unknown> },
    prepared: PreparedOperation,
    allowance: Allowance,
  ): Promise<Opened> {
    if (prepared.kind === 'mutation' && request.method === 'GET') return this.refuse(request, [new ClientError(message('live.mutationOverGet'), 'BAD_REQUEST')]);
    if (!this.apollo) throw new Error('the live transports were opened before the gateway started');
    const context: GatewayContext = { viewer: request.viewer, locale: request.locale, requestId: request.requestId, allowance };
    const response = await this.apollo.executeOperation({ query: body.query, variables: body.variables, operationName: body.operationName, extensions: body.extensions }, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error('an incremental answer over a stream');
    return { kind: 'single', result: response.body.singleResult, document: prepared.document };
  }

  private async subscribe(request: Admitted, prepared: PreparedOperation, variables: Record<string, unknown>, allowance: Allowance): Promise<Opened> {
    const { config, log } = this.deps;
    const coerced = this.executor.coerceVariables(prepared, variables);
    if ('errors' in coerced) return this.refuse(request, coerced.errors);
    const field = prepared.rootField!;
    const topic = topicOf(field.name.value, this.executor.rootArguments(prepared, coerced.coerced));
    if (!topic) return this.refuse(request, [new ClientError(message('live.unsupportedField', { field: field.name.value }), 'BAD_REQUEST')]);
    const cost = getComplexity({
      schema: this.executor.schemaOf(prepared),
      query: prepared.document,
      variables,
      operationName: prepared.operationName,
      estimators: [pageSizeEstimator],
    });
    if (cost > config.limits.maxCost) return this.refuse(request, [limitError({ limit: 'cost', max: config.limits.maxCost, found: cost })]);
    await allowance.spendCost(cost);

    // The places are taken before the first execution, so that clients racing for the last ones cannot all pass.
    const client = request.viewer ? `sub:${request.viewer.id}` : `ip:${request.ip}`;
    if (this.openCount >= config.live.maxPerProcess) return this.refuse(request, [tooManyForProcess()]);
    if ((this.perClient.get(client) ?? 0) >= config.live.maxPerClient) return this.refuse(request, [tooManyForClient(config.live.maxPerClient)]);
    this.openCount++;
    this.perClient.set(client, (this.perClient.get(client) ?? 0) + 1);
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.openCount--;
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left > 0) this.perClient.set(client, left);
      else this.perClient.delete(client);
    };

    const spec: GroupSpec = { prepared, variables, viewer: request.viewer, locale: request.locale, topic, responseKey: field.alias?.value ?? field.name.value };
    const key = groupKey(spec);
    let group = this.groups.get(key);
    if (!group || group.finished) {
      // Its first execution, run once for everyone asking the same at once (and not again while they keep it open).
      const admitted = await this.admission(key, spec, request.requestId);
      if (admitted.errors) {
        release();
        return this.refused(request, admitted.errors);
      }
      const current = this.groups.get(key);
      group = current && !current.finished ? current : this.createGroup(key, spec);
    }
    if (this.closing) {
      release();
      return this.refuse(request, [streamClosed('shutdown', config.live.queueLimit)]);
    }
    const operation = this.operationLabel(prepared.operation.name?.value);
    const opened = group;
    const started = Date.now();
    let cancelExpiry: (() => void) | undefined;
    const subscriber = new Subscriber(request.budget, (reason: EndReason) => {
      cancelExpiry?.();
      opened.remove(subscriber);
      release();
      log.debug({ reqId: request.requestId, transport: request.transport, operation, reason, seconds: Math.round((Date.now() - started) / 1000) }, 'subscription ended');
    });
    opened.add(subscriber);
    // A stream lasts as long as the token it was opened with is accepted (then the client reconnects with a fresh one).
    const expiresAt = request.viewer?.expiresAt;
    if (expiresAt !== undefined) cancelExpiry = atInstant(expiresAt, () => subscriber.end('expired'));
    const after = decodeCursor(request.lastEventId);
    if (after) {
      const missed = this.hub.replay(topic.key, after);
      if (missed.length > 0) this.replay(subscriber, opened, spec, missed);
    }
    // At debug level, like the gateway's request lines (none by default): thousands open at once.
    log.debug({ reqId: request.requestId, transport: request.transport, operation, field: field.name.value, resumed: after !== undefined }, 'subscription opened');
    return { kind: 'stream', subscriber, document: prepared.document };
  }

  private admission(key: string, spec: GroupSpec, requestId: string): Promise<{ errors?: GraphQLFormattedError[] }> {
    let running = this.admissions.get(key);
    if (!running) {
      const context: GatewayContext = { viewer: spec.viewer, locale: spec.locale, requestId };
      running = this.executor.execute(spec.prepared, { variables: spec.variables, context }).then(
        (output) => {
          const errors = output.errors ?? [];
          const root = output.data?.[spec.responseKey];
          // Refused for what the caller asked (unknown, hidden, not theirs); for a state without which
          // nothing can follow (its subgraph failed). A feed has no event yet: only the caller's errors count.
          const refused = errors.some((error) => ADMISSION_CODES.has(error.extensions?.code)) || (root == null && errors.length > 0 && spec.topic.coalesce);
          // Formatted (and logged, when internal) only when they are the answer.
          return refused ? { errors: formatErrors(this.deps.formatError, errors, { requestId, locale: spec.locale }) } : {};
        },
        (error: unknown) => ({ errors: formatErrors(this.deps.formatError, [error], { requestId, locale: spec.locale }) }),
      );
      const settled = running.finally(() => this.admissions.delete(key));
      this.admissions.set(key, settled);
      running = settled;
    }
    return running;
  }

  private createGroup(key: string, spec: GroupSpec): LiveGroup {
    const group = new LiveGroup(key, spec.topic, {
      hub: this.hub,
      run: (retained) => this.runForEvent(spec, retained),
      coalesceMs: this.deps.config.live.coalesceMs,
      concurrency: FEED_CONCURRENCY,
      maxBacklog: FEED_BACKLOG,
      onEmpty: () => {
        if (this.groups.get(key) === group) this.groups.delete(key);
      },
      logger: this.deps.log,
    });
    this.groups.set(key, group);
    return group;
  }

  /** One execution for an event, as the message every subscriber of the group gets. */
  private async runForEvent(spec: GroupSpec, retained: RetainedEvent): Promise<GroupResult> {
    const { output, errors } = await this.execute(spec, retained.event, randomUUID());
    const root = output.data?.[spec.responseKey];
    // A per-event field answers null for an event it does not show (the city feed's filters).
    if (!spec.topic.coalesce && root == null && !errors) return {};
    const payload: FormattedExecutionResult = errors ? { data: output.data ?? null, errors } : { data: output.data ?? null };
    const final = root == null && (output.errors ?? []).some((error) => ADMISSION_CODES.has(error.extensions?.code));
    return { message: { payload, cursor: retained.cursor, coalescable: spec.topic.coalesce }, final };
  }

  private async execute(spec: GroupSpec, event: DomainEvent | undefined, requestId: string) {
    const context: GatewayContext = { viewer: spec.viewer, locale: spec.locale, requestId, ...(event ? { liveEvent: event } : {}) };
    const output = await this.executor.execute(spec.prepared, { variables: spec.variables, context });
    const errors = output.errors?.length ? formatErrors(this.deps.formatError, output.errors, { requestId, locale: spec.locale }) : undefined;
    return { output, errors };
  }

  /**
   * A reconnecting client's missed events, executed for it alone: a current-state
   * subscription once, with the latest; the feed each, in order (at most a queue's worth,
   * the newest). What the group sends meanwhile waits behind them.
   */
  private replay(subscriber: Subscriber, group: LiveGroup, spec: GroupSpec, missed: RetainedEvent[]): void {
    subscriber.hold();
    const events = spec.topic.coalesce ? missed.slice(-1) : missed.slice(-this.deps.config.live.queueLimit);
    void (async () => {
      const messages: LiveMessage[] = [];
      let final = false;
      for (const retained of events) {
        if (!subscriber.open || !group.subscribers.has(subscriber)) return;
        const result = await this.runForEvent(spec, retained).catch((error: unknown) => {
          this.deps.log.error({ err: error }, 'a missed event could not be executed');
          return {} as GroupResult;
        });
        if (result.message) messages.push(result.message);
        if ((final = !!result.final)) break;
      }
      subscriber.release(messages);
      if (final) subscriber.end('complete');
    })();
  }

  private refuse(request: OpenRequest, errors: readonly unknown[]): Opened {
    return this.refused(request, formatErrors(this.deps.formatError, errors, { requestId: request.requestId, locale: request.locale }));
  }

  private refused(request: OpenRequest, errors: GraphQLFormattedError[]): Opened {
    const code = String(errors[0]?.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
    this.deps.metrics?.liveRefused.inc({ code });
    this.deps.log.debug({ reqId: request.requestId, transport: request.transport, code }, 'subscription refused');
    return { kind: 'refused', errors };
  }

  /** Operation names from clients in logs and metrics only when they are the manifest's. */
  private operationLabel(name: string | undefined): string {
    return name && this.operationNames.has(name) ? name : 'other';
  }
}

/** Subscribers whose executions are the same: one document, variables, caller (with roles) and language. */
function groupKey(spec: GroupSpec): string {
  const viewer = spec.viewer ? `${spec.viewer.id}\u0000${formatRoleClaims(spec.viewer.grants).sort().join(',')}` : '';
  return createHash('sha256')
    .update([spec.prepared.query, spec.prepared.operationName ?? '', stableJson(spec.variables), viewer, spec.locale].join('\u0001'))
    .digest('base64url');
}

/** JSON with object keys sorted: equal variables give equal text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A request's `variables` or `extensions`: an object, JSON text of one (GET), or nothing. */
function jsonObject(value: unknown, name: string): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw badRequest(name);
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest(name);
  return parsed as Record<string, unknown>;
}

function badRequest(field: string): ClientError {
  return new ClientError(message('request.unreadable'), 'BAD_REQUEST', { field });
}
