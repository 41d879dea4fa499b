import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import { WebhookDeliveryError } from '../webhook/webhook.enums.js';
import { isLoopbackReceiver } from '../webhook/webhook-url.js';
import { mayConnect } from './delivery-address.js';

/** What one attempt sends: the delivery's stable id, its fixed body, where, signed with what. */
export interface DeliveryRequest {
  /** The delivery's id: the `webhook-id` header, the same on every attempt. */
  id: string;
  url: string;
  /** The webhook's Standard Webhooks secret (`whsec_…`). */
  secret: string;
  /** The JSON body, the same bytes on every attempt. */
  payload: string;
}

/** How an attempt went: a 2xx, or the status or error class that made it fail. */
export interface AttemptOutcome {
  ok: boolean;
  responseStatus: number | null;
  error: WebhookDeliveryError | null;
  durationMs: number;
}

export interface SenderOptions {
  timeoutMs: number;
  allowLoopback: boolean;
  /** How host names are resolved (node:dns's `lookup` unless a test stands in for DNS). */
  resolve?: typeof dnsLookup;
}

export interface Sender {
  send(delivery: DeliveryRequest, now?: Date): Promise<AttemptOutcome>;
  close(): Promise<void>;
}

const ADDRESS_REFUSED = 'ERR_WEBHOOK_ADDRESS_REFUSED';

/** A name resolved to an address deliveries must not reach. */
class AddressRefusedError extends Error {
  readonly code = ADDRESS_REFUSED;
  constructor() {
    super('the webhook host resolves to an address deliveries may not reach');
  }
}

/**
 * Resolves a host and refuses it when any of its addresses is private (loopback allowed
 * only in development). It is the connection's own lookup, so the address checked is the
 * address connected to: a name cannot resolve to a public address for the check and to a
 * private one for the connection (DNS rebinding).
 */
export function checkedLookup(allowLoopback: boolean, resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!addresses.length || addresses.some((entry) => !mayConnect(entry.address, allowLoopback))) return callback(new AddressRefusedError(), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL']);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'UND_ERR_ABORTED']);

/** The error class of a failed attempt, from the error and its causes (never its message, which may name the host). */
export function classifyError(error: unknown): WebhookDeliveryError {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (code === ADDRESS_REFUSED) return WebhookDeliveryError.ADDRESS_REFUSED;
    if (typeof code === 'string') {
      if (DNS_CODES.has(code)) return WebhookDeliveryError.DNS;
      if (TIMEOUT_CODES.has(code)) return WebhookDeliveryError.TIMEOUT;
      if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(code)) return WebhookDeliveryError.TLS;
    }
    if (name === 'TimeoutError' || name === 'AbortError') return WebhookDeliveryError.TIMEOUT;
    current = (current as { cause?: unknown }).cause;
  }
  return WebhookDeliveryError.CONNECTION;
}

/**
 * POSTs deliveries as the Standard Webhooks specification says: the body as stored, with
 * `webhook-id` (the delivery's id), `webhook-timestamp` (this attempt, in seconds) and
 * `webhook-signature` (`v1,<HMAC-SHA256>` of `id.timestamp.body` with the webhook's
 * secret). Redirects are not followed; the response body is read up to a small limit and
 * dropped, never kept; the whole attempt has one time limit.
 */
export function createSender(options: SenderOptions): Sender {
  const agent = new Agent({
    connect: { lookup: checkedLookup(options.allowLoopback, options.resolve), timeout: options.timeoutMs },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 30_000,
  });

  async function send(delivery: DeliveryRequest, now = new Date()): Promise<AttemptOutcome> {
    const started = performance.now();
    const outcome = (fields: Omit<AttemptOutcome, 'durationMs'>): AttemptOutcome => ({ ...fields, durationMs: Math.round(performance.now() - started) });
    const refused = refusedUrl(delivery.url, options.allowLoopback);
    if (refused) return outcome({ ok: false, responseStatus: null, error: refused });
    const signature = new StandardWebhook(delivery.secret).sign(delivery.id, now, delivery.payload);
    try {
      const response = await request(delivery.url, {
        method: 'POST',
        dispatcher: agent,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'participation-graph-webhooks/1',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body: delivery.payload,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      // Read and dropped: the connection is reused, nothing of the receiver's answer is kept.
      await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      return outcome({ ok, responseStatus: response.statusCode, error: ok ? null : WebhookDeliveryError.HTTP_STATUS });
    } catch (error) {
      return outcome({ ok: false, responseStatus: null, error: classifyError(error) });
    }
  }

  return { send, close: () => agent.close() };
}

/**
 * Whether a stored URL may still be called under the current settings: https always; http
 * and IP literals only for a loopback receiver in development. (A name's addresses are
 * checked as it is resolved, see `checkedLookup`.)
 */
function refusedUrl(text: string, allowLoopback: boolean): WebhookDeliveryError | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return WebhookDeliveryError.URL_REFUSED;
  }
  if (url.username || url.password) return WebhookDeliveryError.URL_REFUSED;
  if (isLoopbackReceiver(url)) return allowLoopback ? null : WebhookDeliveryError.URL_REFUSED;
  if (url.protocol !== 'https:') return WebhookDeliveryError.URL_REFUSED;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An IP literal is never looked up: checked here instead.
  if (isIP(host) && !mayConnect(host, allowLoopback)) return WebhookDeliveryError.ADDRESS_REFUSED;
  return null;
}
