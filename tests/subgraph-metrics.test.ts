/**
 * Every subgraph server's `/metrics` (subgraphs/shared/metrics.ts): a registry per server,
 * read over real HTTP. The outbox: events counted once committed (never a rolled-back
 * write's), open internal streams, the relay's acknowledged publishes and backlog (with
 * NATS). The events subgraph: webhook attempts by outcome against a local receiver,
 * deliveries as they end, switch-offs, pending deliveries counted in the database. Access:
 * open in development, only `Authorization: Bearer <INTERNAL_TOKEN>` in production. And
 * the cap on active webhooks per integrator and city (`WEBHOOKS_MAX_PER_OWNER`).
 *
 * On SQLite and PostgreSQL; the relay's part needs NATS (skipped without it, failed in CI).
 */
import 'reflect-metadata';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { FastifyRequest } from 'fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EVENT_TYPES, type DomainEvent, type EventType } from '../lib/events.js';
import type { Viewer } from '../lib/identity.js';
import { internalCallers } from '../lib/internal-caller.js';
import { createLogger } from '../lib/log.js';
import { parseWebhookConfig, type WebhookConfig } from '../subgraphs/events/delivery/delivery.config.js';
import type { OpenFeed } from '../subgraphs/events/delivery/delivery.consumer.js';
import { WebhookMetrics } from '../subgraphs/events/delivery/delivery.metrics.js';
import { startWebhookDelivery, type WebhookDelivery } from '../subgraphs/events/delivery/webhook-delivery.js';
import { eventsSubgraph } from '../subgraphs/events/events.subgraph.js';
import { Webhook } from '../subgraphs/events/webhook/webhook.entity.js';
import type { EventsServices } from '../subgraphs/events/webhook/webhook.resolver.js';
import { parseSubgraphConfig } from '../subgraphs/shared/config.js';
import { OutboxEvent } from '../subgraphs/shared/outbox/outbox-event.entity.js';
import { recordEvent } from '../subgraphs/shared/outbox/record-event.js';
import { createSubgraph } from '../subgraphs/shared/subgraph.js';
import { scratchDatabase, testDialects, testSubgraphConfig, type ScratchDatabase } from './support/databases.js';
import { readEventStream, until } from './support/event-stream-client.js';
import { postAsGateway, TEST_GATEWAY_SECRET } from './support/gateway-signing.js';
import { deleteNamespace, natsAvailable, TEST_NATS_URL, testStreamPrefix } from './support/nats.js';
import { startOutboxServer, TEST_EVENT, type OutboxServer } from './support/outbox-server.js';

const dialects = await testDialects();
const nats = await natsAvailable();
const quiet = createLogger({ name: 'subgraph-metrics-test', level: 'silent' });
const INTERNAL_TOKEN = 'internal-token-for-prometheus-of-at-least-32-chars';
const entity = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Prometheus text → one sample's value (exactly these labels), or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1]!, pair[2]!]));
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/** GET /metrics beside a subgraph's /graphql. */
function getMetrics(graphqlUrl: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL('/metrics', graphqlUrl), { headers });
}

async function scrape(graphqlUrl: string): Promise<string> {
  const response = await getMetrics(graphqlUrl);
  expect(response.status).toBe(200);
  return response.text();
}

/** One sample, scraped now; the series must exist. */
async function metric(graphqlUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const value = sample(await scrape(graphqlUrl), name, labels);
  expect(value, `${name}${JSON.stringify(labels)} is exposed`).toBeDefined();
  return value!;
}

