import type { SqlEntityManager } from '@mikro-orm/knex';
import { submissionKey } from '../../shared/writes.js';
import { Webhook } from '../webhook/webhook.entity.js';
import { newWebhookSecret } from '../webhook/webhook-secret.js';
import { DEMO_CITY, DEMO_INTEGRATOR, DEMO_WEBHOOK } from './events.demo-ids.js';

/**
 * The events subgraph holds no history of its own (events live in the other subgraphs'
 * outboxes): its demo data is one webhook of Kyiv's demo integrator, so that the sandbox's
 * `Webhooks` example shows one and its deliveries as the demo is used.
 */
export async function seedEvents(em: SqlEntityManager, now: Date): Promise<void> {
  await em.insert(Webhook, {
    id: DEMO_WEBHOOK.id,
    owner: DEMO_INTEGRATOR,
    city: DEMO_CITY,
    url: DEMO_WEBHOOK.url,
    eventTypes: [...DEMO_WEBHOOK.eventTypes],
    description: DEMO_WEBHOOK.description,
    secret: newWebhookSecret(),
    active: true,
    disabled: null,
    disabledAt: null,
    consecutiveFailures: 0,
    failingSince: null,
    createdAt: now,
    registrationKey: submissionKey('webhook', DEMO_INTEGRATOR, DEMO_CITY, DEMO_WEBHOOK.url, ...DEMO_WEBHOOK.eventTypes),
  });
}
