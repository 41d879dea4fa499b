import type { SqlEntityManager } from '@mikro-orm/knex';
import type { EventType } from '../../../lib/events.js';
import { submissionKey } from '../../shared/writes.js';
import { Webhook } from './webhook.entity.js';
import { newWebhookSecret } from './webhook-secret.js';

/** What a registration decides; the rest of a new webhook is the same for every one. */
export interface NewWebhook {
  id: string;
  owner: string;
  city: string;
  url: string;
  /** Distinct and sorted: part of the registration's key. */
  eventTypes: EventType[];
  description: string | null;
  createdAt: Date;
}

/**
 * The key of a registration (owner, city, URL, event types): stored unique, so a retried
 * registration, even one racing the first, finds the webhook the first attempt created.
 */
export function registrationKeyOf(owner: string, city: string, url: string, eventTypes: readonly string[]): string {
  return submissionKey('webhook', owner, city, url, ...eventTypes);
}

/** Inserts an active webhook with a fresh signing secret and no failures yet. */
export async function insertWebhook(em: SqlEntityManager, webhook: NewWebhook): Promise<void> {
  await em.insert(Webhook, {
    ...webhook,
    secret: newWebhookSecret(),
    active: true,
    disabled: null,
    disabledAt: null,
    consecutiveFailures: 0,
    failingSince: null,
    registrationKey: registrationKeyOf(webhook.owner, webhook.city, webhook.url, webhook.eventTypes),
  });
}
