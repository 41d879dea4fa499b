import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import { OutboxEvent } from './outbox-event.entity.js';

/** How often old rows are deleted. */
const SWEEP_MS = 10 * 60_000;

export interface RetentionOptions {
  orm: MikroORM;
  /** `OUTBOX_RETAIN_HOURS`. */
  retainHours: number;
  /** With NATS, only published rows go (an unpublished one is kept however old); without, rows go by age. */
  relayed: boolean;
  logger: Logger;
}

/**
 * Deletes outbox rows once they are older than the retention: `retainHours` after
 * publication with NATS (NATS keeps them for replay from then on), after occurrence
 * without (a reader of the internal stream more than that far behind resumes from the
 * oldest row kept).
 */
export async function sweepOutbox(options: RetentionOptions, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - options.retainHours * 3600_000);
  const em = options.orm.em.fork() as SqlEntityManager;
  return em.nativeDelete(OutboxEvent, options.relayed ? { publishedAt: { $lt: before } } : { occurredAt: { $lt: before } });
}

/** Sweeps now and every ten minutes until `stop()`. */
export function startRetention(options: RetentionOptions): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = sweepOutbox(options)
      .then((deleted) => deleted && options.logger.debug({ deleted }, 'deleted outbox rows past retention'))
      .catch((error: unknown) => options.logger.warn({ err: error }, 'could not delete old outbox rows'));
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_MS).unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
