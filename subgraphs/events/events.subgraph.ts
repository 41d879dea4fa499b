import { keyOnly } from '../shared/refs.js';
import { residentReference } from '../shared/resident.graphql.js';
import type { SubgraphDefinition } from '../shared/subgraph.js';
import { parseWebhookConfig } from './delivery/delivery.config.js';
import { WebhookMetrics } from './delivery/delivery.metrics.js';
import { EventFeedPosition } from './delivery/feed-position.entity.js';
import { WebhookAttempt } from './delivery/webhook-attempt.entity.js';
import { WebhookDelivery } from './delivery/webhook-delivery.entity.js';
import { WebhookDeliveryResolver } from './delivery/webhook-delivery.resolver.js';
import { eventsSandboxExamples } from './demo/events.examples.js';
import { seedEvents } from './demo/events.seeder.js';
import { placeResolvers, residentResolvers } from './federation.js';
import { FEED_EVENT_CLASSES } from './feed/participation-event.types.js';
import { ParticipationEventsResolver } from './feed/participation-events.resolver.js';
import { eventsMigrations } from './migrations/index.js';
import { Webhook } from './webhook/webhook.entity.js';
import { IntegratorWebhooksResolver, WebhookResolver, type EventsServices } from './webhook/webhook.resolver.js';

/**
 * The events subgraph: the city feed (`ParticipationEvent` and `participationEvents`, built
 * from the domain event the gateway passes with each execution) and integrators' webhooks,
 * delivered from the durable events by this subgraph's process (delivery/, started by
 * main.ts). It owns no entity of the participation itself: petitions, consultations,
 * monuments, organisations and programmes appear as their keys.
 */
export const eventsSubgraph: SubgraphDefinition = {
  name: 'events',
  entities: [Webhook, WebhookDelivery, WebhookAttempt, EventFeedPosition],
  migrations: eventsMigrations,
  resolvers: [...placeResolvers, ...residentResolvers, ParticipationEventsResolver, IntegratorWebhooksResolver, WebhookResolver, WebhookDeliveryResolver],
  // No resolver returns these classes by name: each is one implementation of ParticipationEvent.
  orphanedTypes: Object.values(FEED_EVENT_CLASSES),
  references: {
    Petition: keyOnly,
    Consultation: keyOnly,
    HeritageObject: keyOnly,
    Organization: keyOnly,
    Programme: keyOnly,
    Resident: residentReference,
  },
  services: (_config, metrics): EventsServices => ({ webhooks: parseWebhookConfig(), metrics: WebhookMetrics.of(metrics.registry) }),
  isEmpty: async (em) => (await em.count(Webhook, {})) === 0,
  seedDemo: seedEvents,
  // Nothing here grows with a city's data (deliveries come from events as they happen): at volume, the demo webhook alone.
  seedVolume: (em, now) => seedEvents(em, now),
  sandboxExamples: eventsSandboxExamples,
};
