import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { BadInputError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { requireCity, requireDistrict } from '../../../lib/places.js';
import type { SortKey } from '../../shared/queries.js';
import type { Box } from './geo.js';
import type { HeritageObject } from './heritage-object.entity.js';
import type { BoundingBoxInput, HeritageObjectFilter, NearInput } from './heritage-object.input.js';

/** The largest search radius: a whole city and its surroundings. */
export const MAX_RADIUS_METERS = 50_000;

/** Alphabetical by Ukrainian name, then id. */
export const HERITAGE_ORDER: SortKey<HeritageObject>[] = [
  { column: 'name_uk', property: 'nameUk', direction: 'asc', kind: 'string' },
  { column: 'id', property: 'id', direction: 'asc', kind: 'uuid' },
];

function checkLatitude(field: string, value: number): void {
  if (!Number.isFinite(value) || value < -90 || value > 90) throw new BadInputError(field, message('geo.latitude', { field }));
}
function checkLongitude(field: string, value: number): void {
  if (!Number.isFinite(value) || value < -180 || value > 180) throw new BadInputError(field, message('geo.longitude', { field }));
}

export function checkNear(near: NearInput): void {
  checkLatitude('filter.near.lat', near.lat);
  checkLongitude('filter.near.lng', near.lng);
  if (!Number.isInteger(near.radiusMeters) || near.radiusMeters < 1 || near.radiusMeters > MAX_RADIUS_METERS) {
    throw new BadInputError('filter.near.radiusMeters', message('geo.radius', { max: MAX_RADIUS_METERS }));
  }
}

function checkBox(box: BoundingBoxInput): void {
  checkLatitude('filter.within.south', box.south);
  checkLatitude('filter.within.north', box.north);
  checkLongitude('filter.within.west', box.west);
  checkLongitude('filter.within.east', box.east);
  if (box.south > box.north) throw new BadInputError('filter.within', message('geo.southOfNorth'));
  if (box.west > box.east) throw new BadInputError('filter.within', message('geo.westOfEast'));
}

export function whereInBox(query: Knex.QueryBuilder, box: Box): Knex.QueryBuilder {
  return query.whereBetween('h.lat', [box.south, box.north]).whereBetween('h.lng', [box.west, box.east]);
}

/** `select h.* from heritage_object h where <filter>`, without the `near` circle (applied after, exactly). */
export function heritageBase(em: SqlEntityManager, filter: HeritageObjectFilter | null | undefined): Knex.QueryBuilder {
  const query = em.getKnex()('heritage_object as h').select('h.*');
  if (!filter) return query;
  if (filter.city) query.where('h.city', requireCity('filter.city', filter.city).id);
  if (filter.district) query.where('h.district', requireDistrict('filter.district', filter.district, filter.city ?? undefined).id);
  if (filter.significance) query.where('h.significance', filter.significance);
  if (filter.condition) query.where('h.condition', filter.condition);
  // Types are a JSON array of enum names (jsonb on PostgreSQL, hence the cast); the quoted
  // name cannot occur inside another name.
  if (filter.type) query.whereRaw('cast(h.types as text) like ?', [`%"${filter.type}"%`]);
  if (filter.near) checkNear(filter.near);
  if (filter.within) {
    checkBox(filter.within);
    whereInBox(query, filter.within);
  }
  return query;
}
