import { Directive, Field, ObjectType } from 'type-graphql';
import { cacheHint, PRIVATE } from '../../shared/cache-hints.js';
import { connectionOf } from '../../shared/pagination.js';
import { WebhookDelivery } from '../delivery/webhook-delivery.entity.js';
import { Webhook } from './webhook.entity.js';

// A mutation's answer is the caller's.
@Directive(cacheHint(PRIVATE))
@ObjectType({ description: 'A registered webhook and its secret.' })
export class RegisterWebhookPayload {
  @Field(() => Webhook)
  webhook!: Webhook;

  @Field(() => String, {
    description:
      'The Standard Webhooks signing secret (`whsec_…`): verify each delivery\u02bcs `webhook-signature` with it. Shown only in this answer ' +
      '(and to a retry of the same registration within an hour); keep it secret.',
  })
  secret!: string;
}

@Directive(cacheHint(PRIVATE))
@ObjectType({ description: 'The webhook as it now is.' })
export class WebhookPayload {
  @Field(() => Webhook)
  webhook!: Webhook;
}

/** `WebhookDeliveryConnection`: a webhook's deliveries, newest first. */
export const WebhookDeliveryConnection = connectionOf('WebhookDelivery', () => WebhookDelivery, { maxAge: 0, scope: 'PRIVATE' });
