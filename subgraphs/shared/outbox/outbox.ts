import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { DomainEvent } from '../../../lib/events.js';
import { parseDomainEvent } from '../../../lib/event-json.js';
import type { GatewaySecret } from '../../../lib/gateway-token.js';
import type { SubgraphName } from '../../../lib/subgraphs.js';
import { commitHorizon } from './commit-horizon.js';
import { CommitNotifier } from './commit-notifier.js';
import { registerEventStream } from './event-stream.js';
import { startRelay, type Relay } from './nats-relay.js';
import { collectRequestEvents, recordedEventsPlugin } from './request-events.js';
import { startRetention } from './retention.js';

/** What a subgraph's configuration says about its outbox. */
export interface OutboxSettings {
  /** NATS with JetStream: a relay publishes the outbox there. Without it, only the internal stream serves it. */
  natsUrl?: string;
  /** `OUTBOX_RETAIN_HOURS`: how long rows stay after publication (or occurrence, without NATS). */
  retainHours?: number;
}

export interface OutboxOptions extends OutboxSettings {
  name: SubgraphName;
  orm: MikroORM;
  logger: Logger;
  secret: GatewaySecret;
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
        closing: closing.signal,
        track: (loop) => {
          streams.add(loop);
          void loop.finally(() => streams.delete(loop));
        },
      });
      const relay: Relay | undefined = options.natsUrl
        ? startRelay({ name: options.name, orm, dialect, natsUrl: options.natsUrl, horizon, notifier, logger })
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

/** The event a subscription's fetch carries (`extensions.event` of the signed body), or null. */
export function requestEvent(body: unknown): DomainEvent | null {
  const extensions = (body as { extensions?: { event?: unknown } } | null | undefined)?.extensions;
  return extensions?.event === undefined ? null : parseDomainEvent(extensions.event);
}
