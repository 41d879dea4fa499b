import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import type { SortKey } from '../../shared/queries.js';
import type { Measure } from './measure.entity.js';
import type { MeasureFilter } from './measure.input.js';

/** Document order within a programme; the id makes it total. */
export const MEASURE_ORDER: SortKey<Measure>[] = [
  { column: 'position', property: 'position', direction: 'asc', kind: 'number' },
  { column: 'id', property: 'id', direction: 'asc', kind: 'uuid' },
];

/** `select m.* from measure m where <filter>`: the base of every measure list. */
export function measureBase(em: SqlEntityManager, filter: MeasureFilter | null | undefined): Knex.QueryBuilder {
  const query = em.getKnex()('measure as m').select('m.*');
  if (filter?.status) query.where('m.status', filter.status);
  return query;
}
