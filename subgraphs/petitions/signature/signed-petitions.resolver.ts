import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Directive, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { cacheHint, PRIVATE } from '../../shared/cache-hints.js';
import type { RequestContext } from '../../shared/context.js';
import { nestedConnection, type NestedList } from '../../shared/nested.js';
import { PageArgs, type Connection } from '../../shared/pagination.js';
import { requireSelf, type ResidentRef } from '../../shared/resident.graphql.js';
import { Resident } from '../federation.js';
import { Petition } from '../petition/petition.entity.js';
import { PetitionConnection } from '../petition/petition.types.js';

@Resolver(() => Resident)
export class ResidentSignaturesResolver {
  @Directive(cacheHint(PRIVATE))
  @FieldResolver(() => PetitionConnection, { description: 'Petitions this resident signed, most recently signed first.' })
  signedPetitions(
    @Root() resident: ResidentRef,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Connection<Petition> {
    requireSelf(ctx, resident);
    const list: NestedList<Petition> = {
      relation: 'Resident.signedPetitions',
      variant: null,
      entity: Petition,
      base: ctx.em.getKnex()('petition as p').select('p.*'),
      // Who signed stays here: the signer column only groups the caller's own rows.
      join: (q, ids) =>
        q.join('signature as s', 's.petition_id', 'p.id').select('s.signer as __parent', 's.signed_at as __signed_at').whereIn('s.signer', [...ids]),
      // Nested lists page by position, so only the columns of these keys matter.
      order: [
        { column: '__signed_at', property: 'createdAt', direction: 'desc', kind: 'date' },
        { column: 'id', property: 'id', direction: 'desc', kind: 'uuid' },
      ],
    };
    return new PetitionConnection(nestedConnection(ctx, list, resident.id, args, info));
  }
}
