import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { cacheHint, PRIVATE } from '../../shared/cache-hints.js';
import { WebhookDeliveryError, WebhookDeliveryStatus } from '../webhook/webhook.enums.js';
import { Webhook } from '../webhook/webhook.entity.js';

/**
 * One event for one webhook. Its id is the `webhook-id` of every attempt (the receiver's
 * deduplication key); one row per (webhook, event), so an event read again after a restart
 * or a replay is never delivered under a second id. The body is fixed when the row is made:
 * every attempt sends the same bytes, signed afresh with the attempt's timestamp.
 */
@Entity({ tableName: 'webhook_delivery' })
@Unique({ properties: ['webhook', 'eventId'] })
@Index({ properties: ['status', 'nextAttemptAt'] })
@Index({ properties: ['webhook', 'createdAt', 'id'] })
@Directive(cacheHint(PRIVATE))
@ObjectType({ description: 'One event sent (or being sent) to a webhook, with how its attempts went.' })
export class WebhookDelivery {
  /** The `webhook-id` header: the same on every attempt. */
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'The `webhook-id` header of every attempt: receivers deduplicate by it.' })
  id!: string;

  @ManyToOne({ entity: () => Webhook, deleteRule: 'cascade', ref: true })
  webhook!: Ref<Webhook>;

  @Property({ type: 'uuid' })
  @Field(() => ID, { description: 'The event\u02bcs id (`data.id` of the body).' })
  eventId!: string;

  /** The event type name of lib/events.ts (the API shows it as WebhookEventType). */
  @Property({ type: 'string', length: 64 })
  eventType!: string;

  /** The JSON body sent on every attempt. */
  @Property({ type: 'text' })
  payload!: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Attempts made so far.' })
  attempts!: number;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the event was queued for this webhook.' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last attempt; null when it got no answer.' })
  responseStatus!: number | null;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => WebhookDeliveryError, { nullable: true, description: 'Why the last attempt failed; null after a success or before any attempt.' })
  lastError!: WebhookDeliveryError | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the next attempt is due; null once delivered, failed or cancelled.' })
  nextAttemptAt!: Date | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  /** Claimed by a dispatcher until then: an attempt in flight is not started twice; after a crash it is retried. */
  @Property({ type: 'datetime', nullable: true })
  lockedUntil!: Date | null;
}
