import { createRequire } from 'node:module';
import type { DocumentNode, GraphQLSchema, ValueNode } from 'graphql';
import { EVENT_TYPES, type DomainEvent, type EventType } from '../../../lib/events.js';

// CommonJS graphql: @apollo/gateway builds the schema with it, and graphql's ESM build
// refuses a schema from the other module instance (as operation-limits.ts notes).
const { getNamedType, getNullableType, isListType, Kind, TypeInfo, visit, visitWithTypeInfo } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * What a cached answer depends on, as tags it is stored under; an invalidation of any
 * of its tags deletes it. Four kinds:
 *
 * - `id:<uuid>`: an entity the answer shows (every `id` in its data) or asked for by id
 *   (ID arguments, so that a `petition(id)` answered null is dropped when that petition
 *   is published). Only UUIDs: events name entities by UUID, UUIDs are unique across
 *   types (so no `__typename:id` pairs are needed), and leaving out the slugs of cities
 *   and districts keeps nearly every answer from joining one huge tag.
 * - `list:<Type>`: the answer read a list or connection of `Type` somewhere (`Query.petitions`,
 *   `District.petitions`, `Organization.petitions`…): an event may add, remove or reorder
 *   its members.
 * - `type:<Type>`: the answer read an aggregate of that type (`City.petitionStats`).
 * - `field:<Type.field>`: a root field it read (`field:Query.petition`).
 */
export type Tag = string;

export const idTag = (id: string): Tag => `id:${id}`;
export const listTag = (type: string): Tag => `list:${type}`;
export const aggregateTag = (type: string): Tag => `type:${type}`;
export const fieldTag = (type: string, field: string): Tag => `field:${type}.${field}`;

/** What an event changes besides its entity: lists of these types, aggregates of these types. */
interface Changes {
  lists: readonly string[];
  aggregates: readonly string[];
}

// Every event of a domain changes its lists (membership, a status filter, the order by
// signatures or participants) and the city's statistics; the table says so per event so
// that a future event that does not can say so too.
const PETITIONS: Changes = { lists: ['Petition'], aggregates: ['PetitionStats'] };
const CONSULTATIONS: Changes = { lists: ['Consultation'], aggregates: ['ConsultationStats'] };
const HERITAGE: Changes = { lists: ['HeritageObject'], aggregates: ['HeritageStats'] };
const REGISTRY: Changes = { lists: ['Organization'], aggregates: ['RegistryStats'] };
// Progress is recorded on a measure: its status (programme lists, counts), its progress
// entries (`Measure.progress`, `ProgrammeReport.entries`) and a report's totals change.
const PROGRAMMES: Changes = { lists: ['Programme', 'Measure', 'MeasureProgress'], aggregates: ['ReportTotals'] };

/** The one table: event type → what a cached answer must not outlive, besides the event's entity. */
export const EVENT_CHANGES: Record<EventType, Changes> = {
  PetitionPublished: PETITIONS,
  PetitionRejected: PETITIONS,
  PetitionSignatureCountChanged: PETITIONS,
  PetitionThresholdReached: PETITIONS,
  PetitionAnswered: PETITIONS,
  PetitionClosed: PETITIONS,
  ConsultationOpened: CONSULTATIONS,
  ConsultationClosed: CONSULTATIONS,
  ConsultationParticipantCountChanged: CONSULTATIONS,
  ConsultationOutcomePublished: CONSULTATIONS,
  HeritageConditionChanged: HERITAGE,
  OrganizationRegistered: REGISTRY,
  ProgrammeProgressRecorded: PROGRAMMES,
};

/** The list and aggregate types some event changes: an answer is tagged with these only. */
const WATCHED_LISTS = new Set(Object.values(EVENT_CHANGES).flatMap((c) => c.lists));
const WATCHED_AGGREGATES = new Set(Object.values(EVENT_CHANGES).flatMap((c) => c.aggregates));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

function changeTags({ lists, aggregates }: Changes): Tag[] {
  return [...lists.map(listTag), ...aggregates.map(aggregateTag)];
}

/** The part of an event a mutation's answer names (`extensions.events`): no data, no seq. */
export type NamedEvent = Pick<DomainEvent, 'type' | 'city' | 'entity'>;

/** The tags an event invalidates: its entity and what the table says it changes. */
export function tagsForEvent(event: NamedEvent): Tag[] {
  const changes = EVENT_CHANGES[event.type];
  const tags = changes ? changeTags(changes) : [];
  if (isUuid(event.entity?.id)) tags.push(idTag(event.entity.id));
  return tags;
}

