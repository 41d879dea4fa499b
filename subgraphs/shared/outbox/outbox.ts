import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { DEFAULT_STREAM_PREFIX, type DomainEvent } from '../../../lib/events.js';
import { parseDomainEvent } from '../../../lib/event-json.js';
import type { GatewaySecret } from '../../../lib/gateway-token.js';
import type { SubgraphName } from '../../../lib/subgraphs.js';
import { queriedGauge, type SubgraphMetrics } from '../metrics.js';
import { commitHorizon } from './commit-horizon.js';
import { CommitNotifier } from './commit-notifier.js';
import { registerEventStream } from './event-stream.js';
import { startRelay, type Relay } from './nats-relay.js';
import { collectRequestEvents, recordedEventsPlugin } from './request-events.js';
import { OutboxEvent } from './outbox-event.entity.js';
import { startRetention } from './retention.js';

/** What a subgraph's configuration says about its outbox. */
export interface OutboxSettings {
  /** NATS with JetStream: a relay publishes the outbox there. Without it, only the internal stream serves it. */
  natsUrl?: string;
  /** `NATS_STREAM_PREFIX`: the namespace of its subjects and streams; `participation` when absent. */
  natsStreamPrefix?: string;
  /** `OUTBOX_RETAIN_HOURS`: how long rows stay after publication (or occurrence, without NATS). */
  retainHours?: number;
}

export interface OutboxOptions extends OutboxSettings {
  name: SubgraphName;
  orm: MikroORM;
  logger: Logger;
  secret: GatewaySecret;
  /** The server's metrics: events committed, published, streamed; the relay's backlog. */
  metrics: SubgraphMetrics;
}

export interface Outbox {
  /** Names the events a request recorded in its answer's `extensions.events`. */
  plugin: ApolloServerPlugin;
  /**
   * On the subgraph's app, before its GraphQL route: each request collects its events, the
   * internal stream is served, the relay and the retention sweep run; all of them stop
   * when the app closes (open streams end first, so closing never waits on a reader).
   */
  register(app: FastifyInstance): void;
}

export const DEFAULT_RETAIN_HOURS = 24;

/** Every subgraph's outbox machinery (subgraphs/shared/server.ts sets it up). */
export function createOutbox(options: OutboxOptions): Outbox {
  const { orm, logger } = options;
  const dialect = orm.em.getPlatform() instanceof PostgreSqlPlatform ? 'postgresql' : 'sqlite';
  const horizon = commitHorizon(orm, dialect);
  const notifier = CommitNotifier.attach(orm);
  const { metrics } = options;
  notifier.onCommitted((types) => {
    for (const type of types) metrics.recorded(type);
  });
  if (options.natsUrl) watchRelayBacklog(orm, metrics, logger);
  return {
    plugin: recordedEventsPlugin(),
    register(app) {
      collectRequestEvents(app);
      const closing = new AbortController();
      const streams = new Set<Promise<void>>();
      registerEventStream(app, {
        name: options.name,
        orm,
        secret: options.secret,
        horizon,
        notifier,
        logger,
        metrics,
        closing: closing.signal,
        track: (loop) => {
          streams.add(loop);
          void loop.finally(() => streams.delete(loop));
        },
      });
      const relay: Relay | undefined = options.natsUrl
        ? startRelay({
            name: options.name,
            orm,
            dialect,
            natsUrl: options.natsUrl,
            natsStreamPrefix: options.natsStreamPrefix ?? DEFAULT_STREAM_PREFIX,
            horizon,
            notifier,
            logger,
            metrics,
          })
        : undefined;
      const retention = startRetention({ orm, retainHours: options.retainHours ?? DEFAULT_RETAIN_HOURS, relayed: Boolean(options.natsUrl), logger });
      app.addHook('preClose', async () => closing.abort());
      app.addHook('onClose', async () => {
        closing.abort();
        await Promise.all([relay?.close(), retention.stop(), ...streams]);
      });
    },
  };
}

/**
 * With NATS: how far the relay is behind, read at each scrape along the
 * (publishedAt, seq) index. Rows pile up here while NATS is down.
 */
function watchRelayBacklog(orm: MikroORM, metrics: SubgraphMetrics, logger: Logger): void {
  queriedGauge({
    name: 'outbox_unpublished',
    help: 'Outbox rows committed but not yet acknowledged by NATS JetStream',
    registry: metrics.registry,
    logger,
    read: () => orm.em.fork().count(OutboxEvent, { publishedAt: null }),
  });
  queriedGauge({
    name: 'outbox_relay_lag_seconds',
    help: 'Age of the oldest outbox row not yet published to NATS JetStream (0 when none)',
    registry: metrics.registry,
    logger,
    read: async () => {
      const oldest = await orm.em.fork().findOne(OutboxEvent, { publishedAt: null }, { orderBy: { seq: 'asc' }, fields: ['occurredAt'], disableIdentityMap: true });
      return oldest ? Math.max(0, (Date.now() - oldest.occurredAt.getTime()) / 1000) : 0;
    },
  });
}

/** The event a subscription's fetch carries (`extensions.event` of the signed body), or null. */
export function requestEvent(body: unknown): DomainEvent | null {
  const extensions = (body as { extensions?: { event?: unknown } } | null | undefined)?.extensions;
  return extensions?.event === undefined ? null : parseDomainEvent(extensions.event);
}
