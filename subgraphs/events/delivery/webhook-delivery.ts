import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { WebhookConfig } from './delivery.config.js';
import { startConsumer, type OpenFeed } from './delivery.consumer.js';
import { startDispatcher } from './delivery.dispatcher.js';
import type { WebhookMetrics } from './delivery.metrics.js';
import { createSender, type Sender } from './delivery.sender.js';

export interface WebhookDeliveryOptions {
  orm: MikroORM;
  config: WebhookConfig;
  openFeed: OpenFeed;
  logger: Logger;
  /** Instead of the HTTP sender (tests). */
  sender?: Sender;
  /** The server's webhook metrics (`WebhookMetrics.of(server.metrics.registry)`): attempts, ends, switch-offs, pending. */
  metrics?: WebhookMetrics;
}

export interface WebhookDelivery {
  close(): Promise<void>;
}

/**
 * Webhook delivery in the events subgraph's process: the consumer queues deliveries from
 * the durable events, the dispatcher sends them. Both keep their state in the database
 * only (positions, deliveries, attempts), so a restart loses nothing. `close` stops
 * reading first, then lets attempts in flight finish and be recorded.
 */
export async function startWebhookDelivery(options: WebhookDeliveryOptions): Promise<WebhookDelivery> {
  const sender = options.sender ?? createSender({ timeoutMs: options.config.timeoutMs, allowLoopback: options.config.allowLoopback });
  options.metrics?.countPending(options.orm, options.logger);
  const dispatcher = startDispatcher({ orm: options.orm, config: options.config, sender, logger: options.logger, metrics: options.metrics });
  let consumer;
  try {
    consumer = await startConsumer({ orm: options.orm, openFeed: options.openFeed, logger: options.logger, onQueued: () => dispatcher.wake() });
  } catch (error) {
    await dispatcher.close();
    await sender.close();
    throw error;
  }
  return {
    async close() {
      await consumer.close();
      await dispatcher.close();
      await sender.close();
    },
  };
}
