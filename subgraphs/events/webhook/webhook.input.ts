import { Field, ID, InputType } from 'type-graphql';
import { WebhookEventType } from './webhook.enums.js';

@InputType({ description: 'An endpoint to receive a city\u02bcs events as signed webhooks.' })
export class RegisterWebhookInput {
  @Field(() => ID, { description: 'The city whose events it receives; the caller is an integrator of it.' })
  city!: string;

  @Field(() => String, { description: 'An https URL of a public host (no credentials, no IP address), at most 2,048 characters.' })
  url!: string;

  @Field(() => [WebhookEventType], { description: 'The event types it receives: at least one.' })
  eventTypes!: string[];

  @Field(() => String, { nullable: true, description: 'A note for the integrator\u02bcs own use: at most 500 characters.' })
  description?: string | null;
}
