import { EVENT_TYPES, type DomainEvent, type EventData, type EventType } from '../../../lib/events.js';
import type { SubgraphName } from '../../../lib/subgraphs.js';
import type { OutboxEvent } from './outbox-event.entity.js';

/** An outbox row as it travels: the envelope of lib/events.ts, named after the subgraph that recorded it. */
export function toDomainEvent(row: OutboxEvent, source: SubgraphName): DomainEvent {
  const type = row.type as EventType;
  return {
    id: row.id,
    source,
    seq: Number(row.seq),
    type,
    city: row.city,
    entity: { type: EVENT_TYPES[type].entity, id: row.entityId },
    occurredAt: new Date(row.occurredAt).toISOString(),
    data: JSON.parse(row.data) as EventData,
  };
}
