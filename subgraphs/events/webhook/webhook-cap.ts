import type { SqlEntityManager } from '@mikro-orm/knex';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { ConflictError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { Webhook } from './webhook.entity.js';

/** The first key of the advisory locks taken here (an arbitrary constant, 'wh'); the second is the city and owner's hash. */
const OWNER_LOCK_CLASS = 0x7768;

/**
 * Inside `tx`, first: waits for the other writes that activate a webhook of `owner` in
 * `city` (registrations, reactivations) until `tx` ends, so that concurrent ones cannot
 * pass the cap together. On PostgreSQL a transaction-scoped advisory lock on (city, owner);
 * SQLite runs one transaction at a time.
 */
export async function lockOwnWebhooks(tx: SqlEntityManager, owner: string, city: string): Promise<void> {
  if (tx.getPlatform() instanceof PostgreSqlPlatform) {
    await tx.execute('select pg_advisory_xact_lock(?, hashtext(?))', [OWNER_LOCK_CLASS, `${city}:${owner}`]);
  }
}

/**
 * Before a webhook of `owner` in `city` becomes active (under `lockOwnWebhooks`): CONFLICT
 * on `field` when the owner already has `max` active ones there (`WEBHOOKS_MAX_PER_OWNER`).
 * Switched-off webhooks do not count, so deactivating one makes room.
 */
export async function requireRoomForActiveWebhook(tx: SqlEntityManager, owner: string, city: string, max: number, field: string): Promise<void> {
  const active = await tx.count(Webhook, { owner, city, active: true });
  if (active >= max) throw new ConflictError(field, message('webhook.tooMany', { max, city }));
}
