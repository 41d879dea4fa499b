/**
 * Domain events: what happened in a subgraph, recorded in its outbox in the same
 * transaction as the write (subgraphs/shared/outbox), relayed to NATS JetStream or read
 * from the subgraph's signed internal stream, and consumed by the gateway (subscriptions,
 * cache invalidation) and the events subgraph (the city feed's payloads, webhooks).
 *
 * An event names the entity it concerns and public figures only: never who signed,
 * answered or reported (counts are public, identities are not).
 */
import { z } from 'zod';
import type { SubgraphName } from './subgraphs.js';

/** Every event type, the subgraph that records it, the entity it concerns, and whether the city feed shows it. */
export const EVENT_TYPES = {
  PetitionPublished: { source: 'petitions', entity: 'Petition', feed: true },
  PetitionRejected: { source: 'petitions', entity: 'Petition', feed: false },
  PetitionSignatureCountChanged: { source: 'petitions', entity: 'Petition', feed: false },
  PetitionThresholdReached: { source: 'petitions', entity: 'Petition', feed: true },
  PetitionAnswered: { source: 'petitions', entity: 'Petition', feed: true },
  PetitionClosed: { source: 'petitions', entity: 'Petition', feed: true },
  ConsultationOpened: { source: 'consultations', entity: 'Consultation', feed: true },
  ConsultationClosed: { source: 'consultations', entity: 'Consultation', feed: true },
  ConsultationParticipantCountChanged: { source: 'consultations', entity: 'Consultation', feed: false },
  ConsultationOutcomePublished: { source: 'consultations', entity: 'Consultation', feed: true },
  HeritageConditionChanged: { source: 'heritage', entity: 'HeritageObject', feed: true },
  OrganizationRegistered: { source: 'registry', entity: 'Organization', feed: true },
  ProgrammeProgressRecorded: { source: 'programmes', entity: 'Programme', feed: true },
} as const satisfies Record<string, { source: SubgraphName; entity: string; feed: boolean }>;

export type EventType = keyof typeof EVENT_TYPES;
export type EventEntityType = (typeof EVENT_TYPES)[EventType]['entity'];
export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(EVENT_TYPES, value);
}

/** The webhook enum value of an event type: `PetitionThresholdReached` → `PETITION_THRESHOLD_REACHED`. */
export function webhookEventType(type: EventType): string {
  return type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

/** Public figures an event may carry (counts, statuses, conditions): scalars only. */
export type EventData = Record<string, string | number | boolean | null>;

/** One domain event as it travels (JSON). */
export interface DomainEvent {
  /** UUID, unique over all subgraphs: NATS's deduplication id and the base of webhook ids. */
  id: string;
  /** The subgraph whose outbox recorded it. */
  source: SubgraphName;
  /** Its position in that outbox: increasing, gap-free only per commit order. */
  seq: number;
  type: EventType;
  /** The city's slug, e.g. `kyiv`: NATS stream and subject, feed filter, webhook scope. */
  city: string;
  entity: { type: EventEntityType; id: string };
  /** ISO 8601. */
  occurredAt: string;
  data: EventData;
}

/** What a write records: the outbox adds id, source, seq and occurredAt. */
export interface NewEvent {
  type: EventType;
  city: string;
  entityId: string;
  data?: EventData;
}

/**
 * The namespace of every subject and stream (`NATS_STREAM_PREFIX`): deployments sharing one
 * NATS server (staging beside production, test graphs running at once) each use their own,
 * so that neither reads the other's events. Each numbers its outbox from 1, and a feed drops
 * a (source, seq) it has delivered already: in one namespace they would hide each other's.
 */
export const DEFAULT_STREAM_PREFIX = 'participation';

/**
 * `NATS_STREAM_PREFIX` as the subgraphs' and the gateway's configuration read it (zod, at the
 * edge): letters, digits, `-` and `_` (a subject token and part of a stream name), at most
 * 32; empty or unset is the default.
 */
export const streamPrefixSchema = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'NATS_STREAM_PREFIX must be 1 to 32 letters, digits, - or _')
    .default(DEFAULT_STREAM_PREFIX),
);

/** The NATS subject of an event: `<prefix>.<city>.<type>` (`participation.kyiv.PetitionAnswered`). */
export function eventSubject(prefix: string, city: string, type: EventType): string {
  return `${prefix}.${city}.${type}`;
}

/** The JetStream stream holding a city's events: `<PREFIX>_<CITY>` (`PARTICIPATION_KYIV`). */
export function cityStreamName(prefix: string, city: string): string {
  return `${prefix.toUpperCase()}_${city.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
