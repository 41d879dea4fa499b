import 'reflect-metadata';
import { openEventFeed, type FeedPosition } from '../../lib/event-feed.js';
import { EVENT_TYPES } from '../../lib/events.js';
import { createLogger } from '../../lib/log.js';
import { exitIfPortInUse, reportListening } from '../../lib/supervised.js';
import type { SubgraphName } from '../../lib/subgraphs.js';
import { parseSubgraphConfig } from '../shared/config.js';
import { createSubgraph } from '../shared/subgraph.js';
import { parseWebhookConfig } from './delivery/delivery.config.js';
import { WebhookMetrics } from './delivery/delivery.metrics.js';
import { startWebhookDelivery } from './delivery/webhook-delivery.js';
import { eventsSubgraph } from './events.subgraph.js';

const config = parseSubgraphConfig('events');
const webhooks = parseWebhookConfig();
const logger = createLogger({ level: config.logLevel, name: 'events' });
const server = await createSubgraph(eventsSubgraph, config, { logger });

// Every subgraph that records events (lib/events.ts) is a source of the feed.
const sources = [...new Set(Object.values(EVENT_TYPES).map((type) => type.source))] as SubgraphName[];
const delivery = await startWebhookDelivery({
  orm: server.orm,
  config: webhooks,
  logger,
  metrics: WebhookMetrics.of(server.metrics.registry),
  openFeed: ({ from, onEvent }) =>
    openEventFeed({
      ...(config.natsUrl ? { natsUrl: config.natsUrl, natsStreamPrefix: config.natsStreamPrefix } : {}),
      subgraphUrls: Object.fromEntries(sources.map((source) => [source, config.peers[source]])),
      gatewaySecret: config.gatewaySecret,
      logger,
      from: { position: from.position as FeedPosition },
      onEvent,
    }),
});

const url = await server.listen(config.port, config.host).catch((error: unknown) => exitIfPortInUse(error, 'events', config.port));
logger.info({ url, database: config.database.kind, webhooks: { allowLoopback: webhooks.allowLoopback, nats: !!config.natsUrl } }, 'events subgraph ready');

// Stop reading and sending first (attempts in flight are recorded), then the server and the database.
const stop = async () => {
  await delivery.close().catch((error: unknown) => logger.error({ err: error }, 'webhook delivery did not stop cleanly'));
  await server.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
reportListening('events');
