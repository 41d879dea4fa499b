import { Arg, Ctx, ID, Resolver, Subscription } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { executedByTheGateway } from '../../shared/subscriptions.js';
import { Petition } from './petition.entity.js';
import { currentVisiblePetition } from './petition.current.js';

/**
 * `petitionChanged`: the gateway executes it once per event about the petition (the
 * event rides in the request, see subgraphs/shared/subscriptions.ts), so the resolver
 * answers the petition as it is now in the database, never from this request's cache.
 */
@Resolver()
export class PetitionSubscriptionResolver {
  @Subscription(() => Petition, {
    nullable: true,
    subscribe: executedByTheGateway('petitionChanged'),
    description:
      'The petition each time it changes: published or rejected, signed (a busy petition\u02bcs counts may arrive coalesced), its threshold reached, answered. ' +
      'NOT_FOUND when unknown, or in moderation and neither the caller\u02bcs nor their city\u02bcs to moderate.',
  })
  petitionChanged(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Petition> {
    return currentVisiblePetition(ctx, id);
  }
}
