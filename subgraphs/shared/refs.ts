import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { cacheHint, PUBLIC_LONG, type CacheHint } from './cache-hints.js';

/** An entity owned by another subgraph, as a subgraph passes it around: its key. */
export interface EntityRef {
  id: string;
}

/**
 * An entity owned by another subgraph (`Organization`, `HeritageObject`, `Measure`), as this
 * subgraph sees it: just the key. A subgraph returns these to point at an entity (the gateway
 * fetches the rest from the owner) and adds its own fields to them with field resolvers.
 * A fresh class per subgraph, for the reason given at `createPlaceTypes`. It carries the
 * owner's cache hint, reference data's unless given (tests/cache-hints.test.ts compares
 * them): `_entities` answers with the hint of the type as this subgraph has it.
 */
export function createEntityRef(name: string, ownersHint: CacheHint = PUBLIC_LONG) {
  @Directive('@key(fields: "id")')
  @Directive(cacheHint(ownersHint))
  @ObjectType(name)
  class Ref {
    @Field(() => ID)
    id!: string;
  }
  return Ref;
}

/** A representation other subgraphs send for an entity we only extend: nothing to look up. */
export const keyOnly = (ref: { id: string }) => ({ id: ref.id });

/** Parses an id the way every subgraph stores them (UUIDs); anything else cannot match a row. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
