import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { CommitHorizon } from './commit-horizon.js';
import { OutboxEvent } from './outbox-event.entity.js';

/** At most this many rows per read: a reader far behind catches up in bounded steps. */
export const OUTBOX_BATCH = 200;

/** Rows after `after`, final ones only (at or below the horizon), in `seq` order. */
export async function readOutbox(orm: MikroORM, horizon: CommitHorizon, after: number, options: { unpublished?: boolean; limit?: number } = {}): Promise<OutboxEvent[]> {
  const upTo = await horizon.safe();
  if (upTo <= after) return [];
  const em = orm.em.fork() as SqlEntityManager;
  return em.find(
    OutboxEvent,
    { seq: { $gt: after, $lte: upTo }, ...(options.unpublished ? { publishedAt: null } : {}) },
    { orderBy: { seq: 'asc' }, limit: options.limit ?? OUTBOX_BATCH, disableIdentityMap: true },
  );
}

/**
 * The position to read after for "events since `sinceMs` (epoch)": just before the first
 * row that occurred since then, and never past a row that might still commit (a
 * transaction in flight now occurred recently). Rows between that one and the horizon
 * may have occurred a little earlier: a start given by time is approximate, never short.
 */
export async function positionSince(orm: MikroORM, horizon: CommitHorizon, sinceMs: number): Promise<number> {
  const upTo = await horizon.safe();
  const em = orm.em.fork() as SqlEntityManager;
  const first = await em.findOne(OutboxEvent, { occurredAt: { $gte: new Date(sinceMs) } }, { orderBy: { seq: 'asc' }, fields: ['seq'], disableIdentityMap: true });
  const [last] = await em.execute<{ seq: number | string | null }[]>('select max(seq) as seq from outbox_event');
  const visible = Number(last?.seq ?? 0);
  const settled = Math.min(upTo, visible);
  return first ? Math.min(Number(first.seq) - 1, settled) : settled;
}
