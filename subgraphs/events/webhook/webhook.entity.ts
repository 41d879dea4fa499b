import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { EventType } from '../../../lib/events.js';
import { MAX_SUBJECT_LENGTH } from '../../../lib/identity.js';
import { cacheHint, PRIVATE } from '../../shared/cache-hints.js';
import type { WebhookDisabled } from './webhook.enums.js';

/**
 * An integrator's endpoint for a city's events: deliveries are signed with its secret
 * (Standard Webhooks) and retried with backoff; after repeated failure it is switched off
 * and `disabled` says why. Seen by its owner only.
 */
@Entity({ tableName: 'webhook' })
@Index({ properties: ['owner', 'city', 'createdAt'] })
@Index({ properties: ['city', 'active'] })
@Directive(cacheHint(PRIVATE))
@ObjectType({ description: 'An integrator\u02bcs endpoint receiving a city\u02bcs events as signed webhooks (Standard Webhooks). Its owner\u02bcs only.' })
export class Webhook {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  /** The identity provider's subject of the integrator who registered it. */
  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH })
  owner!: string;

  @Property({ type: 'string', length: 32 })
  city!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Where deliveries are POSTed.' })
  url!: string;

  /** Event type names of lib/events.ts, sorted (the API shows them as WebhookEventType). */
  @Property({ type: 'json' })
  eventTypes!: EventType[];

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What the integrator noted about it.' })
  description!: string | null;

  /** The Standard Webhooks secret (`whsec_…`): needed to sign each delivery, shown to the owner once. */
  @Property({ type: 'string', length: 100 })
  secret!: string;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: 'Whether deliveries are made; false once switched off (see disabledReason).' })
  active!: boolean;

  @Property({ type: 'json', nullable: true })
  disabled!: WebhookDisabled | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was switched off; null while active.' })
  disabledAt!: Date | null;

  /** Failed attempts since the last success (any delivery); reactivation resets it. */
  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Failed delivery attempts in a row since the last success.' })
  consecutiveFailures!: number;

  /** The first failure of the current run of failures. */
  @Property({ type: 'datetime', nullable: true })
  failingSince!: Date | null;

  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt!: Date;

  /** SHA-256 of owner, city, URL and event types: a retried registration finds the webhook the first one made. */
  @Property({ type: 'string', length: 64, unique: true })
  registrationKey!: string;
}
