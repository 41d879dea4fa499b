import { EVENT_TYPES, isEventType, type DomainEvent } from '../../../lib/events.js';
import { cityRef } from '../../shared/places.graphql.js';
import { ENTITY_FIELDS, isFeedEventType, type FeedEventObject } from './participation-event.types.js';

/**
 * The city feed's object for a domain event: the implementation of `ParticipationEvent`
 * its type names, with the event's city and a key-only reference to its entity. Throws
 * for an event the feed does not show or one whose entity is not its type's: the gateway
 * sends `participationEvents` only the feed's events (`feed: true` in lib/events.ts).
 */
export function buildFeedEvent(event: DomainEvent): FeedEventObject {
  if (!isEventType(event.type)) throw new Error(`participationEvents: unknown event type ${JSON.stringify(event.type)}`);
  if (!isFeedEventType(event.type)) throw new Error(`participationEvents: ${event.type} is not an event of the city feed`);
  const expected = EVENT_TYPES[event.type].entity;
  if (event.entity?.type !== expected) throw new Error(`participationEvents: a ${event.type} event concerns a ${expected}, not ${JSON.stringify(event.entity?.type)}`);
  const occurredAt = new Date(event.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) throw new Error(`participationEvents: event ${event.id} has no valid occurredAt`);
  return {
    eventType: event.type,
    id: event.id,
    occurredAt,
    city: cityRef(event.city),
    [ENTITY_FIELDS[expected].field]: { id: event.entity.id },
  };
}
