import { Authorized, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { ForbiddenError, requireViewer } from './auth.js';
import { message } from '../../lib/messages/index.js';
import { cacheHint, PRIVATE } from './cache-hints.js';
import type { RequestContext } from './context.js';

/** A resident as resolvers pass it around: the identity provider's subject. */
export interface ResidentRef {
  id: string;
}

/**
 * The `Resident` entity and `me`, as fresh classes for one subgraph (see `createPlaceTypes`
 * for why fresh). Every subgraph that holds something of a resident's own (signatures,
 * survey responses, condition reports) adds it as a field; `me` is answered alike by each
 * (hence `@shareable`): it is the caller's subject, nothing to look up. All of it is the
 * caller's own, hence PRIVATE (never stored), on the type and on every field added to it.
 */
export function createResidentType() {
  @Directive('@key(fields: "id")')
  @Directive(cacheHint(PRIVATE))
  @ObjectType('Resident', {
    description: 'A signed-in resident and their own participation. Only that resident can read it: who signed or answered is not public.',
  })
  class Resident {
    @Directive(cacheHint(PRIVATE))
    @Field(() => ID, { description: 'The identity provider\u02bcs subject for this resident.' })
    id!: string;
  }

  @Resolver(() => Resident)
  class MeResolver {
    @Directive('@shareable')
    @Directive(cacheHint(PRIVATE))
    @Authorized()
    @Query(() => Resident, { nullable: true, description: 'The signed-in caller; UNAUTHENTICATED for anonymous callers.' })
    me(@Ctx() ctx: RequestContext): ResidentRef {
      return { id: requireViewer(ctx).id };
    }
  }

  return { Resident, resolvers: [MeResolver] as const };
}

/**
 * The resident's own data is theirs alone: a representation (from the gateway's query
 * plan, or anyone who would forge one) resolves only for the caller themself.
 */
export function requireSelf(ctx: RequestContext, resident: ResidentRef): ResidentRef {
  if (requireViewer(ctx).id !== resident.id) throw new ForbiddenError(message('auth.ownParticipationOnly'));
  return resident;
}

export const residentReference = (ref: { id: string }, ctx: RequestContext) => requireSelf(ctx, { id: ref.id });
