import { Arg, Ctx, ID, Resolver, Subscription } from 'type-graphql';
import { NotFoundError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { CITIES, findCity } from '../../../lib/places.js';
import type { RequestContext } from '../../shared/context.js';
import { executedByTheGateway } from '../../shared/subscriptions.js';
import { buildFeedEvent } from './feed-event.builder.js';
import { ParticipationEvent, type FeedEventObject } from './participation-event.types.js';

/**
 * `participationEvents(city)`: the gateway executes it once per event of the city feed,
 * posting the operation with the event in the request (`extensions.event`, signed with the
 * body); the resolver turns that event into the feed's object, and the gateway resolves the
 * rest of the selection (the petition's title, the organisation's name) from the owners.
 *
 * Before a stream opens, the gateway executes the operation once without an event (its
 * admission run: an unknown city, a caller who may not see what they ask): the city is
 * checked, and the answer is null, which no subscriber is sent.
 */
@Resolver()
export class ParticipationEventsResolver {
  @Subscription(() => ParticipationEvent, {
    subscribe: executedByTheGateway('participationEvents'),
    nullable: true,
    description:
      'What happens in a city as it happens: petitions published, reaching their threshold, answered and closed; consultations opened, closed and decided; ' +
      'monuments\u02bc conditions; organisations registered; programme progress. NOT_FOUND for an unknown city. ' +
      'Subscribers receive only events, never null: null is the answer of the gateway\u02bcs admission run, which executes the subscription once without an event ' +
      'to check the city and the caller before the stream opens.',
  })
  participationEvents(@Arg('city', () => ID) city: string, @Ctx() ctx: RequestContext): FeedEventObject | null {
    if (!findCity(city)) throw new NotFoundError('city', message('place.unknownCity', { id: city, known: CITIES.map((c) => c.id) }));
    const { event } = ctx;
    // The admission run: the city is known, and there is nothing to show yet.
    if (!event) return null;
    // The gateway's mistakes, never a subscriber's: logged and masked, not explained to the client.
    if (event.city !== city) throw new Error(`participationEvents(city: ${city}) was sent an event of another city`);
    return buildFeedEvent(event);
  }
}
