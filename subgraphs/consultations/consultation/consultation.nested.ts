import type { Knex } from '@mikro-orm/knex';
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../../shared/context.js';
import { nestedConnection } from '../../shared/nested.js';
import type { Connection } from '../../shared/pagination.js';
import { orderSql } from '../../shared/queries.js';
import { Consultation } from './consultation.entity.js';
import type { ConsultationsArgs } from './consultation.input.js';
import { CONSULTATION_ORDER, consultationBase } from './consultation.query.js';
import { ConsultationConnection } from './consultation.types.js';

/** How a parent entity's consultations are found: adds the parent key as `__parent` and restricts to the parents asked. */
export type ParentJoin = (query: Knex.QueryBuilder, parentIds: readonly string[]) => Knex.QueryBuilder;

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
  const base = consultationBase(ctx.em, args.filter, ctx.now); // validates the filter before any batching
  const source = nestedConnection(
    ctx,
    {
      name: `${relation}:${JSON.stringify(args.filter ?? {})}`,
      entity: Consultation,
      base: (parentIds) => join(base.clone(), parentIds),
      orderSql: orderSql(CONSULTATION_ORDER),
    },
    parentId,
    args,
    info,
  );
  return new ConsultationConnection(source);
}