/**
 * What a write to `subgraph` may have changed when its answer names no event (a draft
 * edited, an organisation suspended, a document published: writes with no event type):
 * everything any event of that subgraph changes. Costs a few cache misses; a write
 * without an event is rare next to reads.
 */
export function tagsForSilentWrite(subgraph: string): Tag[] {
  const types = (Object.keys(EVENT_TYPES) as EventType[]).filter((type) => EVENT_TYPES[type].source === subgraph);
  return [...new Set(types.flatMap((type) => changeTags(EVENT_CHANGES[type])))];
}

/** The events a subgraph's answer to a write names (`extensions.events`), malformed ones left out. */
export function namedEvents(extensions: Record<string, unknown> | undefined): NamedEvent[] {
  const events = extensions?.events;
  if (!Array.isArray(events)) return [];
  return events.filter(
    (e): e is NamedEvent =>
      !!e && typeof e === 'object' && typeof (e as NamedEvent).type === 'string' && typeof (e as NamedEvent).entity?.id === 'string',
  );
}

/** `id:` tags for every UUID `id` field anywhere in `data`. */
export function entityTags(data: unknown, into = new Set<Tag>()): Set<Tag> {
  if (Array.isArray(data)) {
    for (const item of data) entityTags(item, into);
  } else if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      if (key === 'id' && isUuid(value)) into.add(idTag(value));
      else if (value && typeof value === 'object') entityTags(value, into);
    }
  }
  return into;
}

/** The tags an operation's shape gives every answer to it; the variables add their ID arguments. */
interface OperationShape {
  tags: Tag[];
  /** Names of variables passed to ID arguments. */
  idVariables: string[];
}

// Apollo reuses one DocumentNode per cached document: its shape is worked out once per schema.
const shapes = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, OperationShape>>>();

/**
 * The tags of an answer to `operationName` in `document`, before its data's ids: the root
 * fields it reads, the watched lists and aggregates it reads anywhere, and the UUIDs it
 * passes to ID arguments (literal or through variables).
 */
export function operationTags(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): Set<Tag> {
  let documents = shapes.get(schema);
  if (!documents) shapes.set(schema, (documents = new WeakMap()));
  let byName = documents.get(document);
  if (!byName) documents.set(document, (byName = new Map()));
  const name = operationName ?? '';
  let shape = byName.get(name);
  if (!shape) byName.set(name, (shape = operationShape(schema, document, operationName)));
  const tags = new Set(shape.tags);
  for (const variable of shape.idVariables) addIds(variables?.[variable], tags);
  return tags;
}

function operationShape(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): OperationShape {
  const tags = new Set<Tag>();
  const idVariables = new Set<string>();
  const rootTypes = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => !!t));
  const typeInfo = new TypeInfo(schema);
  // Only the operation asked for and the fragments (fragments of other operations add tags, never remove them).
  const definitions = document.definitions.filter(
    (d) => d.kind === Kind.FRAGMENT_DEFINITION || (d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName)),
  );
  visit(
    { ...document, definitions },
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const type = typeInfo.getType();
        if (!parent || !type) return;
        if (rootTypes.has(parent as never)) tags.add(fieldTag(parent.name, node.name.value));
        const nullable = getNullableType(type);
        const named = getNamedType(type).name;
        const listed = isListType(nullable) ? named : named.endsWith('Connection') ? named.slice(0, -'Connection'.length) : undefined;
        if (listed && WATCHED_LISTS.has(listed)) tags.add(listTag(listed));
        if (WATCHED_AGGREGATES.has(named)) tags.add(aggregateTag(named));
      },
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (!argument || getNamedType(argument.type).name !== 'ID') return;
        literalIds(node.value, tags, idVariables);
      },
    }),
  );
  return { tags: [...tags], idVariables: [...idVariables] };
}

function literalIds(value: ValueNode, tags: Set<Tag>, idVariables: Set<string>): void {
  if (value.kind === Kind.STRING && isUuid(value.value)) tags.add(idTag(value.value));
  else if (value.kind === Kind.VARIABLE) idVariables.add(value.name.value);
  else if (value.kind === Kind.LIST) for (const item of value.values) literalIds(item, tags, idVariables);
}

function addIds(value: unknown, tags: Set<Tag>): void {
  if (isUuid(value)) tags.add(idTag(value));
  else if (Array.isArray(value)) for (const item of value) addIds(item, tags);
}
