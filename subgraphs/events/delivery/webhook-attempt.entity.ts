import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { cacheHint, PRIVATE } from '../../shared/cache-hints.js';
import { WebhookDeliveryError } from '../webhook/webhook.enums.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';

/** One attempt of a delivery: when, the status it got (or why none), how long it took. Never the response body. */
@Entity({ tableName: 'webhook_attempt' })
@Index({ properties: ['delivery', 'attemptedAt'] })
@Directive(cacheHint(PRIVATE))
@ObjectType({ description: 'One attempt to deliver an event to a webhook.' })
export class WebhookAttempt {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne({ entity: () => WebhookDelivery, deleteRule: 'cascade', ref: true })
  delivery!: Ref<WebhookDelivery>;

  @Property({ type: 'datetime' })
  @Field(() => Date)
  attemptedAt!: Date;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'The HTTP status; null when no answer came.' })
  responseStatus!: number | null;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => WebhookDeliveryError, { nullable: true })
  error!: WebhookDeliveryError | null;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'How long the attempt took, in milliseconds.' })
  durationMs!: number;
}
