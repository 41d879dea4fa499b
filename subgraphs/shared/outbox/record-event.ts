import type { EntityManager } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, type NewEvent } from '../../../lib/events.js';
import { OutboxEvent } from './outbox-event.entity.js';

/**
 * Records a domain event in the outbox of the write's own unit of work: it is committed
 * with the write's next flush (or transaction) or not at all. Call it where the write
 * changes state, before that flush; never for a retry that changed nothing.
 */
export function recordEvent(em: EntityManager, event: NewEvent, now = new Date()): OutboxEvent {
  const row = em.create(OutboxEvent, {
    id: randomUUID(),
    type: event.type,
    city: event.city,
    entityType: EVENT_TYPES[event.type].entity,
    entityId: event.entityId,
    data: JSON.stringify(event.data ?? {}),
    occurredAt: now,
    publishedAt: null,
  } as OutboxEvent);
  em.persist(row);
  return row;
}