describe('INTERNAL_TOKEN and the access rule', () => {
  const base = { DATA_DIR: join(tmpdir(), 'subgraph-metrics-unused'), GATEWAY_SECRET: TEST_GATEWAY_SECRET };

  test('the subgraph configuration reads INTERNAL_TOKEN at the edge, like the gateway', () => {
    expect(parseSubgraphConfig('registry', { ...base, NODE_ENV: 'production', INTERNAL_TOKEN })).toMatchObject({ production: true, internalToken: INTERNAL_TOKEN });
    // docker-compose passes an unset `${INTERNAL_TOKEN:-}` as empty: unset.
    expect(parseSubgraphConfig('registry', { ...base, INTERNAL_TOKEN: '' })).toMatchObject({ production: false, internalToken: undefined });
    expect(() => parseSubgraphConfig('registry', { ...base, INTERNAL_TOKEN: 'too-short' })).toThrowError(/INTERNAL_TOKEN must have at least 32 characters/);
  });

  test('production without a token: closed to everyone, whatever they send', () => {
    const callerKind = internalCallers({ production: true });
    for (const authorization of [undefined, 'Bearer anything', `Bearer ${INTERNAL_TOKEN}`]) {
      expect(callerKind({ headers: authorization ? { authorization } : {} } as FastifyRequest), String(authorization)).toBe('public');
    }
    expect(internalCallers({})({ headers: {} } as FastifyRequest), 'development without a token: open').toBe('internal');
  });

  test('the webhook cap is read with the other WEBHOOK settings: 20 by default', () => {
    expect(parseWebhookConfig({}).maxPerOwner).toBe(20);
    expect(parseWebhookConfig({ WEBHOOKS_MAX_PER_OWNER: '3' }).maxPerOwner).toBe(3);
    for (const bad of ['0', '-1', 'many', '2.5']) expect(() => parseWebhookConfig({ WEBHOOKS_MAX_PER_OWNER: bad }), bad).toThrowError(/WEBHOOKS_MAX_PER_OWNER/);
  });
});

describe.each(dialects)('the outbox\u02bcs metrics on %s', (dialect) => {
  let database: ScratchDatabase;
  let subgraph: OutboxServer;
  const recorded = (type: EventType = TEST_EVENT.type) => metric(subgraph.url, 'outbox_events_recorded_total', { type });

  beforeAll(async () => {
    database = scratchDatabase(dialect, 'registry');
    subgraph = await startOutboxServer('registry', database);
  });
  afterAll(async () => {
    await subgraph?.close();
    await database?.drop();
  });

  test('a committed event counts by its type; a write that rolls back, or a flush that fails, counts nothing', async () => {
    // The registry's own types are exposed from the start (at 0), so rate() sees the first one.
    expect(await recorded('OrganizationRegistered')).toBe(0);
    expect(sample(await scrape(subgraph.url), 'outbox_events_recorded_total', { type: 'PetitionPublished' })).toBeUndefined();

    const ok = await postAsGateway(subgraph.url, 'registry', { query: 'mutation { record }' });
    expect(((await ok.json()) as { errors?: unknown }).errors).toBeUndefined();
    expect(await recorded()).toBe(1);

    const failed = await postAsGateway(subgraph.url, 'registry', { query: 'mutation { record(fail: true) }' });
    expect(((await failed.json()) as { errors?: unknown[] }).errors).toHaveLength(1);
    expect(await recorded()).toBe(1);

    // Several in one transaction, of two types; then one in a plain flush (MikroORM's implicit transaction).
    await subgraph.record({ ...TEST_EVENT, entityId: entity(1) }, { ...TEST_EVENT, entityId: entity(2) }, { type: 'PetitionPublished', city: 'kyiv', entityId: entity(3) });
    const em = subgraph.orm.em.fork() as SqlEntityManager;
    const row = recordEvent(em, { ...TEST_EVENT, entityId: entity(4) });
    await em.flush();
    expect(await recorded()).toBe(4);
    expect(await recorded('PetitionPublished')).toBe(1);

    // A flush that fails (an event id already taken) takes its events along, uncounted.
    const failing = subgraph.orm.em.fork() as SqlEntityManager;
    recordEvent(failing, { ...TEST_EVENT, entityId: entity(5) });
    recordEvent(failing, { ...TEST_EVENT, entityId: entity(6) }).id = row.id;
    await expect(failing.flush()).rejects.toThrow();
    expect(await recorded()).toBe(4);
    expect(await recorded('PetitionPublished')).toBe(1);
  });

  test('open internal streams are counted while they last, and the events written to them', async () => {
    await subgraph.record({ ...TEST_EVENT, entityId: entity(7) });
    const rows = await (subgraph.orm.em.fork() as SqlEntityManager).count(OutboxEvent, {});
    const written = await metric(subgraph.url, 'event_stream_events_total');
    expect(await metric(subgraph.url, 'event_stream_clients')).toBe(0);

    const first = await readEventStream(subgraph.url, 'after=0', 'registry');
    const second = await readEventStream(subgraph.url, `after=0`, 'registry');
    await Promise.all([first.waitFor(rows), second.waitFor(rows)]);
    expect(await metric(subgraph.url, 'event_stream_clients')).toBe(2);
    expect(await metric(subgraph.url, 'event_stream_events_total')).toBe(written + 2 * rows);
    // Refused streams are never counted as open.
    expect((await readEventStream(subgraph.url, 'after=0', null)).status).toBe(401);
    expect(await metric(subgraph.url, 'event_stream_clients')).toBe(2);

    first.close();
    await until(async () => (await metric(subgraph.url, 'event_stream_clients')) === 1, 'the closed stream to be uncounted');
    second.close();
    await until(async () => (await metric(subgraph.url, 'event_stream_clients')) === 0, 'both streams to be uncounted');
    // Without NATS there is no relay, and no backlog to report.
    expect(sample(await scrape(subgraph.url), 'outbox_unpublished')).toBeUndefined();
    expect(await metric(subgraph.url, 'outbox_events_published_total')).toBe(0);
  });
});

