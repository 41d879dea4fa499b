import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import type { DomainEvent } from '../../../lib/events.js';
import { enqueueDeliveries, loadPosition } from './delivery.enqueue.js';

/** Opens the event feed from a position (lib/event-feed.ts's `openEventFeed`, its connection settings bound). */
export type OpenFeed = (options: { from: { position: Record<string, number> }; onEvent(event: DomainEvent): Promise<void> }) => { close(): Promise<void> };

export interface ConsumerOptions {
  orm: MikroORM;
  openFeed: OpenFeed;
  logger: Logger;
  /** Called after an event queued deliveries (wakes the dispatcher). */
  onQueued?(count: number): void;
}

export interface Consumer {
  close(): Promise<void>;
}

const RETRY_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Reads every domain event from the position stored in this subgraph's database and turns
 * each into deliveries (`enqueueDeliveries`), in order per source. An event is handed back
 * to the feed only once its deliveries and the new position are committed; while the
 * database cannot take them it is retried, never skipped, so a restart resumes exactly
 * after the last event committed.
 */
export async function startConsumer(options: ConsumerOptions): Promise<Consumer> {
  const { orm, logger } = options;
  let closed = false;
  const position = await loadPosition(orm.em as SqlEntityManager);
  logger.info({ position }, 'webhook consumer reading events');
  const feed = options.openFeed({
    from: { position },
    async onEvent(event) {
      for (let attempt = 0; !closed; attempt++) {
        try {
          const queued = await enqueueDeliveries(orm.em as SqlEntityManager, event);
          if (queued) options.onQueued?.(queued);
          return;
        } catch (error) {
          logger.warn({ err: error, event: event.id, source: event.source, seq: event.seq }, 'could not queue webhook deliveries for an event; retrying');
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]));
        }
      }
    },
  });
  return {
    async close() {
      closed = true;
      await feed.close();
    },
  };
}
