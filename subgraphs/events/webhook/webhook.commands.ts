import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { v4 as uuid } from 'uuid';
import { BadInputError, ConflictError, NotFoundError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { requireCity } from '../../../lib/places.js';
import { requireRole, requireViewer } from '../../shared/auth.js';
import { forgetLoaded, type RequestContext } from '../../shared/context.js';
import { isUuid } from '../../shared/refs.js';
import { optionalText } from '../../shared/text.js';
import type { WebhookConfig } from '../delivery/delivery.config.js';
import type { WebhookMetrics } from '../delivery/delivery.metrics.js';
import { Webhook } from './webhook.entity.js';
import { eventTypeOf, WebhookDeliveryStatus } from './webhook.enums.js';
import type { RegisterWebhookInput } from './webhook.input.js';
import { lockOwnWebhooks, requireRoomForActiveWebhook } from './webhook-cap.js';
import { cancelPendingDeliveries } from './webhook-switch.js';
import { requireWebhookUrl } from './webhook-url.js';
import { insertWebhook, registrationKeyOf } from './webhook.row.js';

const DESCRIPTION = { min: 1, max: 500 };

/** What the webhook resolvers need beyond the request: the URL rule's development setting, the retry window, the cap. */
export type WebhookRules = Pick<WebhookConfig, 'allowLoopback' | 'registrationRetryMs' | 'maxPerOwner'>;

/**
 * An integrator of the city registers an endpoint for some event types; the answer carries
 * the signing secret. Registration is keyed by (owner, city, URL, set of event types):
 * a retry within `registrationRetryMs` of the first (whose answer may have been lost) gets
 * the same webhook and the same secret, even when it races the first; after that, or once
 * the webhook is switched off, the same registration is CONFLICT (the secret is not shown
 * again; the owner reactivates it, or deactivates it and registers anew with other types).
 * An owner has at most `maxPerOwner` active webhooks in a city: one more is CONFLICT (`input.url`).
 */
export async function registerWebhook(ctx: RequestContext, input: RegisterWebhookInput, rules: WebhookRules): Promise<{ webhook: Webhook; secret: string }> {
  const viewer = requireViewer(ctx);
  requireCity('input.city', input.city);
  requireRole(ctx, 'integrator', input.city);
  const url = requireWebhookUrl('input.url', input.url, rules.allowLoopback);
  if (!input.eventTypes?.length) throw new BadInputError('input.eventTypes', message('webhook.noEventTypes'));
  const eventTypes = [...new Set(input.eventTypes.map(eventTypeOf))].sort();
  const description = optionalText('input.description', input.description, DESCRIPTION);
  const registrationKey = registrationKeyOf(viewer.id, input.city, url, eventTypes);
  const registered = await ctx.em.findOne(Webhook, { registrationKey });
  if (registered) return sameRegistration(ctx, registered, rules);
  const id = uuid();
  try {
    const same = await ctx.em.transactional(async (em) => {
      const tx = em as SqlEntityManager;
      await lockOwnWebhooks(tx, viewer.id, input.city);
      // A concurrent retry of this registration may have committed while this one waited for the lock: the same answer, not the cap.
      const raced = await tx.findOne(Webhook, { registrationKey });
      if (raced) return raced;
      await requireRoomForActiveWebhook(tx, viewer.id, input.city, rules.maxPerOwner, 'input.url');
      await insertWebhook(tx, { id, owner: viewer.id, city: input.city, url, eventTypes, description, createdAt: ctx.now });
      return null;
    });
    if (same) return sameRegistration(ctx, same, rules);
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    return sameRegistration(ctx, await ctx.em.fork().findOneOrFail(Webhook, { registrationKey }), rules);
  }
  const webhook = await ctx.em.findOneOrFail(Webhook, { id });
  return { webhook, secret: webhook.secret };
}

function sameRegistration(ctx: RequestContext, webhook: Webhook, rules: WebhookRules): { webhook: Webhook; secret: string } {
  if (webhook.active && ctx.now.getTime() - webhook.createdAt.getTime() <= rules.registrationRetryMs) return { webhook, secret: webhook.secret };
  throw new ConflictError('input.url', message('webhook.alreadyRegistered', { id: webhook.id }));
}

/** The caller's own webhooks in a city, newest first. */
export async function ownWebhooks(ctx: RequestContext, city: string): Promise<Webhook[]> {
  const viewer = requireViewer(ctx);
  requireCity('city', city);
  requireRole(ctx, 'integrator', city);
  return ctx.em.find(Webhook, { owner: viewer.id, city }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 500 });
}

/** One of the caller's webhooks, as it is now; another's is NOT_FOUND (its existence is nobody else's business). */
async function ownWebhook(ctx: RequestContext, id: string): Promise<Webhook> {
  const viewer = requireViewer(ctx);
  const webhook = isUuid(id) ? await ctx.em.findOne(Webhook, { id, owner: viewer.id }, { refresh: true }) : null;
  if (!webhook) throw new NotFoundError('id', message('reference.notFound', { thing: 'webhook', id }));
  requireRole(ctx, 'integrator', webhook.city);
  return webhook;
}

/** The owner switches a webhook off: nothing more is queued for it, and what was pending is cancelled. */
export async function deactivateWebhook(ctx: RequestContext, id: string, metrics?: WebhookMetrics): Promise<Webhook> {
  const webhook = await ownWebhook(ctx, id);
  if (webhook.active) {
    const cancelled = await ctx.em.transactional(async (tx) => {
      const off = await tx.nativeUpdate(Webhook, { id, active: true }, { active: false, disabled: { kind: 'OWNER' }, disabledAt: ctx.now });
      return off ? cancelPendingDeliveries(tx as SqlEntityManager, id) : 0;
    });
    metrics?.ended(WebhookDeliveryStatus.CANCELLED, cancelled);
  }
  forgetLoaded(ctx);
  return ctx.em.findOneOrFail(Webhook, { id });
}

/**
 * The owner switches a webhook on again, its failure count reset; it receives the events
 * that occur from now on. Within the cap of active webhooks (CONFLICT on `id` beyond it).
 */
export async function reactivateWebhook(ctx: RequestContext, id: string, rules: Pick<WebhookRules, 'maxPerOwner'>): Promise<Webhook> {
  const webhook = await ownWebhook(ctx, id);
  if (!webhook.active) {
    await ctx.em.transactional(async (em) => {
      const tx = em as SqlEntityManager;
      await lockOwnWebhooks(tx, webhook.owner, webhook.city);
      await requireRoomForActiveWebhook(tx, webhook.owner, webhook.city, rules.maxPerOwner, 'id');
      await tx.nativeUpdate(Webhook, { id, active: false }, { active: true, disabled: null, disabledAt: null, consecutiveFailures: 0, failingSince: null });
    });
  }
  forgetLoaded(ctx);
  return ctx.em.findOneOrFail(Webhook, { id });
}
