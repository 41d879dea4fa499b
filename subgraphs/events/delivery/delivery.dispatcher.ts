import { raw, type MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { v4 as uuid } from 'uuid';
import type { Logger } from 'pino';
import { dbDate } from '../../shared/queries.js';
import { Webhook } from '../webhook/webhook.entity.js';
import { WebhookDeliveryError, WebhookDeliveryStatus, type WebhookDisabled } from '../webhook/webhook.enums.js';
import { cancelPendingDeliveries } from '../webhook/webhook-switch.js';
import type { WebhookConfig } from './delivery.config.js';
import type { WebhookMetrics } from './delivery.metrics.js';
import type { AttemptOutcome, Sender } from './delivery.sender.js';
import { WebhookAttempt } from './webhook-attempt.entity.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';

export interface DispatcherOptions {
  orm: MikroORM;
  config: Pick<WebhookConfig, 'retryDelaysMs' | 'disableAfterFailures' | 'disableAfterFailingMs' | 'pollIntervalMs' | 'concurrency' | 'timeoutMs' | 'retainMs'>;
  sender: Sender;
  logger: Logger;
  /** Attempts by outcome, deliveries as they end, switch-offs. */
  metrics?: WebhookMetrics;
}

export interface Dispatcher {
  /** Look for due deliveries now (the consumer just queued some). */
  wake(): void;
  /** Stops claiming, waits for the attempts in flight to be recorded. */
  close(): Promise<void>;
}

/** A claimed delivery with what its attempt needs. */
interface Claimed {
  id: string;
  webhookId: string;
  attempts: number;
  payload: string;
  url: string;
  secret: string;
}

/** Finished deliveries are purged at most this often. */
const PURGE_EVERY_MS = 3_600_000;

/**
 * Sends due deliveries, at most `concurrency` at once. Each is claimed by a conditional
 * update (`lockedUntil`), so two dispatchers (or a restarted one) never attempt it at the
 * same time, and one that crashed mid-attempt is retried once its claim lapses, under the
 * same `webhook-id`. Every attempt is recorded with its outcome; a 2xx ends the delivery,
 * anything else schedules the next attempt by `retryDelaysMs` until they run out.
 */
export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const { orm, config, sender, logger, metrics } = options;
  const inFlight = new Set<Promise<void>>();
  let closed = false;
  let wakeUp: (() => void) | null = null;
  let woken = false;
  let lastPurge = 0;

  const wake = () => {
    woken = true;
    wakeUp?.();
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || closed) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  async function claim(limit: number): Promise<Claimed[]> {
    const em = orm.em.fork() as SqlEntityManager;
    const now = new Date();
    const candidates: { id: string; webhook_id: string; attempts: number; payload: string; url: string; secret: string }[] = await em.execute(
      em
        .getKnex()
        .select('d.id', 'd.webhook_id', 'd.attempts', 'd.payload', 'w.url', 'w.secret')
        .from('webhook_delivery as d')
        .join('webhook as w', 'w.id', 'd.webhook_id')
        .where('d.status', WebhookDeliveryStatus.PENDING)
        // A bare boolean column: SQLite stores 0/1, PostgreSQL a boolean, and neither compares with the other's literal.
        .andWhereRaw('w.active')
        .andWhere('d.next_attempt_at', '<=', dbDate(em, now) as never)
        .andWhere((qb) => qb.whereNull('d.locked_until').orWhere('d.locked_until', '<', dbDate(em, now) as never))
        .orderBy('d.next_attempt_at')
        .limit(limit),
    );
    const claimed: Claimed[] = [];
    // Held past the attempt's own limit, so it is never taken while still in flight.
    const lockedUntil = new Date(now.getTime() + config.timeoutMs * 2 + 30_000);
    for (const row of candidates) {
      const taken = await em.nativeUpdate(
        WebhookDelivery,
        { id: row.id, status: WebhookDeliveryStatus.PENDING, $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }] },
        { lockedUntil },
      );
      if (taken === 1) claimed.push({ id: row.id, webhookId: row.webhook_id, attempts: Number(row.attempts), payload: row.payload, url: row.url, secret: row.secret });
    }
    return claimed;
  }

  async function attempt(delivery: Claimed): Promise<void> {
    const at = new Date();
    const outcome = await sender.send({ id: delivery.id, url: delivery.url, secret: delivery.secret, payload: delivery.payload }, at);
    metrics?.attempted(outcome);
    try {
      await recordAttempt(delivery, outcome, at);
    } catch (error) {
      // The claim lapses and the attempt is made again, under the same webhook-id.
      logger.error({ err: error, delivery: delivery.id }, 'could not record a webhook attempt');
    }
  }

  async function recordAttempt(delivery: Claimed, outcome: AttemptOutcome, at: Date): Promise<void> {
    const attempts = delivery.attempts + 1;
    const exhausted = !outcome.ok && attempts > config.retryDelaysMs.length;
    let switchedOff: WebhookDisabled | null = null;
    // How deliveries ended in this transaction: counted once it has committed.
    const ended: { status: WebhookDeliveryStatus; count: number }[] = [];
    await orm.em.fork().transactional(async (em) => {
      const tx = em as SqlEntityManager;
      await tx.insert(WebhookAttempt, {
        id: uuid(),
        delivery: delivery.id as never,
        attemptedAt: at,
        responseStatus: outcome.responseStatus,
        error: outcome.error,
        durationMs: outcome.durationMs,
      });
      const common = { attempts, lastAttemptAt: at, responseStatus: outcome.responseStatus, lastError: outcome.error, lockedUntil: null };
      if (outcome.ok) {
        // Delivered is delivered, even if the webhook was switched off meanwhile.
        await tx.nativeUpdate(WebhookDelivery, { id: delivery.id }, { ...common, status: WebhookDeliveryStatus.DELIVERED, nextAttemptAt: null, deliveredAt: at });
        ended.push({ status: WebhookDeliveryStatus.DELIVERED, count: 1 });
        await tx.nativeUpdate(Webhook, { id: delivery.webhookId, active: true }, { consecutiveFailures: 0, failingSince: null });
        return;
      }
      const next = exhausted ? null : new Date(at.getTime() + config.retryDelaysMs[attempts - 1]!);
      const updated = await tx.nativeUpdate(
        WebhookDelivery,
        { id: delivery.id, status: WebhookDeliveryStatus.PENDING },
        { ...common, status: exhausted ? WebhookDeliveryStatus.FAILED : WebhookDeliveryStatus.PENDING, nextAttemptAt: next },
      );
      // Not when a switch-off cancelled it meanwhile (it ended as CANCELLED then).
      if (exhausted && updated === 1) ended.push({ status: WebhookDeliveryStatus.FAILED, count: 1 });
      await tx
        .createQueryBuilder(Webhook)
        .update({ consecutiveFailures: raw('consecutive_failures + 1'), failingSince: raw('coalesce(failing_since, ?)', [dbDate(tx, at)]) })
        // Attempts that were in flight when it was switched off no longer count.
        .where({ id: delivery.webhookId, active: true })
        .execute('run');
      const webhook = await tx.findOne(Webhook, { id: delivery.webhookId }, { refresh: true });
      if (!webhook?.active) return;
      const problem = outcome.error === WebhookDeliveryError.HTTP_STATUS ? `HTTP_${outcome.responseStatus}` : (outcome.error ?? 'CONNECTION');
      const failingLongEnough = webhook.failingSince !== null && at.getTime() - webhook.failingSince.getTime() >= config.disableAfterFailingMs;
      const reason: WebhookDisabled | null = exhausted
        ? { kind: 'EXHAUSTED', attempts, problem }
        : webhook.consecutiveFailures >= config.disableAfterFailures && failingLongEnough
          ? { kind: 'FAILING', failures: webhook.consecutiveFailures, since: webhook.failingSince!.toISOString(), problem }
          : null;
      if (!reason) return;
      const off = await tx.nativeUpdate(Webhook, { id: webhook.id, active: true }, { active: false, disabled: reason, disabledAt: at });
      if (off === 1) {
        ended.push({ status: WebhookDeliveryStatus.CANCELLED, count: await cancelPendingDeliveries(tx, webhook.id) });
        switchedOff = reason;
      }
    });
    for (const { status, count } of ended) metrics?.ended(status, count);
    if (switchedOff) metrics?.switchedOff(switchedOff);
    if (switchedOff) logger.warn({ webhook: delivery.webhookId, reason: (switchedOff as WebhookDisabled).kind }, 'switched off a failing webhook');
    else logger.debug({ delivery: delivery.id, attempts, ok: outcome.ok, status: outcome.responseStatus, error: outcome.error }, 'webhook attempt');
  }

  /** Finished deliveries older than `retainMs` (their attempts go with them). */
  async function purge(): Promise<void> {
    const now = Date.now();
    if (now - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = now;
    const before = new Date(now - config.retainMs);
    const em = orm.em.fork();
    const removed = await em.nativeDelete(WebhookDelivery, { status: { $ne: WebhookDeliveryStatus.PENDING }, createdAt: { $lt: before } });
    if (removed) logger.info({ removed }, 'purged old webhook deliveries');
  }

  /** How long until the earliest pending delivery is due (at most the poll interval). */
  async function untilNextDue(): Promise<number> {
    const em = orm.em.fork() as SqlEntityManager;
    const now = dbDate(em, new Date()) as never;
    const [row] = (await em.execute(
      em
        .getKnex()
        .min({ next: 'd.next_attempt_at' })
        .from('webhook_delivery as d')
        .join('webhook as w', 'w.id', 'd.webhook_id')
        .where('d.status', WebhookDeliveryStatus.PENDING)
        .andWhereRaw('w.active')
        // Those in flight wake the loop when they finish.
        .andWhere((qb) => qb.whereNull('d.locked_until').orWhere('d.locked_until', '<', now)),
    )) as { next: unknown }[];
    if (row?.next === null || row?.next === undefined) return config.pollIntervalMs;
    const next = row.next instanceof Date ? row.next.getTime() : typeof row.next === 'number' ? row.next : new Date(String(row.next)).getTime();
    return Math.max(10, Math.min(config.pollIntervalMs, next - Date.now()));
  }

  const loop = (async () => {
    while (!closed) {
      woken = false;
      let delay = config.pollIntervalMs;
      try {
        await purge();
        const room = config.concurrency - inFlight.size;
        if (room > 0) {
          const claimed = await claim(room);
          for (const delivery of claimed) {
            const running: Promise<void> = attempt(delivery).finally(() => {
              inFlight.delete(running);
              wake();
            });
            inFlight.add(running);
          }
          if (claimed.length === room) continue; // more may be due
          delay = await untilNextDue();
        }
      } catch (error) {
        logger.warn({ err: error }, 'webhook dispatcher pass failed; trying again');
      }
      await sleep(delay);
    }
    await Promise.allSettled([...inFlight]);
  })();

  return {
    wake,
    async close() {
      closed = true;
      wakeUp?.();
      await loop;
    },
  };
}
