import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { requireCity, requireDistrict } from '../../../lib/places.js';
import { dbDate, type SortKey } from '../../shared/queries.js';
import { isUuid } from '../../shared/refs.js';
import type { Consultation } from './consultation.entity.js';
import { ConsultationStatus } from './consultation.enums.js';
import type { ConsultationFilter } from './consultation.input.js';

/** The status as of `now`: PLANNED before `opensAt`, OPEN in [opensAt, closesAt), CLOSED from `closesAt`. */
export function consultationStatus(consultation: Consultation, now: Date): ConsultationStatus {
  if (now < consultation.opensAt) return ConsultationStatus.PLANNED;
  if (now < consultation.closesAt) return ConsultationStatus.OPEN;
  return ConsultationStatus.CLOSED;
}

/** Latest opening first; the id makes the order total. */
export const CONSULTATION_ORDER: SortKey<Consultation>[] = [
  { column: 'opens_at', property: 'opensAt', direction: 'desc', kind: 'date' },
  { column: 'id', property: 'id', direction: 'desc', kind: 'uuid' },
];

/**
 * `select c.* from consultation c where <filter>`: the base of every consultation list,
 * top-level or nested. Unknown cities and districts are input errors; an organisation or
 * heritage object id that is no UUID simply matches nothing.
 */
export function consultationBase(em: SqlEntityManager, filter: ConsultationFilter | null | undefined, now: Date): Knex.QueryBuilder {
  const knex = em.getKnex();
  const query = knex('consultation as c').select('c.*');
  if (!filter) return query;
  if (filter.city) query.where('c.city', requireCity('filter.city', filter.city).id);
  if (filter.district) query.where('c.district', requireDistrict('filter.district', filter.district, filter.city ?? undefined).id);
  if (filter.status) whereStatus(em, query, filter.status, now);
  if (filter.format) query.where('c.format', filter.format);
  if (filter.organizer) {
    if (!isUuid(filter.organizer)) return query.whereRaw('1 = 0');
    query.whereIn('c.id', knex('consultation_organizer').select('consultation_id').where('organization_id', filter.organizer));
  }
  if (filter.measure) {
    if (!isUuid(filter.measure)) return query.whereRaw('1 = 0');
    query.where('c.measure_id', filter.measure);
  }
  if (filter.heritageObject) {
    if (!isUuid(filter.heritageObject)) return query.whereRaw('1 = 0');
    query.whereIn(
      'c.id',
      knex('consultation_heritage_object').select('consultation_id').where('heritage_object_id', filter.heritageObject),
    );
  }
  return query;
}

/** The derived status as date conditions, so the database filters (and counts) it. */
function whereStatus(em: SqlEntityManager, query: Knex.QueryBuilder, status: ConsultationStatus, now: Date): void {
  const nowValue = dbDate(em, now) as Knex.Value;
  switch (status) {
    case ConsultationStatus.PLANNED:
      query.where('c.opens_at', '>', nowValue);
      return;
    case ConsultationStatus.OPEN:
      query.where('c.opens_at', '<=', nowValue).where('c.closes_at', '>', nowValue);
      return;
    case ConsultationStatus.CLOSED:
      query.where('c.closes_at', '<=', nowValue);
      return;
  }
}
