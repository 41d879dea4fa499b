/**
 * The events subgraph's rules that need no database: which addresses and URLs a webhook
 * may reach (at registration and at delivery, where a name is checked as it is resolved
 * for the connection), the delivery body and id, the city feed's root field, and the
 * webhook configuration.
 */
import 'reflect-metadata';
import type { lookup } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { BadInputError, NotFoundError } from '../lib/errors.js';
import type { DomainEvent } from '../lib/events.js';
import type { RequestContext } from '../subgraphs/shared/context.js';
import { ParticipationEventsResolver } from '../subgraphs/events/feed/participation-events.resolver.js';
import { parseWebhookConfig } from '../subgraphs/events/delivery/delivery.config.js';
import { isPublicAddress, mayConnect } from '../subgraphs/events/delivery/delivery-address.js';
import { deliveryId, deliveryPayload } from '../subgraphs/events/delivery/delivery.payload.js';
import { createSender } from '../subgraphs/events/delivery/delivery.sender.js';
import { requireWebhookUrl } from '../subgraphs/events/webhook/webhook-url.js';
import { newWebhookSecret } from '../subgraphs/events/webhook/webhook-secret.js';

/** A stand-in for DNS: every name resolves to `address`. */
const resolvingTo = (address: string): typeof lookup =>
  ((_host: string, _options: unknown, callback: (error: null, addresses: { address: string; family: number }[]) => void) =>
    callback(null, [{ address, family: address.includes(':') ? 6 : 4 }])) as unknown as typeof lookup;

function urlProblem(url: string, allowLoopback: boolean): string | null {
  try {
    requireWebhookUrl('input.url', url, allowLoopback);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    return (error as BadInputError).localizable.key;
  }
}

