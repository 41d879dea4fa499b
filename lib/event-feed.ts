/**
 * The one client of domain events (lib/events.ts), for the gateway (subscriptions, cache
 * freshness) and the events subgraph (the city feed, webhooks): from NATS JetStream when
 * `natsUrl` is set, else from each subgraph's signed internal stream
 * (subgraphs/shared/outbox/event-stream.ts). Either way it reconnects with backoff after a
 * lost connection, resumes after the last seq it delivered per source, hands each source's
 * events over in `seq` order, and never delivers the same (source, seq) twice.
 */
import type { Logger } from 'pino';
import { DEFAULT_STREAM_PREFIX, type DomainEvent } from './events.js';
import type { SubgraphName } from './subgraphs.js';
import { Delivery, type FeedPosition } from './event-feed/delivery.js';
import { followInternalStreams } from './event-feed/internal-streams.js';
import { followNatsStreams } from './event-feed/nats-streams.js';

export type { FeedPosition } from './event-feed/delivery.js';

export interface EventFeedOptions {
  /** NATS JetStream when set, else the subgraphs' internal streams. */
  natsUrl?: string;
  /** With NATS, the namespace read (`NATS_STREAM_PREFIX`): only its streams; `participation` when absent. */
  natsStreamPrefix?: string;
  /** GraphQL URLs; `/internal/events` is beside `/graphql`. Unused with NATS. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** Signs the internal streams' requests (as the gateway signs its subgraph requests). */
  gatewaySecret: string;
  logger: Logger;
  /**
   * A durable resume (the highest seq delivered per source; a source absent from it is
   * read from the oldest event kept), or "the last N milliseconds" before the feed opens.
   */
  from: { position: FeedPosition } | { sinceMs: number };
  /** Awaited, in order per source; an event whose handler throws is handed over again (backing off) until it is taken. */
  onEvent(event: DomainEvent): void | Promise<void>;
  /**
   * Only these cities' events (with NATS, only their streams are read); every city when
   * absent. Events of other cities still move the position.
   */
  cities?: readonly string[];
}

export interface EventFeed {
  /** Stops reading; resolves once the handler has returned for the last event handed over. */
  close(): Promise<void>;
  /** The highest seq delivered per source: persist it to resume there. */
  position(): FeedPosition;
}

export function openEventFeed(options: EventFeedOptions): EventFeed {
  const closing = new AbortController();
  const position = 'position' in options.from ? options.from.position : {};
  const sinceEpochMs = 'sinceMs' in options.from ? Date.now() - options.from.sinceMs : undefined;
  const cities = options.cities ? new Set(options.cities) : undefined;
  const delivery = new Delivery(options.onEvent, options.logger, position, closing.signal, cities);
  const following = options.natsUrl
    ? followNatsStreams({
        natsUrl: options.natsUrl,
        streamPrefix: options.natsStreamPrefix ?? DEFAULT_STREAM_PREFIX,
        logger: options.logger,
        from: position,
        sinceEpochMs,
        cities,
        delivery,
        closed: closing.signal,
      })
    : followInternalStreams({
        subgraphUrls: options.subgraphUrls,
        gatewaySecret: options.gatewaySecret,
        logger: options.logger,
        sinceEpochMs,
        delivery,
        closed: closing.signal,
      });
  const done = following.catch((error: unknown) => options.logger.error({ err: error }, 'event feed stopped'));
  return {
    async close() {
      closing.abort();
      await done;
    },
    position: () => delivery.position(),
  };
}
