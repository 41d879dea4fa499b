import { v5 as uuidv5 } from 'uuid';
import { webhookEventType, type DomainEvent } from '../../../lib/events.js';

/** Namespace of delivery ids: the same webhook and event always give the same id. */
const DELIVERY_NAMESPACE = '2f4c1a8e-6b0d-4e57-9c3a-7d15e2b9f604';

/**
 * A delivery's id, the `webhook-id` of its every attempt: derived from the webhook and the
 * event, so even two processes queuing the same event for the same webhook agree on it
 * (and the unique (webhook, event) row keeps one of them).
 */
export function deliveryId(webhookId: string, eventId: string): string {
  return uuidv5(`${webhookId}:${eventId}`, DELIVERY_NAMESPACE);
}

/**
 * A delivery's body, as the Standard Webhooks specification shapes it: `type` (the
 * WebhookEventType), `timestamp` (when the event occurred) and `data`: the event's id,
 * city, entity and time, then its public figures (which never override those).
 */
export function deliveryPayload(event: DomainEvent): string {
  const figures = Object.fromEntries(Object.entries(event.data ?? {}).filter(([key]) => !RESERVED.has(key)));
  return JSON.stringify({
    type: webhookEventType(event.type),
    timestamp: event.occurredAt,
    data: { id: event.id, city: event.city, entity: { type: event.entity.type, id: event.entity.id }, occurredAt: event.occurredAt, ...figures },
  });
}

const RESERVED = new Set(['id', 'city', 'entity', 'occurredAt']);
