import type { SqlEntityManager } from '@mikro-orm/knex';
import { WebhookDeliveryStatus } from './webhook.enums.js';
import { WebhookDelivery } from '../delivery/webhook-delivery.entity.js';

/**
 * When a webhook is switched off (by its owner or after repeated failure), what it had not
 * received yet is not sent later: its pending deliveries become CANCELLED, visible as such.
 * After reactivation it receives the events that occur from then on.
 */
export function cancelPendingDeliveries(em: SqlEntityManager, webhookId: string): Promise<number> {
  return em.nativeUpdate(WebhookDelivery, { webhook: webhookId, status: WebhookDeliveryStatus.PENDING }, { status: WebhookDeliveryStatus.CANCELLED, nextAttemptAt: null });
}
