import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { BadInputError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { requireCity, requireDistrict } from '../../../lib/places.js';
import type { SortKey } from '../../shared/queries.js';
import type { Organization } from './organization.entity.js';
import { PUBLIC_ORGANIZATION_STATUSES } from './organization.enums.js';
import type { OrganizationFilter } from './organization.input.js';
import { searchTerms } from './organization.search.js';

export const MAX_SEARCH_LENGTH = 200;

/** Alphabetical by Ukrainian name, then id. */
export const ORGANIZATION_ORDER: SortKey<Organization>[] = [
  { column: 'name_uk', property: 'nameUk', direction: 'asc', kind: 'string' },
  { column: 'id', property: 'id', direction: 'asc', kind: 'uuid' },
];

/** `select o.* from organization o where <public> and <filter>`: the base of every organisation list. */
export function organizationBase(em: SqlEntityManager, filter: OrganizationFilter | null | undefined): Knex.QueryBuilder {
  const query = em.getKnex()('organization as o').select('o.*');
  const statuses = filter?.status ? PUBLIC_ORGANIZATION_STATUSES.filter((s) => s === filter.status) : PUBLIC_ORGANIZATION_STATUSES;
  query.whereIn('o.status', statuses);
  if (!filter) return query;
  if (filter.city) query.where('o.city', requireCity('filter.city', filter.city).id);
  if (filter.district) query.where('o.district', requireDistrict('filter.district', filter.district, filter.city ?? undefined).id);
  if (filter.legalForm) query.where('o.legal_form', filter.legalForm);
  if (filter.search) {
    if (filter.search.length > MAX_SEARCH_LENGTH) {
      throw new BadInputError('filter.search', message('organisation.searchTooLong', { max: MAX_SEARCH_LENGTH }));
    }
    for (const term of searchTerms(filter.search)) query.whereRaw(`o.search_text like ? escape '\\'`, [`%${term}%`]);
  }
  return query;
}
