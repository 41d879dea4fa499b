import { maybeCacheControlFromInfo } from '@apollo/cache-control-types';
import type { GraphQLResolveInfo } from 'graphql';
import type { Knex } from '@mikro-orm/knex';
import { hasRole, type Viewer } from '../../../lib/identity.js';
import { PetitionStatus } from './petition.enums.js';
import type { Petition } from './petition.entity.js';

/**
 * Who may read a petition. A petition in MODERATION is unreviewed text (anything a resident
 * typed): only its author and the moderators of its city see it, until a moderator admits it
 * (OPEN) or rejects it (REJECTED, published with its reason, as cities publish rejections).
 * To everyone else it does not exist: lookups answer null, lists leave it out, and the
 * public counts (`City.petitionStats`) still count it.
 */
export function canSeePetition(viewer: Viewer | null, petition: Pick<Petition, 'status' | 'author' | 'city'>): boolean {
  if (petition.status !== PetitionStatus.MODERATION) return true;
  if (!viewer) return false;
  return petition.author === viewer.id || hasRole(viewer, 'moderator', petition.city);
}

/** The same rule in SQL, on a query over `petition as p`: one more condition, no more statements. */
export function whereVisible(query: Knex.QueryBuilder, viewer: Viewer | null): Knex.QueryBuilder {
  const moderation = viewer?.grants.filter((grant) => grant.role === 'moderator') ?? [];
  if (moderation.some((grant) => !grant.city)) return query; // a moderator of every city sees them all
  const cities = moderation.map((grant) => grant.city!);
  return query.where((visible) => {
    visible.whereNot('p.status', PetitionStatus.MODERATION);
    if (viewer) visible.orWhere('p.author', viewer.id);
    if (cities.length) visible.orWhereIn('p.city', cities);
  });
}

/**
 * A signed-in caller's petitions answer may hold petitions only they may see (their own,
 * their city's in moderation), so it must never be shared: not by the gateway's response
 * cache (which keeps signed-in answers apart from anonymous ones, not from each other), nor
 * by a CDN. Anonymous callers all see the same, so their answers stay public.
 */
export function privateForSignedIn(info: GraphQLResolveInfo, viewer: Viewer | null): void {
  if (viewer) maybeCacheControlFromInfo(info)?.setCacheHint({ scope: 'PRIVATE' });
}
