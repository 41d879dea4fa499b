import { Directive, Field, ID, InterfaceType, ObjectType } from 'type-graphql';
import { EVENT_TYPE_NAMES, EVENT_TYPES, type EventEntityType, type EventType } from '../../../lib/events.js';
import { cacheHint, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import type { PlaceRef } from '../../shared/places.graphql.js';
import { City, ConsultationRef, HeritageObjectRef, OrganizationRef, PetitionRef, ProgrammeRef } from '../federation.js';

/** The event types the city feed shows (`feed: true` in lib/events.ts). */
export type FeedEventType = { [T in EventType]: (typeof EVENT_TYPES)[T]['feed'] extends true ? T : never }[EventType];

export const FEED_EVENT_TYPES = EVENT_TYPE_NAMES.filter((type): type is FeedEventType => EVENT_TYPES[type].feed);

export function isFeedEventType(type: EventType): type is FeedEventType {
  return EVENT_TYPES[type].feed;
}

/** What a feed event object holds; `eventType` tells GraphQL which implementation it is. */
export interface FeedEventObject {
  eventType: FeedEventType;
  id: string;
  occurredAt: Date;
  city: PlaceRef;
  /** The entity, under the field its type names (`petition`, `heritageObject`, …). */
  [entityField: string]: unknown;
}

/**
 * The interface of the city feed. Each implementation is one feed event type of
 * lib/events.ts (below), pointing at the entity it concerns; the gateway resolves that
 * entity's fields from its owner, as it would in a query.
 */
@Directive(cacheHint(PUBLIC_SHORT))
@InterfaceType('ParticipationEvent', {
  description: 'Something that just happened in a city\u02bcs participation: the city feed\u02bcs item.',
  resolveType: (value: FeedEventObject) => value.eventType,
})
export abstract class ParticipationEvent {
  @Field(() => ID, { description: 'The event\u02bcs id, unique over all events (also `data.id` of its webhook deliveries).' })
  id!: string;

  @Field(() => Date, { description: 'When it happened (committed in the service that recorded it).' })
  occurredAt!: Date;

  @Field(() => City)
  city!: PlaceRef;
}

/** The field naming an event's entity, by entity type, and its key-only class here. */
export const ENTITY_FIELDS: Readonly<Record<EventEntityType, { field: string; type: Function; description: string }>> = {
  Petition: { field: 'petition', type: PetitionRef, description: 'The petition.' },
  Consultation: { field: 'consultation', type: ConsultationRef, description: 'The consultation.' },
  HeritageObject: { field: 'heritageObject', type: HeritageObjectRef, description: 'The monument.' },
  Organization: { field: 'organization', type: OrganizationRef, description: 'The organisation.' },
  Programme: { field: 'programme', type: ProgrammeRef, description: 'The programme.' },
};

const DESCRIPTIONS: Readonly<Record<FeedEventType, string>> = {
  PetitionPublished: 'A moderator admitted a petition: it is open for signatures.',
  PetitionThresholdReached: 'A petition gathered the signatures the city requires for an official answer.',
  PetitionAnswered: 'The city answered a petition.',
  PetitionClosed: 'A petition closed for signatures.',
  ConsultationOpened: 'A consultation opened: residents may take part.',
  ConsultationClosed: 'A consultation closed.',
  ConsultationOutcomePublished: 'The city published what a consultation decided.',
  HeritageConditionChanged: 'A monument\u02bcs condition changed: an inspector recorded it or accepted a resident\u02bcs report.',
  OrganizationRegistered: 'An organisation entered the city\u02bcs registry.',
  ProgrammeProgressRecorded: 'An official recorded progress on a measure of a city programme.',
};

/** One GraphQL object type per feed event type: the interface's fields and its entity. */
function feedEventClass(type: FeedEventType): Function {
  const entity = ENTITY_FIELDS[EVENT_TYPES[type].entity];

  @Directive(cacheHint(PUBLIC_SHORT))
  @ObjectType(type, { implements: ParticipationEvent, description: DESCRIPTIONS[type] })
  class FeedEvent extends ParticipationEvent {}

  // The entity's field is named by its type, so it is declared here rather than written out per class.
  Field(() => entity.type, { description: entity.description })(FeedEvent.prototype, entity.field);
  return FeedEvent;
}

/** Every implementation of `ParticipationEvent`, by event type. */
export const FEED_EVENT_CLASSES: Readonly<Record<FeedEventType, Function>> = Object.fromEntries(
  FEED_EVENT_TYPES.map((type) => [type, feedEventClass(type)]),
) as Record<FeedEventType, Function>;
