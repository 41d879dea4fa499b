import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { EVENT_TYPES, EVENT_TYPE_NAMES, isEventType } from '../../lib/events.js';
import { registerInternalRoute, type CallerKind } from '../../lib/internal-caller.js';

/**
 * One subgraph server's Prometheus metrics (prom-client), in a registry of its own rather
 * than prom-client's global one: tests run several subgraphs (and a gateway) in one
 * process, and each server's `/metrics` must show its own counts. Labels take bounded
 * values only (event types, outcomes), never ids or URLs.
 */
export class SubgraphMetrics {
  readonly registry = new Registry();
  // The outbox (outbox/): what commits, what the relay gets acknowledged, who reads the internal stream.
  readonly eventsRecorded = new Counter({ name: 'outbox_events_recorded_total', help: 'Domain events committed to the outbox, by type (rolled-back writes not counted)', labelNames: ['type'], registers: [this.registry] });
  readonly eventsPublished = new Counter({ name: 'outbox_events_published_total', help: 'Outbox events published to NATS JetStream and acknowledged by it (the relay; a republish after a crash counts again)', registers: [this.registry] });
  readonly streamClients = new Gauge({ name: 'event_stream_clients', help: 'Open internal event streams (GET /internal/events: gateways and the events subgraph without NATS)', registers: [this.registry] });
  readonly streamEvents = new Counter({ name: 'event_stream_events_total', help: 'Events written to internal event streams (once per stream that received it)', registers: [this.registry] });

  constructor(service?: string) {
    processRegistry();
    // Known series from the start, so that rate() sees the first event of each of this subgraph's types.
    for (const type of EVENT_TYPE_NAMES) if (EVENT_TYPES[type].source === service) this.eventsRecorded.inc({ type }, 0);
  }

  /** One committed outbox row; a type outside lib/events.ts (never expected) is `other`, so the series stay bounded. */
  recorded(type: string): void {
    this.eventsRecorded.inc({ type: isEventType(type) ? type : 'other' });
  }

  /** The exposition text: this server's metrics and the process's. */
  text(): Promise<string> {
    return Registry.merge([processRegistry(), this.registry]).metrics();
  }
}

let processMetrics: Registry | undefined;

/**
 * Node's process metrics (CPU, memory, event-loop lag, GC), collected once per process
 * however many servers it runs: each collection starts its own event-loop monitor, and
 * tests run dozens of subgraph servers in one process.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

export interface QueriedGaugeOptions {
  name: string;
  help: string;
  registry: Registry;
  /** A cheap (indexed) query, run at each scrape. */
  read(): Promise<number>;
  logger: Logger;
}

/**
 * A gauge read from the database when Prometheus scrapes, not kept in step by the code
 * (it counts rows other processes write too). When the query fails the value is NaN,
 * never a stale number, and the rest of the scrape still answers.
 */
export function queriedGauge(options: QueriedGaugeOptions): Gauge {
  const { read, logger } = options;
  return new Gauge({
    name: options.name,
    help: options.help,
    registers: [options.registry],
    async collect() {
      try {
        this.set(await read());
      } catch (error) {
        logger.warn({ err: error, metric: options.name }, 'could not read a metric from the database');
        this.set(Number.NaN);
      }
    },
  });
}

/**
 * GET /metrics, for internal callers only (lib/internal-caller.ts, the gateway's rule): in
 * production without the token it does not exist (404), and credentials that are not the
 * token get 403; in development without a token it is open.
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: SubgraphMetrics, callerKind: (request: FastifyRequest) => CallerKind): void {
  registerInternalRoute(app, '/metrics', callerKind, async (_request, reply) => {
    const text = await metrics.text();
    return reply.header('content-type', metrics.registry.contentType).send(text);
  });
}
