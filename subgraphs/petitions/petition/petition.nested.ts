import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../../shared/context.js';
import { nestedConnection, type ParentJoin } from '../../shared/nested.js';
import type { Connection } from '../../shared/pagination.js';
import { Petition } from './petition.entity.js';
import { PetitionSort } from './petition.enums.js';
import type { PetitionsArgs } from './petition.input.js';
import { PETITION_ORDERS, petitionBase } from './petition.query.js';
import { PetitionConnection } from './petition.types.js';
import { privateForSignedIn } from './petition.visibility.js';

/**
 * The petitions of one parent (a district, an organisation, a heritage object) the caller
 * may see, batched with every other parent of the request into one statement.
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
    base: petitionBase(ctx, args.filter), // validates the filter before any batching
    join,
    order: PETITION_ORDERS[sort],
  };
  privateForSignedIn(info, ctx.viewer);
  return new PetitionConnection(nestedConnection(ctx, list, parentId, args, info));
}
