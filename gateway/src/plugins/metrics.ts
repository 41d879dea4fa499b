import type { ApolloServerPlugin } from '@apollo/server';
import cluster from 'node:cluster';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { registerInternalRoute, type CallerKind } from '../../../lib/internal-caller.js';
import type { GatewayContext } from '../context.js';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The gateway's Prometheus metrics (prom-client). Operation names come from clients, so
 * only names of the persisted-operation manifest become labels; anything else is
 * `other`, and the series stay bounded whatever callers send.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'graphql_requests_total', help: 'GraphQL requests by operation and outcome', labelNames: ['operation', 'outcome'], registers: [this.registry] });
  readonly errors = new Counter({ name: 'graphql_errors_total', help: 'Errors in GraphQL responses by code', labelNames: ['code'], registers: [this.registry] });
  readonly duration = new Histogram({ name: 'graphql_request_duration_seconds', help: 'GraphQL request latency by operation', labelNames: ['operation'], buckets: SECONDS, registers: [this.registry] });
  readonly subgraphFetch = new Histogram({ name: 'subgraph_fetch_duration_seconds', help: 'Subgraph fetch latency by subgraph and outcome', labelNames: ['subgraph', 'outcome'], buckets: SECONDS, registers: [this.registry] });
  readonly responseCache = new Counter({ name: 'response_cache_requests_total', help: 'Full-response cache lookups by result', labelNames: ['result'], registers: [this.registry] });
  readonly deduplicated = new Counter({ name: 'graphql_inflight_deduplicated_total', help: 'Queries answered with the answer of an identical one in flight', registers: [this.registry] });
  readonly planCacheWarm = new Counter({ name: 'query_plan_warmups_total', help: 'Client operations planned ahead at start and after a supergraph reload', registers: [this.registry] });
  // Subscriptions (gateway/src/live): streams, the events feeding them, what they deliver and refuse.
  readonly liveStreams = new Gauge({ name: 'live_streams_open', help: 'Open subscription streams by transport (sse, ws)', labelNames: ['transport'], registers: [this.registry] });
  readonly liveEvents = new Counter({ name: 'live_events_received_total', help: 'Domain events received from the event feed by type', labelNames: ['type'], registers: [this.registry] });
  readonly liveDelivered = new Counter({ name: 'live_results_delivered_total', help: 'Subscription results written to clients by transport', labelNames: ['transport'], registers: [this.registry] });
  readonly liveRefused = new Counter({ name: 'live_subscriptions_refused_total', help: 'Subscriptions refused by error code', labelNames: ['code'], registers: [this.registry] });

  constructor(private readonly knownOperations: Set<string>) {
    collectDefaultMetrics({ register: this.registry });
    // The primary's AggregatorRegistry asks each worker for these. A worker only answers
    // once an AggregatorRegistry exists in it (its constructor adds prom-client's listener).
    if (cluster.isWorker) {
      AggregatorRegistry.setRegistries([this.registry]);
      new AggregatorRegistry();
    }
  }

  operationLabel(name: string | null | undefined): string {
    return name && this.knownOperations.has(name) ? name : 'other';
  }
}

/** Counts each request once it is answered: outcome, latency, error codes, response-cache hits. */
export function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    // Refused while building the context (bad token, rate limit, safelist): no operation ran.
    async contextCreationDidFail({ error }) {
      const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
      metrics.errors.inc({ code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' });
      metrics.requests.inc({ operation: 'other', outcome: 'refused' });
    },
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, metrics: requestMetrics, operationName, operation }) {
          const label = metrics.operationLabel(operationName ?? request.operationName);
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const errors = body?.errors ?? [];
          for (const error of errors) metrics.errors.inc({ code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
          const outcome = errors.length === 0 ? 'ok' : body?.data ? 'partial' : 'error';
          metrics.requests.inc({ operation: label, outcome });
          metrics.duration.observe({ operation: label }, Number(process.hrtime.bigint() - started) / 1e9);
          // Set by the response-cache plugin on the queries it looked up (absent when it is off).
          if (operation?.operation === 'query' && requestMetrics.responseCacheHit !== undefined) {
            metrics.responseCache.inc({ result: requestMetrics.responseCacheHit ? 'hit' : 'miss' });
          }
        },
      };
    },
  };
}

/**
 * GET /metrics, for internal callers only (see internal-caller.ts): to the public in
 * production it does not exist (404), and credentials that are not the token get 403.
 * With several workers each keeps its own counters; the one that answers asks the cluster
 * primary, which gathers every worker's (prom-client's AggregatorRegistry).
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: GatewayMetrics, callerKind: (request: FastifyRequest) => CallerKind): void {
  registerInternalRoute(app, '/metrics', callerKind, async (_request, reply) => {
    const text = cluster.isWorker ? await clusterMetrics() : await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(text);
  });
}

const METRICS_REQUEST = 'participation-graph:metrics';

/** In a worker: the whole cluster's metrics, from the primary. */
function clusterMetrics(): Promise<string> {
  return new Promise((resolve, reject) => {
    const id = `${process.pid}-${Date.now()}-${Math.random()}`;
    const timer = setTimeout(() => {
      process.off('message', listener);
      reject(new Error('the cluster primary did not answer for metrics'));
    }, 5000);
    const listener = (message: { type?: string; id?: string; text?: string }) => {
      if (message?.type !== `${METRICS_REQUEST}:reply` || message.id !== id) return;
      clearTimeout(timer);
      process.off('message', listener);
      resolve(message.text ?? '');
    };
    process.on('message', listener);
    process.send!({ type: METRICS_REQUEST, id });
  });
}

/** In the primary: answers workers' metrics requests with every worker's metrics combined. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: { type?: string; id?: string }) => {
    if (message?.type !== METRICS_REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: `${METRICS_REQUEST}:reply`, id: message.id, text }),
      (error: Error) => worker.send({ type: `${METRICS_REQUEST}:reply`, id: message.id, text: `# ${error.message}\n` }),
    );
  });
}