describe.skipIf(!nats)('the relay\u02bcs metrics', () => {
  // A namespace of this file's own (other runs and tests share the NATS server), its streams deleted afterwards.
  const prefix = testStreamPrefix('metrics');
  afterAll(async () => {
    await deleteNamespace(prefix);
  });

  test.each(dialects)('on %s: publishes acknowledged by JetStream are counted, and the backlog drains to 0', async (dialect) => {
    const city = `metrics${randomBytes(4).toString('hex')}`;
    const database = scratchDatabase(dialect, 'registry');
    const subgraph = await startOutboxServer('registry', database, { natsUrl: TEST_NATS_URL, natsStreamPrefix: prefix });
    try {
      await subgraph.record(...[1, 2, 3].map((n) => ({ ...TEST_EVENT, city, entityId: entity(n) })));
      await until(async () => (await metric(subgraph.url, 'outbox_events_published_total')) === 3, 'three publishes acknowledged', 30_000);
      await until(async () => (await metric(subgraph.url, 'outbox_unpublished')) === 0, 'the backlog to drain', 30_000);
      expect(await metric(subgraph.url, 'outbox_relay_lag_seconds')).toBe(0);
      expect(await metric(subgraph.url, 'outbox_events_recorded_total', { type: TEST_EVENT.type })).toBe(3);
    } finally {
      await subgraph.close();
      await database.drop();
    }
  });
});

