import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { webhookEventType, type EventType } from '../../../lib/events.js';
import type { RequestContext } from '../../shared/context.js';
import { groupByKey } from '../../shared/queries.js';
import { WebhookEventType } from '../webhook/webhook.enums.js';
import { WebhookAttempt } from './webhook-attempt.entity.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => WebhookEventType)
  eventType(@Root() delivery: WebhookDelivery): string {
    return webhookEventType(delivery.eventType as EventType);
  }

  @FieldResolver(() => [WebhookAttempt], { description: 'Every attempt, oldest first: when, the status it got or why none.' })
  attemptLog(@Root() delivery: WebhookDelivery, @Ctx() ctx: RequestContext): Promise<WebhookAttempt[]> {
    return ctx.loaders
      .get<string, WebhookAttempt[]>('WebhookDelivery.attemptLog', async (ids) => {
        const attempts = await ctx.em.find(WebhookAttempt, { delivery: { $in: [...ids] } }, { orderBy: { attemptedAt: 'asc', id: 'asc' } });
        return groupByKey(ids, attempts, (attempt) => attempt.delivery.id);
      })
      .load(delivery.id);
  }
}
