import { Arg, Ctx, ID, Resolver, Subscription } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { executedByTheGateway } from '../../shared/subscriptions.js';
import { findCurrent } from '../../shared/writes.js';
import { Consultation } from './consultation.entity.js';
import { consultationById } from './consultation.loader.js';

/**
 * `consultationChanged`: the gateway executes it once per event about the consultation
 * (the event rides in the request, see subgraphs/shared/subscriptions.ts), so the resolver
 * answers the consultation as it is now in the database, never from this request's cache.
 */
@Resolver()
export class ConsultationSubscriptionResolver {
  @Subscription(() => Consultation, {
    nullable: true,
    subscribe: executedByTheGateway('consultationChanged'),
    description:
      'The consultation each time it changes: a new survey response (its participant count; a busy consultation\u02bcs counts may arrive coalesced), its outcome published. ' +
      'NOT_FOUND when unknown.',
  })
  async consultationChanged(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Consultation> {
    const consultation = await findCurrent(ctx, Consultation, id, 'id', 'consultation');
    // Later fields of the request (through `_entities`, say) see the same row.
    consultationById(ctx).clear(id).prime(id, consultation);
    return consultation;
  }
}
