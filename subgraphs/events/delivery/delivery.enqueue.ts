import type { SqlEntityManager } from '@mikro-orm/knex';
import type { DomainEvent } from '../../../lib/events.js';
import { Webhook } from '../webhook/webhook.entity.js';
import { WebhookDeliveryStatus } from '../webhook/webhook.enums.js';
import { EventFeedPosition } from './feed-position.entity.js';
import { deliveryId, deliveryPayload } from './delivery.payload.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';

/**
 * Turns one domain event into deliveries, in one transaction: one per active webhook of
 * the event's city that asked for its type and existed when it occurred, and the source's
 * position advanced past it. A row per (webhook, event) is unique, so an event read again
 * (a replay, a restart between commit and acknowledgement) queues nothing twice. Returns
 * how many deliveries it queued.
 */
export async function enqueueDeliveries(em: SqlEntityManager, event: DomainEvent, now = new Date()): Promise<number> {
  return em.fork().transactional(async (tx) => {
    const occurredAt = new Date(event.occurredAt);
    const webhooks = await tx.find(Webhook, { city: event.city, active: true, createdAt: { $lte: occurredAt } }, { fields: ['id', 'eventTypes'] });
    const matching = webhooks.filter((webhook) => webhook.eventTypes.includes(event.type));
    let queued = 0;
    if (matching.length) {
      const payload = deliveryPayload(event);
      const rows = matching.map((webhook) => ({
        id: deliveryId(webhook.id, event.id),
        webhook: webhook.id,
        eventId: event.id,
        eventType: event.type,
        payload,
        status: WebhookDeliveryStatus.PENDING,
        attempts: 0,
        createdAt: now,
        lastAttemptAt: null,
        responseStatus: null,
        lastError: null,
        nextAttemptAt: now,
        deliveredAt: null,
        lockedUntil: null,
      }));
      const result = await tx.createQueryBuilder(WebhookDelivery).insert(rows as never).onConflict(['webhook', 'eventId']).ignore().execute('run');
      queued = result.affectedRows;
    }
    await advancePosition(tx as SqlEntityManager, event.source, event.seq, now);
    return queued;
  });
}

/** The source's position set to `seq`, never moved back (a late duplicate leaves it where it is). */
async function advancePosition(tx: SqlEntityManager, source: string, seq: number, now: Date): Promise<void> {
  await tx
    .createQueryBuilder(EventFeedPosition)
    .insert({ source, seq, updatedAt: now })
    .onConflict('source')
    .merge(['seq', 'updatedAt'])
    .where({ seq: { $lt: seq } })
    .execute('run');
}

/** Where to resume reading: the highest `seq` queued per source (empty on the first start: everything still retained). */
export async function loadPosition(em: SqlEntityManager): Promise<Record<string, number>> {
  const rows = await em.fork().find(EventFeedPosition, {});
  return Object.fromEntries(rows.map((row) => [row.source, Number(row.seq)]));
}