describe('addresses a webhook may reach', () => {
  it('refuses private, loopback, link-local, shared, documentation and reserved addresses, IPv4 inside IPv6 included', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.10',
      '169.254.169.254', // cloud metadata
      '100.64.0.1',
      '0.0.0.0',
      '192.0.2.1',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fd12:3456::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
      '64:ff9b::a00:1',
      '2001:db8::1',
      'ff02::1',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['8.8.8.8', '93.184.215.14', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4001:82a::200e', '::ffff:8.8.8.8']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });

  it('lets development reach loopback, and only loopback', () => {
    expect(mayConnect('127.0.0.1', true)).toBe(true);
    expect(mayConnect('::1', true)).toBe(true);
    expect(mayConnect('127.0.0.1', false)).toBe(false);
    expect(mayConnect('10.0.0.1', true)).toBe(false);
    expect(mayConnect('169.254.169.254', true)).toBe(false);
  });
});

describe('a webhook URL at registration', () => {
  it('is https to a public name, without credentials, normalised', () => {
    expect(requireWebhookUrl('input.url', ' https://Hooks.Example.ORG/a b?x=1 ', false)).toBe('https://hooks.example.org/a%20b?x=1');
    expect(urlProblem('http://hooks.example.org/', false)).toBe('link.notHttps');
    expect(urlProblem('https://u:p@hooks.example.org/', false)).toBe('link.credentials');
    expect(urlProblem('https://203.0.113.9/', false)).toBe('link.ipAddress');
    expect(urlProblem('https://[::1]:8443/', false)).toBe('link.ipAddress');
    expect(urlProblem('https://2130706433/', false)).toBe('link.ipAddress'); // 127.0.0.1 written as a number
    expect(urlProblem('https://router.lan/', false)).toBe('link.notPublic');
    expect(urlProblem('https://localhost:8443/', false)).toBe('link.notPublic');
    expect(urlProblem(`https://hooks.example.org/${'x'.repeat(2_100)}`, false)).toBe('link.tooLong');
  });

  it('in development also takes a local receiver on 127.0.0.1, localhost or [::1], over http, but never with credentials', () => {
    expect(urlProblem('http://127.0.0.1:8080/hook', false)).toBe('link.notHttps');
    expect(urlProblem('http://localhost:8080/hook', false)).toBe('link.notHttps');
    expect(requireWebhookUrl('input.url', 'http://127.0.0.1:8080/hook', true)).toBe('http://127.0.0.1:8080/hook');
    expect(requireWebhookUrl('input.url', 'http://localhost:8080/hook', true)).toBe('http://localhost:8080/hook');
    expect(requireWebhookUrl('input.url', 'http://[::1]:8080/hook', true)).toBe('http://[::1]:8080/hook');
    expect(urlProblem('http://u:p@127.0.0.1:8080/hook', true)).toBe('link.credentials');
    // Other private addresses stay refused, and so does plain http elsewhere.
    expect(urlProblem('http://10.0.0.5:8080/hook', true)).toBe('link.notHttps');
    expect(urlProblem('https://10.0.0.5/hook', true)).toBe('link.ipAddress');
    expect(urlProblem('http://hooks.example.org/', true)).toBe('link.notHttps');
  });
});

describe('a delivery attempt', () => {
  const delivery = { id: '7d0f3b0e-5d7c-5c55-8a0e-3b8f5e3f9a10', url: 'https://hooks.example.org/participation', secret: newWebhookSecret(), payload: '{}' };

  it('never connects where the host resolves to a private or loopback address (checked by the connection\u02bcs own lookup)', async () => {
    for (const address of ['127.0.0.1', '10.0.0.5', '169.254.169.254', '::1', 'fd00::5']) {
      const sender = createSender({ timeoutMs: 2_000, allowLoopback: false, resolve: resolvingTo(address) });
      try {
        expect(await sender.send(delivery), address).toMatchObject({ ok: false, responseStatus: null, error: 'ADDRESS_REFUSED' });
      } finally {
        await sender.close();
      }
    }
  });

  it('refuses, without sending, what production no longer allows: loopback receivers, http, IP literals', async () => {
    const sender = createSender({ timeoutMs: 2_000, allowLoopback: false, resolve: resolvingTo('8.8.8.8') });
    try {
      expect(await sender.send({ ...delivery, url: 'http://127.0.0.1:9/hook' })).toMatchObject({ ok: false, error: 'URL_REFUSED' });
      expect(await sender.send({ ...delivery, url: 'http://hooks.example.org/hook' })).toMatchObject({ ok: false, error: 'URL_REFUSED' });
      expect(await sender.send({ ...delivery, url: 'https://10.0.0.1/hook' })).toMatchObject({ ok: false, error: 'ADDRESS_REFUSED' });
    } finally {
      await sender.close();
    }
  });
});

describe('a delivery\u02bcs body and id', () => {
  const event: DomainEvent = {
    id: '0b6a1e9e-3c1d-4f7a-8e2b-5d4c3b2a1f00',
    source: 'petitions',
    seq: 41,
    type: 'PetitionThresholdReached',
    city: 'kyiv',
    entity: { type: 'Petition', id: '6f1c3f0e-8a57-4c5e-9a43-2d0f5b7e9c11' },
    occurredAt: '2026-12-01T18:00:00.000Z',
    data: { signatureCount: 10_000, id: 'not allowed to override', city: 'lviv' },
  };

  it('is the Standard Webhooks envelope: type, the event\u02bcs time, and data whose own figures never override id, city, entity or time', () => {
    expect(JSON.parse(deliveryPayload(event))).toEqual({
      type: 'PETITION_THRESHOLD_REACHED',
      timestamp: '2026-12-01T18:00:00.000Z',
      data: { id: event.id, city: 'kyiv', entity: event.entity, occurredAt: event.occurredAt, signatureCount: 10_000 },
    });
  });

  it('has one id per webhook and event, whoever computes it', () => {
    const webhook = 'e3a3c1f2-1b2c-4d5e-8f90-112233445566';
    expect(deliveryId(webhook, event.id)).toBe(deliveryId(webhook, event.id));
    expect(deliveryId(webhook, event.id)).not.toBe(deliveryId('e3a3c1f2-1b2c-4d5e-8f90-112233445567', event.id));
    expect(deliveryId(webhook, event.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is signed with a Standard Webhooks secret the package accepts', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_/);
    const signer = new StandardWebhook(secret);
    const now = new Date();
    const payload = deliveryPayload(event);
    const headers = { 'webhook-id': 'msg', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signer.sign('msg', now, payload) };
    expect(signer.verify(payload, headers)).toEqual(JSON.parse(payload));
  });
});

describe('the city feed\u02bcs root field', () => {
  const resolver = new ParticipationEventsResolver();
  const context = (event: DomainEvent | null) => ({ event }) as RequestContext;
  const answered: DomainEvent = {
    id: '5a0d7c1e-2f3b-4c5d-8e6f-708192a3b4c5',
    source: 'petitions',
    seq: 7,
    type: 'PetitionAnswered',
    city: 'kyiv',
    entity: { type: 'Petition', id: '6f1c3f0e-8a57-4c5e-9a43-2d0f5b7e9c11' },
    occurredAt: '2026-12-01T18:00:00.000Z',
    data: {},
  };

  it('answers null to the gateway\u02bcs admission run (no event) once the city is known, NOT_FOUND otherwise', () => {
    expect(resolver.participationEvents('kyiv', context(null))).toBeNull();
    expect(() => resolver.participationEvents('atlantis', context(null))).toThrow(NotFoundError);
  });

  it('builds the event\u02bcs object, and throws (an internal error) for another city\u02bcs event or one the feed does not show', () => {
    expect(resolver.participationEvents('kyiv', context(answered))).toMatchObject({ eventType: 'PetitionAnswered', id: answered.id, petition: { id: answered.entity.id } });
    expect(() => resolver.participationEvents('vinnytsia', context(answered))).toThrow(/another city/);
    expect(() => resolver.participationEvents('kyiv', context({ ...answered, type: 'PetitionSignatureCountChanged' }))).toThrow(/not an event of the city feed/);
  });
});

describe('the webhook configuration', () => {
  it('allows loopback receivers in development only, unless told otherwise', () => {
    expect(parseWebhookConfig({}).allowLoopback).toBe(true);
    expect(parseWebhookConfig({ NODE_ENV: 'production' }).allowLoopback).toBe(false);
    expect(parseWebhookConfig({ NODE_ENV: 'production', WEBHOOKS_ALLOW_LOOPBACK: 'true' }).allowLoopback).toBe(true);
    expect(parseWebhookConfig({ WEBHOOKS_ALLOW_LOOPBACK: 'false' }).allowLoopback).toBe(false);
  });

  it('retries for about a day by default, with timings a test can shorten', () => {
    const defaults = parseWebhookConfig({});
    expect(defaults.timeoutMs).toBe(10_000);
    expect(defaults.retryDelaysMs).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000]);
    const total = defaults.retryDelaysMs.reduce((sum, ms) => sum + ms, 0);
    expect(total).toBeGreaterThan(20 * 3_600_000);
    expect(total).toBeLessThan(36 * 3_600_000);
    expect(defaults.disableAfterFailures).toBe(10);
    const fast = parseWebhookConfig({ WEBHOOK_RETRY_DELAYS: '10ms, 20ms', WEBHOOK_TIMEOUT: '500ms', WEBHOOK_POLL_INTERVAL: '25ms' });
    expect(fast).toMatchObject({ retryDelaysMs: [10, 20], timeoutMs: 500, pollIntervalMs: 25 });
    expect(() => parseWebhookConfig({ WEBHOOK_RETRY_DELAYS: '5 minutes' })).toThrow(/WEBHOOK_RETRY_DELAYS/);
    expect(() => parseWebhookConfig({ WEBHOOKS_ALLOW_LOOPBACK: 'perhaps' })).toThrow(/WEBHOOKS_ALLOW_LOOPBACK/);
  });
});
