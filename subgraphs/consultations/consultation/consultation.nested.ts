import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../../shared/context.js';
import { nestedConnection, type ParentJoin } from '../../shared/nested.js';
import type { Connection } from '../../shared/pagination.js';
import { Consultation } from './consultation.entity.js';
import type { ConsultationsArgs } from './consultation.input.js';
import { CONSULTATION_ORDER, consultationBase } from './consultation.query.js';
import { ConsultationConnection } from './consultation.types.js';

/**
 * The consultations of one parent (a district, an organisation, a heritage object),
 * batched with every other parent of the request into one statement.
 */
export function consultationsOf(
  relation: string,
  join: ParentJoin,
  parentId: string,
  args: ConsultationsArgs,
  ctx: RequestContext,
  info: GraphQLResolveInfo,
): Connection<Consultation> {
  const list = {
    relation,
    variant: args.filter ?? null,
    entity: Consultation,
    base: consultationBase(ctx.em, args.filter, ctx.now), // validates the filter before any batching
    join,
    order: CONSULTATION_ORDER,
  };
  return new ConsultationConnection(nestedConnection(ctx, list, parentId, args, info));
}
