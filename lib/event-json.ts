import { z } from 'zod';
import { EVENT_TYPES, EVENT_TYPE_NAMES, type DomainEvent, type EventType } from './events.js';
import { SUBGRAPH_NAMES } from './subgraphs.js';

const domainEventSchema = z.object({
  id: z.string().min(1).max(64),
  source: z.enum(SUBGRAPH_NAMES),
  seq: z.number().int().positive(),
  type: z.enum(EVENT_TYPE_NAMES as [EventType, ...EventType[]]),
  city: z.string().min(1).max(32),
  entity: z.object({ type: z.string(), id: z.string().min(1).max(64) }),
  occurredAt: z.string(),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

/**
 * A `DomainEvent` read from JSON (an internal stream, a NATS message, a subgraph request's
 * extensions), or null when it is none: readers skip what they cannot use rather than fail.
 */
export function parseDomainEvent(value: unknown): DomainEvent | null {
  const parsed = domainEventSchema.safeParse(value);
  if (!parsed.success || EVENT_TYPES[parsed.data.type].entity !== parsed.data.entity.type) return null;
  return parsed.data as DomainEvent;
}