/** A local receiver answering each request with the next status of its queue (200 when empty), or never ('hang'). */
async function startReceiver() {
  const requests: { url: string; headers: IncomingHttpHeaders }[] = [];
  const answers: (number | 'hang')[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests.push({ url: request.url ?? '', headers: request.headers });
      const answer = answers.shift() ?? 200;
      if (answer !== 'hang') response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const FAST: WebhookConfig = {
  ...parseWebhookConfig({}),
  allowLoopback: true,
  timeoutMs: 2_000,
  retryDelaysMs: [30, 30, 30],
  disableAfterFailures: 1_000,
  disableAfterFailingMs: 0,
  pollIntervalMs: 25,
  concurrency: 2,
};

/** The cap in this test's configuration: small, so that a burst crosses it. */
const CAP = 3;
const INTEGRATOR: Viewer = { id: 'integrator-metrics-1', grants: [{ role: 'integrator', city: 'kyiv' }] };
const CAPPED: Viewer = { id: 'integrator-capped-1', grants: [{ role: 'integrator', city: 'kyiv' }, { role: 'integrator', city: 'vinnytsia' }] };
const OTHER: Viewer = { id: 'integrator-capped-2', grants: [{ role: 'integrator', city: 'kyiv' }] };

const REGISTER = /* GraphQL */ `mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id active } secret } }`;
const DEACTIVATE = /* GraphQL */ `mutation ($id: ID!) { deactivateWebhook(id: $id) { webhook { id active } } }`;
const REACTIVATE = /* GraphQL */ `mutation ($id: ID!) { reactivateWebhook(id: $id) { webhook { id active } } }`;

interface GraphQLResponse {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

describe.each(dialects)('the events subgraph\u02bcs webhook metrics and cap on %s', (dialect) => {
  let database: ScratchDatabase;
  let server: Awaited<ReturnType<typeof createSubgraph>>;
  let url: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let seq = 0;

  const gql = async (query: string, variables: Record<string, unknown>, viewer: Viewer, language = 'en'): Promise<GraphQLResponse> =>
    (await (await postAsGateway(url, 'events', { query, variables }, { viewer, headers: { 'accept-language': language } })).json()) as GraphQLResponse;

  async function register(viewer: Viewer, input: Record<string, unknown>): Promise<{ webhook: { id: string; active: boolean }; secret: string }> {
    const result = await gql(REGISTER, { input }, viewer);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data!.registerWebhook;
  }

  function event(type: EventType, city = 'kyiv'): DomainEvent {
    return { id: randomUUID(), source: EVENT_TYPES[type].source, seq: ++seq, type, city, entity: { type: EVENT_TYPES[type].entity, id: randomUUID() }, occurredAt: new Date().toISOString(), data: {} };
  }

  /** Webhook delivery from events this test pushes (as lib/event-feed.ts hands them over), counting into the server's registry. */
  async function startDelivery(config: Partial<WebhookConfig> = {}): Promise<{ push(event: DomainEvent): Promise<void>; delivery: WebhookDelivery }> {
    let onEvent: ((event: DomainEvent) => Promise<void>) | null = null;
    const open: OpenFeed = (options) => {
      onEvent = options.onEvent;
      return { close: async () => void (onEvent = null) };
    };
    const delivery = await startWebhookDelivery({ orm: server.orm, config: { ...FAST, ...config }, openFeed: open, logger: quiet, metrics: WebhookMetrics.of(server.metrics.registry) });
    return { delivery, push: (pushed) => onEvent!(pushed) };
  }

  const attempts = (outcome: string) => metric(url, 'webhook_attempts_total', { outcome });
  const ended = (status: string) => metric(url, 'webhook_deliveries_total', { status });

  beforeAll(async () => {
    database = scratchDatabase(dialect, 'events');
    // The subgraph's own services (its metrics wiring included), with a small cap.
    const services = (config: Parameters<NonNullable<typeof eventsSubgraph.services>>[0], metrics: Parameters<NonNullable<typeof eventsSubgraph.services>>[1]): EventsServices => {
      const own = eventsSubgraph.services!(config, metrics) as EventsServices;
      return { ...own, webhooks: { ...FAST, maxPerOwner: CAP } };
    };
    server = await createSubgraph({ ...eventsSubgraph, services }, { ...testSubgraphConfig('events', database), seedDemoData: false });
    url = await server.listen(0, '127.0.0.1');
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await server?.close();
    await database?.drop();
  });

  test('attempts by outcome: a 2xx is delivered, a 500 failed, no answer in time a timeout; each delivery counted as it ends', async () => {
    const { webhook } = await register(INTEGRATOR, { city: 'kyiv', url: `${receiver.url}/outcomes`, eventTypes: ['PETITION_PUBLISHED'] });
    const before = { delivered: await attempts('delivered'), failed: await attempts('failed'), timeout: await attempts('timeout'), ended: await ended('DELIVERED') };
    const { push, delivery } = await startDelivery({ timeoutMs: 500 });
    try {
      await push(event('PetitionPublished'));
      await until(async () => (await ended('DELIVERED')) === before.ended + 1, 'the first delivery to end');
      expect(await attempts('delivered')).toBe(before.delivered + 1);
      expect(await attempts('failed')).toBe(before.failed);

      receiver.answers.push(500);
      await push(event('PetitionPublished'));
      await until(async () => (await ended('DELIVERED')) === before.ended + 2, 'the second delivery to end, after a retry');
      expect(await attempts('failed')).toBe(before.failed + 1);
      expect(await attempts('delivered')).toBe(before.delivered + 2);

      receiver.answers.push('hang');
      await push(event('PetitionPublished'));
      await until(async () => (await ended('DELIVERED')) === before.ended + 3, 'the third delivery to end, after a timeout');
      expect(await attempts('timeout')).toBe(before.timeout + 1);
      expect(await attempts('delivered')).toBe(before.delivered + 3);
      // 200; 500 then 200; no answer then 200.
      expect(receiver.requests.filter((request) => request.url.endsWith('/outcomes'))).toHaveLength(5);
    } finally {
      await delivery.close();
    }
    // Nothing of the webhook (ids, URLs) labels a series.
    const text = await scrape(url);
    expect(text).not.toContain(webhook.id);
    expect(text).not.toContain('127.0.0.1');
  });

  test('a refused address is its own outcome; pending deliveries are counted in the database; an owner\u02bcs switch-off cancels them', async () => {
    const { webhook } = await register(INTEGRATOR, { city: 'kyiv', url: `${receiver.url}/refused`, eventTypes: ['PETITION_CLOSED'] });
    const before = { refused: await attempts('refused-address'), cancelled: await ended('CANCELLED'), pending: await metric(url, 'webhook_deliveries_pending') };
    // Loopback receivers not allowed (as in production): refused before any connection; the retry is far off.
    const { push, delivery } = await startDelivery({ allowLoopback: false, retryDelaysMs: [3_600_000] });
    try {
      await push(event('PetitionClosed'));
      await until(async () => (await attempts('refused-address')) === before.refused + 1, 'the refused attempt');
      expect(receiver.requests.filter((request) => request.url.endsWith('/refused'))).toHaveLength(0);
      const pending = await metric(url, 'webhook_deliveries_pending');
      expect(pending).toBe(before.pending + 1);
      const [row] = await (server.orm.em.fork() as SqlEntityManager).execute<{ n: number | string }[]>(`select count(*) as n from webhook_delivery where status = 'PENDING'`);
      expect(pending).toBe(Number(row!.n));

      const off = await gql(DEACTIVATE, { id: webhook.id }, INTEGRATOR);
      expect(off.errors).toBeUndefined();
      expect(await ended('CANCELLED')).toBe(before.cancelled + 1);
      expect(await metric(url, 'webhook_deliveries_pending')).toBe(before.pending);
    } finally {
      await delivery.close();
    }
  });

  test('a webhook switched off after repeated failure is counted, with the deliveries it cancels', async () => {
    await register(INTEGRATOR, { city: 'kyiv', url: `${receiver.url}/down`, eventTypes: ['CONSULTATION_CLOSED'] });
    const before = { off: await metric(url, 'webhooks_switched_off_total', { reason: 'FAILING' }), cancelled: await ended('CANCELLED'), failed: await attempts('failed') };
    receiver.answers.push(503, 503, 503);
    const { push, delivery } = await startDelivery({ disableAfterFailures: 1, disableAfterFailingMs: 0, concurrency: 1 });
    try {
      await push(event('ConsultationClosed'));
      await until(async () => (await metric(url, 'webhooks_switched_off_total', { reason: 'FAILING' })) === before.off + 1, 'the switch-off');
      expect(await attempts('failed')).toBe(before.failed + 1);
      expect(await ended('CANCELLED')).toBe(before.cancelled + 1);
      expect(await metric(url, 'webhooks_switched_off_total', { reason: 'EXHAUSTED' })).toBe(0);
    } finally {
      await delivery.close();
      receiver.answers.length = 0;
    }
  });

  test('a delivery that fails every attempt ends FAILED (not cancelled), and its webhook is switched off as EXHAUSTED', async () => {
    await register(INTEGRATOR, { city: 'kyiv', url: `${receiver.url}/exhausted`, eventTypes: ['CONSULTATION_OPENED'] });
    const before = { failed: await ended('FAILED'), cancelled: await ended('CANCELLED'), exhausted: await metric(url, 'webhooks_switched_off_total', { reason: 'EXHAUSTED' }) };
    receiver.answers.push(500, 500);
    const { push, delivery } = await startDelivery({ retryDelaysMs: [20], concurrency: 1 });
    try {
      await push(event('ConsultationOpened'));
      await until(async () => (await ended('FAILED')) === before.failed + 1, 'the delivery to fail');
      await until(async () => (await metric(url, 'webhooks_switched_off_total', { reason: 'EXHAUSTED' })) === before.exhausted + 1, 'the switch-off');
      expect(await ended('CANCELLED')).toBe(before.cancelled);
    } finally {
      await delivery.close();
      receiver.answers.length = 0;
    }
  });

  test(`at most ${CAP} active webhooks per integrator and city: one more is CONFLICT, even in a concurrent burst`, async () => {
    const input = (n: number, city = 'kyiv') => ({ city, url: `https://hooks-${n}.newsroom.example.org/participation`, eventTypes: ['PETITION_ANSWERED'] });
    const burst = await Promise.all(Array.from({ length: CAP + 2 }, (_, n) => gql(REGISTER, { input: input(n) }, CAPPED)));
    const accepted = burst.filter((result) => !result.errors);
    const refused = burst.filter((result) => result.errors);
    expect(accepted).toHaveLength(CAP);
    expect(refused).toHaveLength(2);
    for (const result of refused) {
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.url' });
      expect(result.errors![0]!.message).toBe(`You already have ${CAP} active webhooks in Kyiv, the most an integrator may have there. Deactivate one you no longer need first.`);
    }
    const active = (owner: string, city: string) => server.orm.em.fork().count(Webhook, { owner, city, active: true });
    expect(await active(CAPPED.id, 'kyiv')).toBe(CAP);

    const extra = await gql(REGISTER, { input: input(100) }, CAPPED, 'uk');
    expect(extra.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.url' });
    expect(extra.errors?.[0]?.message).toMatch(/^У вас уже 3 активні вебхуки \(Київ\)/);
    // A retry of an accepted registration is answered the same, not refused by the cap.
    const acceptedIndex = burst.findIndex((result) => !result.errors);
    const retried = await register(CAPPED, input(acceptedIndex));
    expect(retried).toEqual(burst[acceptedIndex]!.data!.registerWebhook);
    // Per city and per integrator.
    await register(CAPPED, input(0, 'vinnytsia'));
    await register(OTHER, input(0));

    // Switching one off makes room; switching it on again while full is CONFLICT on its id.
    const first = accepted[0]!.data!.registerWebhook.webhook.id as string;
    expect((await gql(DEACTIVATE, { id: first }, CAPPED)).errors).toBeUndefined();
    await register(CAPPED, input(200));
    const again = await gql(REACTIVATE, { id: first }, CAPPED);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(await active(CAPPED.id, 'kyiv')).toBe(CAP);
  });
});

describe('/metrics in production', () => {
  let database: ScratchDatabase;
  let server: Awaited<ReturnType<typeof createSubgraph>>;
  let url: string;

  beforeAll(async () => {
    database = scratchDatabase('sqlite', 'events');
    server = await createSubgraph(eventsSubgraph, { ...testSubgraphConfig('events', database), seedDemoData: false, production: true, internalToken: INTERNAL_TOKEN });
    url = await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  test('answers only the internal token: 404 without credentials (as if absent), 403 with others', async () => {
    const anonymous = await getMetrics(url);
    expect(anonymous.status).toBe(404);
    expect(await anonymous.text()).not.toContain('outbox_');
    for (const authorization of ['Bearer not-the-internal-token-but-just-as-long-x', `Basic ${Buffer.from(`prometheus:${INTERNAL_TOKEN}`).toString('base64')}`, `Bearer ${INTERNAL_TOKEN}x`]) {
      const response = await getMetrics(url, { authorization });
      expect(response.status, authorization).toBe(403);
      expect(await response.text()).not.toContain('outbox_');
    }
    const internal = await getMetrics(url, { authorization: `Bearer ${INTERNAL_TOKEN}` });
    expect(internal.status).toBe(200);
    expect(internal.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await internal.text();
    // The outbox's, the webhooks' (the events subgraph's services count into the same registry) and the process's.
    for (const name of ['outbox_events_recorded_total', 'event_stream_clients', 'webhook_attempts_total', 'webhook_deliveries_total', 'webhooks_switched_off_total', 'process_cpu_user_seconds_total']) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, 'webhook_attempts_total', { outcome: 'delivered' })).toBe(0);
  });
});
