import type { SqlEntityManager } from '@mikro-orm/knex';
import { insertWebhook } from '../webhook/webhook.row.js';
import { DEMO_CITY, DEMO_INTEGRATOR, DEMO_WEBHOOK } from './events.demo-ids.js';

/**
 * The events subgraph holds no history of its own (events live in the other subgraphs'
 * outboxes): its demo data is one webhook of Kyiv's demo integrator, so that the sandbox's
 * `Webhooks` example shows one and its deliveries as the demo is used.
 */
export async function seedEvents(em: SqlEntityManager, now: Date): Promise<void> {
  await insertWebhook(em, {
    id: DEMO_WEBHOOK.id,
    owner: DEMO_INTEGRATOR,
    city: DEMO_CITY,
    url: DEMO_WEBHOOK.url,
    eventTypes: [...DEMO_WEBHOOK.eventTypes].sort(),
    description: DEMO_WEBHOOK.description,
    createdAt: now,
  });
}
