import { EVENT_TYPES, isEventType, type DomainEvent } from '../../../lib/events.js';

/** What a subscription follows: the events that make it execute, and how. */
export interface LiveTopic {
  /** The hub's key: `entity:<Type>:<id>` or `feed:<city>`. */
  key: string;
  /**
   * The field answers the entity's current state, whatever the event: executions may be
   * coalesced (the latest state wins). Otherwise each event is its own answer (the feed).
   */
  coalesce: boolean;
}

/** Each subscription root field of the graph: the topic its arguments name. */
const ROOT_FIELDS: Readonly<Record<string, (args: Record<string, unknown>) => LiveTopic | undefined>> = {
  petitionChanged: (args) => entityTopic('Petition', args.id),
  consultationChanged: (args) => entityTopic('Consultation', args.id),
  participationEvents: (args) => (typeof args.city === 'string' ? { key: feedKey(args.city), coalesce: false } : undefined),
};

/** The topic a subscription root field follows with these arguments; undefined for a field the gateway cannot follow. */
export function topicOf(field: string, args: Record<string, unknown>): LiveTopic | undefined {
  return Object.hasOwn(ROOT_FIELDS, field) ? ROOT_FIELDS[field]!(args) : undefined;
}

/** Every topic an event reaches: its entity's, and its city's feed when the feed shows its type. */
export function topicsOfEvent(event: DomainEvent): string[] {
  const topics = [entityKey(event.entity.type, event.entity.id)];
  if (isEventType(event.type) && EVENT_TYPES[event.type].feed) topics.push(feedKey(event.city));
  return topics;
}

function entityTopic(type: string, id: unknown): LiveTopic | undefined {
  return typeof id === 'string' ? { key: entityKey(type, id), coalesce: true } : undefined;
}

const entityKey = (type: string, id: string) => `entity:${type}:${id}`;
const feedKey = (city: string) => `feed:${city}`;
