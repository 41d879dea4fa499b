import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { queriedGauge } from '../../shared/metrics.js';
import { WebhookDeliveryError, WebhookDeliveryStatus, type WebhookDisabled } from '../webhook/webhook.enums.js';
import type { AttemptOutcome } from './delivery.sender.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';

/** How an attempt went, as a bounded label: a 2xx, a time-out, an address refused before connecting, anything else. */
export type AttemptLabel = 'delivered' | 'failed' | 'timeout' | 'refused-address';

const ATTEMPT_LABELS: readonly AttemptLabel[] = ['delivered', 'failed', 'timeout', 'refused-address'];
const ENDED: readonly WebhookDeliveryStatus[] = [WebhookDeliveryStatus.DELIVERED, WebhookDeliveryStatus.FAILED, WebhookDeliveryStatus.CANCELLED];
const SWITCH_OFF_REASONS: readonly Exclude<WebhookDisabled['kind'], 'OWNER'>[] = ['FAILING', 'EXHAUSTED'];

export function attemptLabel(outcome: Pick<AttemptOutcome, 'ok' | 'error'>): AttemptLabel {
  if (outcome.ok) return 'delivered';
  if (outcome.error === WebhookDeliveryError.TIMEOUT) return 'timeout';
  if (outcome.error === WebhookDeliveryError.ADDRESS_REFUSED || outcome.error === WebhookDeliveryError.URL_REFUSED) return 'refused-address';
  // A non-2xx status, DNS, a refused or lost connection, TLS.
  return 'failed';
}

/**
 * The webhooks' Prometheus metrics, on the events subgraph server's registry (shared/metrics.ts):
 * attempts by outcome, deliveries as they end, switch-offs, and the deliveries still
 * pending (counted in the database at each scrape). Labels are outcomes and statuses,
 * never URLs, webhooks or owners.
 *
 * One set per registry: the resolvers (built with the schema) and the delivery (started
 * beside the server) each ask for it and get the same counters.
 */
export class WebhookMetrics {
  private static readonly byRegistry = new WeakMap<Registry, WebhookMetrics>();

  static of(registry: Registry): WebhookMetrics {
    let metrics = WebhookMetrics.byRegistry.get(registry);
    if (!metrics) {
      metrics = new WebhookMetrics(registry);
      WebhookMetrics.byRegistry.set(registry, metrics);
    }
    return metrics;
  }

  readonly attempts: Counter<'outcome'>;
  readonly deliveries: Counter<'status'>;
  readonly switchedOffTotal: Counter<'reason'>;
  private pendingCounted = false;

  private constructor(private readonly registry: Registry) {
    this.attempts = new Counter({ name: 'webhook_attempts_total', help: 'Webhook delivery attempts by outcome (delivered, failed, timeout, refused-address)', labelNames: ['outcome'], registers: [registry] });
    this.deliveries = new Counter({ name: 'webhook_deliveries_total', help: 'Webhook deliveries that ended, by status (DELIVERED, FAILED after every attempt, CANCELLED by a switch-off)', labelNames: ['status'], registers: [registry] });
    this.switchedOffTotal = new Counter({ name: 'webhooks_switched_off_total', help: 'Webhooks switched off after repeated failure, by reason (FAILING, EXHAUSTED)', labelNames: ['reason'], registers: [registry] });
    // Every series from the start, so that rate() and alerts see the first failure.
    for (const outcome of ATTEMPT_LABELS) this.attempts.inc({ outcome }, 0);
    for (const status of ENDED) this.deliveries.inc({ status }, 0);
    for (const reason of SWITCH_OFF_REASONS) this.switchedOffTotal.inc({ reason }, 0);
  }

  attempted(outcome: Pick<AttemptOutcome, 'ok' | 'error'>): void {
    this.attempts.inc({ outcome: attemptLabel(outcome) });
  }

  ended(status: WebhookDeliveryStatus, count = 1): void {
    if (count > 0) this.deliveries.inc({ status }, count);
  }

  switchedOff(reason: WebhookDisabled): void {
    if (reason.kind !== 'OWNER') this.switchedOffTotal.inc({ reason: reason.kind });
  }

  /** `webhook_deliveries_pending`, counted along the (status, next_attempt_at) index at each scrape; once per registry. */
  countPending(orm: MikroORM, logger: Logger): void {
    if (this.pendingCounted) return;
    this.pendingCounted = true;
    queriedGauge({
      name: 'webhook_deliveries_pending',
      help: 'Webhook deliveries not delivered yet (waiting for their first attempt or a retry)',
      registry: this.registry,
      logger,
      read: () => orm.em.fork().count(WebhookDelivery, { status: WebhookDeliveryStatus.PENDING }),
    });
  }
}
