import type { Knex } from '@mikro-orm/knex';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, Directive, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { webhookEventType } from '../../../lib/events.js';
import { message, render } from '../../../lib/messages/index.js';
import { cacheHint, PRIVATE } from '../../shared/cache-hints.js';
import type { RequestContext } from '../../shared/context.js';
import { nestedConnection } from '../../shared/nested.js';
import { PageArgs, type Connection } from '../../shared/pagination.js';
import { cityRef, type PlaceRef } from '../../shared/places.graphql.js';
import type { SortKey } from '../../shared/queries.js';
import type { WebhookMetrics } from '../delivery/delivery.metrics.js';
import { WebhookDelivery } from '../delivery/webhook-delivery.entity.js';
import { City } from '../federation.js';
import { deactivateWebhook, ownWebhooks, reactivateWebhook, registerWebhook, type WebhookRules } from './webhook.commands.js';
import { Webhook } from './webhook.entity.js';
import { WebhookEventType, type WebhookDisabled } from './webhook.enums.js';
import { RegisterWebhookInput } from './webhook.input.js';
import { RegisterWebhookPayload, WebhookDeliveryConnection, WebhookPayload } from './webhook.types.js';

/** What the events subgraph's resolvers are built with (SubgraphDefinition.services). */
export interface EventsServices {
  webhooks: WebhookRules;
  /** Deliveries an owner's switch-off cancels end there (absent: not counted, as in tests that build their own services). */
  metrics?: WebhookMetrics;
}

/** Integrators register, list, switch off and on their webhooks; each sees only their own. */
@Resolver()
export class IntegratorWebhooksResolver {
  constructor(private readonly services: EventsServices) {}

  @Authorized('integrator')
  @Directive(cacheHint(PRIVATE))
  @Query(() => [Webhook], { description: 'The caller\u02bcs webhooks in a city, newest first (an integrator of that city).' })
  webhooks(@Arg('city', () => ID) city: string, @Ctx() ctx: RequestContext): Promise<Webhook[]> {
    return ownWebhooks(ctx, city);
  }

  @Authorized('integrator')
  @Mutation(() => RegisterWebhookPayload, {
    description:
      'An integrator of the city registers an https endpoint for some event types; deliveries follow the Standard Webhooks specification, ' +
      'signed with the secret this answer carries (shown once). Retrying the same registration within an hour answers the same; later it is CONFLICT.',
  })
  async registerWebhook(@Arg('input', () => RegisterWebhookInput) input: RegisterWebhookInput, @Ctx() ctx: RequestContext): Promise<RegisterWebhookPayload> {
    return registerWebhook(ctx, input, this.services.webhooks);
  }

  @Authorized('integrator')
  @Mutation(() => WebhookPayload, { description: 'Switches one of the caller\u02bcs webhooks off; its pending deliveries are cancelled.' })
  async deactivateWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<WebhookPayload> {
    return { webhook: await deactivateWebhook(ctx, id, this.services.metrics) };
  }

  @Authorized('integrator')
  @Mutation(() => WebhookPayload, { description: 'Switches one of the caller\u02bcs webhooks on again, its failure count reset.' })
  async reactivateWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<WebhookPayload> {
    return { webhook: await reactivateWebhook(ctx, id, this.services.webhooks) };
  }
}

/** A webhook's deliveries, newest first. */
const DELIVERY_ORDER: readonly SortKey<WebhookDelivery>[] = [
  { column: 'created_at', property: 'createdAt', direction: 'desc', kind: 'date' },
  { column: 'id', property: 'id', direction: 'desc', kind: 'uuid' },
];

@Resolver(() => Webhook)
export class WebhookResolver {
  @FieldResolver(() => [WebhookEventType], { description: 'The event types it receives.' })
  eventTypes(@Root() webhook: Webhook): string[] {
    return webhook.eventTypes.map((type) => webhookEventType(type));
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why it was switched off, for its owner to read; null while active.' })
  disabledReason(@Root() webhook: Webhook, @Ctx() ctx: RequestContext): string | null {
    return webhook.active || !webhook.disabled ? null : render(ctx.locale, disabledMessage(webhook.disabled));
  }

  @FieldResolver(() => City)
  city(@Root() webhook: Webhook): PlaceRef {
    return cityRef(webhook.city);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Events sent (or being sent) to it, newest first, with how their attempts went.' })
  deliveries(
    @Root() webhook: Webhook,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Connection<WebhookDelivery> {
    const list = {
      relation: 'Webhook.deliveries',
      variant: null,
      entity: WebhookDelivery,
      base: ctx.em.getKnex().select('d.*').from({ d: 'webhook_delivery' }),
      join: (q: Knex.QueryBuilder, ids: readonly string[]) => q.select('d.webhook_id as __parent').whereIn('d.webhook_id', [...ids]),
      order: DELIVERY_ORDER,
    };
    return new WebhookDeliveryConnection(nestedConnection(ctx, list, webhook.id, args, info));
  }
}

function disabledMessage(disabled: WebhookDisabled) {
  switch (disabled.kind) {
    case 'OWNER':
      return message('webhook.disabledByOwner');
    case 'FAILING':
      return message('webhook.disabledFailing', { failures: disabled.failures, since: disabled.since, problem: disabled.problem });
    case 'EXHAUSTED':
      return message('webhook.disabledExhausted', { attempts: disabled.attempts, problem: disabled.problem });
  }
}
