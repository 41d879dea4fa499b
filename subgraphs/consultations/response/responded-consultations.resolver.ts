import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Directive, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { cacheHint, PRIVATE } from '../../shared/cache-hints.js';
import type { RequestContext } from '../../shared/context.js';
import { nestedConnection, type NestedList } from '../../shared/nested.js';
import { PageArgs, type Connection } from '../../shared/pagination.js';
import { requireSelf, type ResidentRef } from '../../shared/resident.graphql.js';
import { Consultation } from '../consultation/consultation.entity.js';
import { ConsultationConnection } from '../consultation/consultation.types.js';
import { Resident } from '../federation.js';

@Resolver(() => Resident)
export class ResidentResponsesResolver {
  @Directive(cacheHint(PRIVATE))
  @FieldResolver(() => ConsultationConnection, { description: 'Consultations whose survey this resident answered, most recent answer first.' })
  respondedConsultations(
    @Root() resident: ResidentRef,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Connection<Consultation> {
    requireSelf(ctx, resident);
    const list: NestedList<Consultation> = {
      relation: 'Resident.respondedConsultations',
      variant: null,
      entity: Consultation,
      base: ctx.em.getKnex()('consultation as c').select('c.*'),
      // Who answered stays here: the respondent column only groups the caller's own rows.
      join: (q, ids) =>
        q
          .join('survey_response as r', 'r.consultation_id', 'c.id')
          .select('r.respondent as __parent', 'r.submitted_at as __submitted_at')
          .whereIn('r.respondent', [...ids]),
      // Nested lists page by position, so only the columns of these keys matter.
      order: [
        { column: '__submitted_at', property: 'opensAt', direction: 'desc', kind: 'date' },
        { column: 'id', property: 'id', direction: 'desc', kind: 'uuid' },
      ],
    };
    return new ConsultationConnection(nestedConnection(ctx, list, resident.id, args, info));
  }
}
