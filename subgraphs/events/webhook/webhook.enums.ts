import { registerEnumType } from 'type-graphql';
import { EVENT_TYPE_NAMES, EVENT_TYPES, webhookEventType, type EventType } from '../../../lib/events.js';

/**
 * `WebhookEventType`: every event type of lib/events.ts, as webhooks name it
 * (`PetitionThresholdReached` → `PETITION_THRESHOLD_REACHED`): the enum's values and the
 * `type` of a delivery's body.
 */
export const WebhookEventType: Readonly<Record<string, string>> = Object.fromEntries(EVENT_TYPE_NAMES.map((type) => [webhookEventType(type), webhookEventType(type)]));

registerEnumType(WebhookEventType, {
  name: 'WebhookEventType',
  description: 'An event type a webhook can receive (see ParticipationEvent\u02bcs implementations for those of the city feed).',
  valuesConfig: Object.fromEntries(
    EVENT_TYPE_NAMES.map((type) => [webhookEventType(type), { description: `${type}: about a ${EVENT_TYPES[type].entity}, recorded by the ${EVENT_TYPES[type].source} service.` }]),
  ),
});

const EVENT_TYPE_OF = new Map<string, EventType>(EVENT_TYPE_NAMES.map((type) => [webhookEventType(type), type]));

/** The event type a `WebhookEventType` value names (graphql-js has already refused anything else). */
export function eventTypeOf(value: string): EventType {
  const type = EVENT_TYPE_OF.get(value);
  if (!type) throw new Error(`Not a WebhookEventType: ${value}`);
  return type;
}

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  valuesConfig: {
    PENDING: { description: 'Not delivered yet: its next attempt is at nextAttemptAt.' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Every attempt failed (retried with backoff for about a day).' },
    CANCELLED: { description: 'Not sent: the webhook was switched off before it could be delivered.' },
  },
});

/** Why an attempt failed, when it got no 2xx (never the response body). */
export enum WebhookDeliveryError {
  HTTP_STATUS = 'HTTP_STATUS',
  TIMEOUT = 'TIMEOUT',
  DNS = 'DNS',
  ADDRESS_REFUSED = 'ADDRESS_REFUSED',
  URL_REFUSED = 'URL_REFUSED',
  CONNECTION = 'CONNECTION',
  TLS = 'TLS',
}
registerEnumType(WebhookDeliveryError, {
  name: 'WebhookDeliveryError',
  valuesConfig: {
    HTTP_STATUS: { description: 'The endpoint answered, but not 2xx (see responseStatus); redirects are not followed.' },
    TIMEOUT: { description: 'No complete answer within the time limit (about 10 s).' },
    DNS: { description: 'The host name did not resolve.' },
    ADDRESS_REFUSED: { description: 'The host resolved to a private, loopback or link-local address: never called.' },
    URL_REFUSED: { description: 'The URL is no longer allowed (not https, or an address only development allows).' },
    CONNECTION: { description: 'The connection was refused, reset or lost.' },
    TLS: { description: 'The TLS handshake or the certificate failed.' },
  },
});

/** Why a webhook was switched off (stored; `disabledReason` says it in the request's language). */
export type WebhookDisabled =
  | { kind: 'OWNER' }
  | { kind: 'FAILING'; failures: number; since: string; problem: string }
  | { kind: 'EXHAUSTED'; attempts: number; problem: string };
