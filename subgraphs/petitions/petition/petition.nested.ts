import type { Knex } from '@mikro-orm/knex';
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../../shared/context.js';
import { nestedConnection } from '../../shared/nested.js';
import type { Connection } from '../../shared/pagination.js';
import { orderSql } from '../../shared/queries.js';
import { Petition } from './petition.entity.js';
import { PetitionSort } from './petition.enums.js';
import type { PetitionsArgs } from './petition.input.js';
import { PETITION_ORDERS, petitionBase } from './petition.query.js';
import { PetitionConnection } from './petition.types.js';

/** How a parent entity's petitions are found: adds the parent key as `__parent` and restricts to the parents asked. */
export type ParentJoin = (query: Knex.QueryBuilder, parentIds: readonly string[]) => Knex.QueryBuilder;

/**
 * The petitions of one parent (a district, an organisation, a heritage object), batched
 * with every other parent of the request into one statement.
 */
export function petitionsOf(
  relation: string,
  join: ParentJoin,
  parentId: string,
  args: PetitionsArgs,
  ctx: RequestContext,
  info: GraphQLResolveInfo,
): Connection<Petition> {
  const base = petitionBase(ctx.em, args.filter, ctx.now); // validates the filter before any batching
  const sort = args.sort ?? PetitionSort.NEWEST;
  const source = nestedConnection(
    ctx,
    {
      name: `${relation}:${JSON.stringify(args.filter ?? {})}:${sort}`,
      entity: Petition,
      base: (parentIds) => join(base.clone(), parentIds),
      orderSql: orderSql(PETITION_ORDERS[sort]),
    },
    parentId,
    args,
    info,
  );
  return new PetitionConnection(source);
}
