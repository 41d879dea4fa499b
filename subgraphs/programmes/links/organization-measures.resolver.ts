import type { Knex } from '@mikro-orm/knex';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { nestedConnection } from '../../shared/nested.js';
import { PageArgs, type Connection } from '../../shared/pagination.js';
import type { SortKey } from '../../shared/queries.js';
import { isUuid, type EntityRef } from '../../shared/refs.js';
import { OrganizationRef } from '../federation.js';
import { Measure } from '../measure/measure.entity.js';
import { measureBase } from '../measure/measure.query.js';
import { MeasureConnection } from '../measure/measure.types.js';

/** By programme, then in document order. */
const ORDER: SortKey<Measure>[] = [
  { column: 'programme_id', property: 'programme', direction: 'asc', kind: 'uuid' },
  { column: 'position', property: 'position', direction: 'asc', kind: 'number' },
  { column: 'id', property: 'id', direction: 'asc', kind: 'uuid' },
];

@Resolver(() => OrganizationRef)
export class OrganizationMeasuresResolver {
  @FieldResolver(() => MeasureConnection, { nullable: true, description: 'Measures of the cities\u02bc programmes this organisation is named in, as an executor or a partner.' })
  programmeMeasures(@Root() organization: EntityRef, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Connection<Measure> {
    const knex = ctx.em.getKnex();
    const list = {
      relation: 'Organization.programmeMeasures',
      variant: null,
      entity: Measure,
      base: measureBase(ctx.em, null),
      // A measure naming the organisation twice (executor and partner) is listed once.
      join: (q: Knex.QueryBuilder, ids: readonly string[]) =>
        q
          .join(knex('measure_party').distinct('measure_id', 'organization_id').whereIn('organization_id', ids.filter(isUuid)).as('p'), 'p.measure_id', 'm.id')
          .select('p.organization_id as __parent'),
      order: ORDER,
    };
    return new MeasureConnection(nestedConnection(ctx, list, organization.id, args, info));
  }
}
