import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import type { RequestContext } from '../../shared/context.js';
import { requireCity, requireDistrict } from '../../../lib/places.js';
import { dbDate, type SortKey } from '../../shared/queries.js';
import { isUuid } from '../../shared/refs.js';
import { PetitionSort, PetitionStatus } from './petition.enums.js';
import type { Petition } from './petition.entity.js';
import type { PetitionFilter } from './petition.input.js';
import { whereVisible } from './petition.visibility.js';

/** The public status: a stored OPEN petition whose period has ended is CLOSED, without waiting for a sweep. */
export function publicStatus(petition: Petition, now: Date): PetitionStatus {
  if (petition.status === PetitionStatus.OPEN && petition.closesAt && petition.closesAt <= now) return PetitionStatus.CLOSED;
  return petition.status;
}

/** The keys of each order; every order ends with the id so that it is total. */
export const PETITION_ORDERS: Record<PetitionSort, SortKey<Petition>[]> = {
  [PetitionSort.NEWEST]: [
    { column: 'created_at', property: 'createdAt', direction: 'desc', kind: 'date' },
    { column: 'id', property: 'id', direction: 'desc', kind: 'uuid' },
  ],
  [PetitionSort.MOST_SIGNED]: [
    { column: 'signature_count', property: 'signatureCount', direction: 'desc', kind: 'number' },
    { column: 'id', property: 'id', direction: 'desc', kind: 'uuid' },
  ],
  [PetitionSort.CLOSING_SOON]: [
    { column: 'closes_at', property: 'closesAt', direction: 'asc', kind: 'date', nullable: true },
    { column: 'id', property: 'id', direction: 'asc', kind: 'uuid' },
  ],
};

/**
 * `select p.* from petition p where <visible to the caller> and <filter>`: the base of every
 * petition list, top-level or nested. Unknown cities and districts are input errors; an id
 * that is no UUID simply matches nothing.
 */
export function petitionBase(ctx: RequestContext, filter: PetitionFilter | null | undefined): Knex.QueryBuilder {
  const { em, now } = ctx;
  const query = whereVisible(em.getKnex()('petition as p').select('p.*'), ctx.viewer);
  if (!filter) return query;
  if (filter.city) query.where('p.city', requireCity('filter.city', filter.city).id);
  if (filter.district) query.where('p.district', requireDistrict('filter.district', filter.district, filter.city ?? undefined).id);
  if (filter.status) whereStatus(em, query, filter.status, now);
  if (filter.initiatorOrganization) {
    if (!isUuid(filter.initiatorOrganization)) return query.whereRaw('1 = 0');
    query.where('p.initiator_organization_id', filter.initiatorOrganization);
  }
  if (filter.heritageObject) {
    if (!isUuid(filter.heritageObject)) return query.whereRaw('1 = 0');
    query.whereIn(
      'p.id',
      em.getKnex()('petition_heritage_object').select('petition_id').where('heritage_object_id', filter.heritageObject),
    );
  }
  return query;
}

function whereStatus(em: SqlEntityManager, query: Knex.QueryBuilder, status: PetitionStatus, now: Date): void {
  const nowValue = dbDate(em, now) as Knex.Value;
  switch (status) {
    case PetitionStatus.OPEN:
      query.where('p.status', PetitionStatus.OPEN).where('p.closes_at', '>', nowValue);
      return;
    case PetitionStatus.CLOSED:
      query.where((q) =>
        q.where('p.status', PetitionStatus.CLOSED).orWhere((open) => open.where('p.status', PetitionStatus.OPEN).where('p.closes_at', '<=', nowValue)),
      );
      return;
    default:
      query.where('p.status', status);
  }
}
