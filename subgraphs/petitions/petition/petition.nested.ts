import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../../shared/context.js';
import { nestedConnection, type ParentJoin } from '../../shared/nested.js';
import type { Connection } from '../../shared/pagination.js';
import { Petition } from './petition.entity.js';
import { PetitionSort } from './petition.enums.js';
import type { PetitionsArgs } from './petition.input.js';
import { PETITION_ORDERS, petitionBase } from './petition.query.js';
import { PetitionConnection } from './petition.types.js';

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
  const sort = args.sort ?? PetitionSort.NEWEST;
  const list = {
    relation,
    variant: [args.filter ?? null, sort],
    entity: Petition,
    base: petitionBase(ctx.em, args.filter, ctx.now), // validates the filter before any batching
    join,
    order: PETITION_ORDERS[sort],
  };
  return new PetitionConnection(nestedConnection(ctx, list, parentId, args, info));
}
