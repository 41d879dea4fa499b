/**
 * The events subgraph in-process, on SQLite and PostgreSQL. The city feed: each feed event
 * type's object built from the event a subscription's fetch carries (`extensions.event`).
 * Webhooks: registration rules
 * and errors through the subgraph's GraphQL endpoint (signed as the gateway signs), and
 * delivery from domain events to a local receiver (node:http on 127.0.0.1): signed per
 * Standard Webhooks and verified with the `standardwebhooks` package, retried under the same
 * `webhook-id`, switched off after repeated failure with a reason its owner reads, and never
 * queued twice for an event read again (a replay, a restart).
 *
 * Events are handed to the consumer the way lib/event-feed.ts hands them (`onEvent`, from
 * the stored position): the feed itself is tested with the outbox.
 */
import 'reflect-metadata';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { DomainEvent, EventType } from '../lib/events.js';
import { EVENT_TYPES } from '../lib/events.js';
import type { Viewer } from '../lib/identity.js';
import { createLogger } from '../lib/log.js';
import { createSubgraph } from '../subgraphs/shared/subgraph.js';
import type { WebhookConfig } from '../subgraphs/events/delivery/delivery.config.js';
import type { OpenFeed } from '../subgraphs/events/delivery/delivery.consumer.js';
import { deliveryId } from '../subgraphs/events/delivery/delivery.payload.js';
import { startWebhookDelivery, type WebhookDelivery } from '../subgraphs/events/delivery/webhook-delivery.js';
import { DEMO_INTEGRATOR, DEMO_WEBHOOK } from '../subgraphs/events/demo/events.demo-ids.js';
import { eventsSubgraph } from '../subgraphs/events/events.subgraph.js';
import { scratchDatabase, testDialects, testSubgraphConfig, type ScratchDatabase } from './support/databases.js';
import { postAsGateway, TEST_GATEWAY_SECRET } from './support/gateway-signing.js';
import { startOutboxServer } from './support/outbox-server.js';
import { openEventFeed, type FeedPosition } from '../lib/event-feed.js';

type Server = Awaited<ReturnType<typeof createSubgraph>>;
interface GraphQLResponse {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

const dialects = await testDialects();
const quiet = createLogger({ name: 'events-test', level: 'silent' });

const INTEGRATOR_KYIV: Viewer = { id: 'integrator-kyiv-1', grants: [{ role: 'integrator', city: 'kyiv' }] };
const OTHER_INTEGRATOR_KYIV: Viewer = { id: 'integrator-kyiv-2', grants: [{ role: 'integrator', city: 'kyiv' }] };
const INTEGRATOR_VINNYTSIA: Viewer = { id: 'integrator-vinnytsia-1', grants: [{ role: 'integrator', city: 'vinnytsia' }] };
const RESIDENT: Viewer = { id: 'demo-resident-kyiv-1', grants: [] };
const DEMO_OWNER: Viewer = { id: DEMO_INTEGRATOR, grants: [{ role: 'integrator', city: 'kyiv' }] };

/** Timings short enough for tests; each test that delivers starts its own delivery with what it needs. */
const FAST: WebhookConfig = {
  allowLoopback: true,
  timeoutMs: 5_000,
  retryDelaysMs: [30, 30, 30, 30, 30, 30, 30],
  disableAfterFailures: 1_000,
  disableAfterFailingMs: 0,
  pollIntervalMs: 25,
  concurrency: 4,
  registrationRetryMs: 3_600_000,
  retainMs: 86_400_000,
  maxPerOwner: 20,
};

const REGISTER = /* GraphQL */ `
  mutation RegisterWebhook($input: RegisterWebhookInput!) {
    registerWebhook(input: $input) { webhook { id url eventTypes active city { id } } secret }
  }
`;
const WEBHOOKS = /* GraphQL */ `
  query Webhooks($city: ID!) {
    webhooks(city: $city) {
      id url eventTypes active disabledReason disabledAt consecutiveFailures
      deliveries(first: 10) {
        totalCount
        edges { node { id eventId eventType attempts status lastAttemptAt responseStatus nextAttemptAt lastError attemptLog { responseStatus error } } }
      }
    }
  }
`;
const DEACTIVATE = /* GraphQL */ `mutation ($id: ID!) { deactivateWebhook(id: $id) { webhook { id active disabledReason } } }`;
const REACTIVATE = /* GraphQL */ `mutation ($id: ID!) { reactivateWebhook(id: $id) { webhook { id active disabledReason consecutiveFailures } } }`;

/** What a local receiver got, and how it answers the next requests. */
interface Receiver {
  url: string;
  requests: { headers: IncomingHttpHeaders; body: string }[];
  /** Statuses for the next requests, in order; 200 once they run out. */
  answers: number[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  const answers: number[] = [];
  const server: HttpServer = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answers.shift() ?? 200, { 'content-type': 'text/plain' }).end('a body the sender must not keep');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/participation`,
    requests,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits for a condition, failing with `what` after the deadline (no timing is asserted). */
async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false> | T | undefined | null | false, deadlineMs = 15_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let seq = 0;
/** A domain event as the feed delivers it: a new id and the next position of its source. */
function domainEvent(type: EventType, entityId: string, city = 'kyiv', data: DomainEvent['data'] = {}): DomainEvent {
  return {
    id: randomUUID(),
    source: EVENT_TYPES[type].source,
    seq: ++seq,
    type,
    city,
    entity: { type: EVENT_TYPES[type].entity, id: entityId },
    occurredAt: new Date().toISOString(),
    data,
  };
}

/** A stand-in for lib/event-feed.ts: remembers where the consumer asked to start and lets a test push events. */
function testFeed() {
  let onEvent: ((event: DomainEvent) => Promise<void>) | null = null;
  const starts: Record<string, number>[] = [];
  const open: OpenFeed = (options) => {
    starts.push(options.from.position);
    onEvent = options.onEvent;
    return { close: async () => void (onEvent = null) };
  };
  return {
    open,
    starts,
    /** Resolves once the consumer has committed the event (as the real feed awaits `onEvent`). */
    push: (event: DomainEvent) => {
      if (!onEvent) throw new Error('the feed is not open');
      return onEvent(event);
    },
  };
}

/** Where each entity type's field is on its feed events (the contract's names). */
const ENTITY_FIELD: Record<string, string> = {
  Petition: 'petition',
  Consultation: 'consultation',
  HeritageObject: 'heritageObject',
  Organization: 'organization',
  Programme: 'programme',
};
const FEED_TYPES = (Object.keys(EVENT_TYPES) as EventType[]).filter((type) => EVENT_TYPES[type].feed);
const CITY_FEED = /* GraphQL */ `
  subscription CityFeed($city: ID!) {
    participationEvents(city: $city) {
      __typename id occurredAt city { id }
      ${FEED_TYPES.map((type) => `... on ${type} { ${ENTITY_FIELD[EVENT_TYPES[type].entity]} { id } }`).join('\n      ')}
    }
  }
`;

describe.each(dialects)('the events subgraph on %s', (dialect) => {
  const scratch: ScratchDatabase[] = [];
  let server: Server;
  let url: string;
  let receiver: Receiver;
  const running: WebhookDelivery[] = [];

  async function gql(query: string, variables: Record<string, unknown>, viewer: Viewer | null): Promise<GraphQLResponse> {
    const response = await postAsGateway(url, 'events', { query, variables }, { viewer, headers: { 'accept-language': 'en' } });
    return (await response.json()) as GraphQLResponse;
  }

  async function ok(query: string, variables: Record<string, unknown>, viewer: Viewer | null): Promise<Record<string, any>> {
    const result = await gql(query, variables, viewer);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data!;
  }

  async function failure(query: string, variables: Record<string, unknown>, viewer: Viewer | null) {
    const result = await gql(query, variables, viewer);
    expect(result.errors, JSON.stringify(result.data)).toHaveLength(1);
    const [error] = result.errors!;
    expect(error!.message).not.toMatch(/\bat\s.+:\d+:\d+|select |insert |update /i);
    return { code: error!.extensions?.code, field: error!.extensions?.field, message: error!.message };
  }

  async function sql<T>(query: string, bindings: unknown[] = []): Promise<T[]> {
    return (await (server.orm.em.fork() as SqlEntityManager).execute(query, bindings as never[])) as T[];
  }

  async function register(viewer: Viewer, input: Record<string, unknown>) {
    return (await ok(REGISTER, { input }, viewer)).registerWebhook as { webhook: { id: string; url: string; eventTypes: string[]; active: boolean; city: { id: string } }; secret: string };
  }

  async function ownWebhook(viewer: Viewer, id: string) {
    const { webhooks } = await ok(WEBHOOKS, { city: 'kyiv' }, viewer);
    return (webhooks as any[]).find((webhook) => webhook.id === id);
  }

  async function startDelivery(config: Partial<WebhookConfig> = {}) {
    const feed = testFeed();
    const delivery = await startWebhookDelivery({ orm: server.orm, config: { ...FAST, ...config }, openFeed: feed.open, logger: quiet });
    running.push(delivery);
    return { feed, delivery };
  }

  beforeAll(async () => {
    const database = scratchDatabase(dialect, 'events');
    scratch.push(database);
    server = await createSubgraph({ ...eventsSubgraph, services: () => ({ webhooks: FAST }) }, testSubgraphConfig('events', database));
    url = await server.listen(0, '127.0.0.1');
    receiver = await startReceiver();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((delivery) => delivery.close()));
    receiver.requests.length = 0;
    receiver.answers.length = 0;
  });

  afterAll(async () => {
    await receiver?.close();
    await server?.close();
    await Promise.all(scratch.splice(0).map((s) => s.drop()));
  });

  async function feed(city: string, event: DomainEvent | undefined): Promise<GraphQLResponse> {
    const body = { query: CITY_FEED, variables: { city }, ...(event ? { extensions: { event } } : {}) };
    return (await (await postAsGateway(url, 'events', body, { viewer: null })).json()) as GraphQLResponse;
  }

  test('the city feed: each feed event type becomes its own ParticipationEvent, pointing at its entity', async () => {
    expect(FEED_TYPES).toEqual(expect.arrayContaining(['PetitionPublished', 'PetitionThresholdReached', 'HeritageConditionChanged', 'OrganizationRegistered', 'ProgrammeProgressRecorded']));
    for (const type of FEED_TYPES) {
      const entity = randomUUID();
      const event = domainEvent(type, entity, 'kyiv', { signatureCount: 12 });
      const result = await feed('kyiv', event);
      expect(result.errors, type).toBeUndefined();
      expect(result.data!.participationEvents, type).toEqual({
        __typename: type,
        id: event.id,
        occurredAt: event.occurredAt,
        city: { id: 'kyiv' },
        [ENTITY_FIELD[EVENT_TYPES[type].entity]!]: { id: entity },
      });
    }
  });

  test('the city feed refuses an unknown city (NOT_FOUND), and an event of another city or one it does not show', async () => {
    const event = domainEvent('PetitionAnswered', randomUUID(), 'kyiv');
    const unknown = await feed('atlantis', { ...event, city: 'atlantis' });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'city' });
    for (const [what, city, sent] of [
      ['another city\u02bcs event', 'vinnytsia', event],
      ['an event the feed does not show', 'kyiv', domainEvent('PetitionSignatureCountChanged', randomUUID(), 'kyiv', { signatureCount: 3 })],
    ] as const) {
      const result = await feed(city, sent);
      expect(result.data?.participationEvents ?? null, what).toBeNull();
      expect(result.errors?.[0]?.extensions?.code, what).toBe('INTERNAL_SERVER_ERROR');
    }
  });

  test('the gateway\u02bcs admission run (no event): null for a known city, without an error; NOT_FOUND for an unknown one', async () => {
    const admitted = await feed('kyiv', undefined);
    expect(admitted).toEqual({ data: { participationEvents: null } });
    const unknown = await feed('atlantis', undefined);
    expect(unknown.data?.participationEvents ?? null).toBeNull();
    expect(unknown.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([['NOT_FOUND', 'city']]);
  });

  test('its committed migrations build exactly its entities, and the demo integrator has one webhook', async () => {
    const database = scratchDatabase(dialect, 'events');
    scratch.push(database);
    const fresh = await createSubgraph(eventsSubgraph, { ...testSubgraphConfig('events', database), seedDemoData: false });
    try {
      const diff = await fresh.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      expect(diff.trim()).toBe('');
      expect(await eventsSubgraph.isEmpty(fresh.orm.em.fork() as SqlEntityManager)).toBe(true);
    } finally {
      await fresh.close();
    }
    const demo = await ownWebhook(DEMO_OWNER, DEMO_WEBHOOK.id);
    expect(demo).toMatchObject({ url: DEMO_WEBHOOK.url, active: true, eventTypes: ['CONSULTATION_OUTCOME_PUBLISHED', 'PETITION_ANSWERED', 'PETITION_THRESHOLD_REACHED'] });
  });

  test('registration: only a signed-in integrator of the city, an allowed https URL, at least one event type', async () => {
    const input = { city: 'kyiv', url: 'https://hooks.newsroom.example.org/participation', eventTypes: ['PETITION_ANSWERED'] };
    expect(await failure(REGISTER, { input }, null)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await failure(REGISTER, { input }, RESIDENT)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(REGISTER, { input }, INTEGRATOR_VINNYTSIA)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(REGISTER, { input: { ...input, city: 'atlantis' } }, INTEGRATOR_KYIV)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.city' });
    for (const bad of [
      'http://hooks.newsroom.example.org/participation', // not https (only loopback may be http, in development)
      'https://user:secret@hooks.newsroom.example.org/x', // credentials
      'https://10.0.0.7/hooks', // an IP literal, private
      'https://8.8.8.8/hooks', // an IP literal, even a public one
      'https://metadata.internal/latest', // a private name
      'https://printer.local/hooks',
      'https://intranet/hooks', // a single label
      'ftp://hooks.newsroom.example.org/x',
      'not a url',
    ]) {
      const error = await failure(REGISTER, { input: { ...input, url: bad } }, INTEGRATOR_KYIV);
      expect(error, bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    }
    expect(await failure(REGISTER, { input: { ...input, eventTypes: [] } }, INTEGRATOR_KYIV)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.eventTypes' });
    expect(await failure(REGISTER, { input: { ...input, eventTypes: ['PETITION_SIGNED_BY_ALIENS'] } }, INTEGRATOR_KYIV)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await sql(`select id from webhook where owner = ?`, [INTEGRATOR_KYIV.id])).toEqual([]);

    const { webhook, secret } = await register(INTEGRATOR_KYIV, input);
    expect(webhook).toMatchObject({ url: input.url, eventTypes: ['PETITION_ANSWERED'], active: true, city: { id: 'kyiv' } });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // The development receiver (this server allows loopback) passes, over http.
    const local = await register(INTEGRATOR_KYIV, { ...input, url: 'http://127.0.0.1:9/local' });
    expect(local.webhook.url).toBe('http://127.0.0.1:9/local');
  });

  test('a retried registration answers the same webhook and secret; later, or once switched off, it is CONFLICT', async () => {
    const input = { city: 'kyiv', url: 'https://feeds.example.net/kyiv', eventTypes: ['CONSULTATION_OPENED', 'PETITION_PUBLISHED'] };
    const first = await register(INTEGRATOR_KYIV, input);
    // The same set of types in another order, retried at once and concurrently: one webhook.
    const retries = await Promise.all([0, 1, 2].map(() => register(INTEGRATOR_KYIV, { ...input, eventTypes: ['PETITION_PUBLISHED', 'CONSULTATION_OPENED', 'PETITION_PUBLISHED'] })));
    for (const retry of retries) expect(retry).toEqual(first);
    // Another integrator's registration of the same endpoint is theirs, with its own secret.
    const other = await register(OTHER_INTEGRATOR_KYIV, input);
    expect(other.webhook.id).not.toBe(first.webhook.id);
    expect(other.secret).not.toBe(first.secret);
    // Each sees only their own.
    expect((await ownWebhook(OTHER_INTEGRATOR_KYIV, first.webhook.id))).toBeUndefined();
    expect((await ownWebhook(INTEGRATOR_KYIV, first.webhook.id))).toMatchObject({ id: first.webhook.id });
    expect(await failure(DEACTIVATE, { id: first.webhook.id }, OTHER_INTEGRATOR_KYIV)).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(await failure(WEBHOOKS, { city: 'kyiv' }, INTEGRATOR_VINNYTSIA)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(WEBHOOKS, { city: 'kyiv' }, RESIDENT)).toMatchObject({ code: 'FORBIDDEN' });

    // Once the retry window has passed, the secret is not shown again.
    await sql('update webhook set created_at = ? where id = ?', [dialect === 'sqlite' ? Date.now() - 2 * 3_600_000 : new Date(Date.now() - 2 * 3_600_000), first.webhook.id]);
    const late = await failure(REGISTER, { input }, INTEGRATOR_KYIV);
    expect(late).toMatchObject({ code: 'CONFLICT', field: 'input.url' });
    expect(late.message).toContain(first.webhook.id);
    expect(late.message).not.toContain('whsec_');

    // Switched off by its owner: the same registration is CONFLICT too (reactivate it instead).
    const fresh = await register(OTHER_INTEGRATOR_KYIV, { ...input, eventTypes: ['PETITION_CLOSED'] });
    const off = (await ok(DEACTIVATE, { id: fresh.webhook.id }, OTHER_INTEGRATOR_KYIV)).deactivateWebhook.webhook;
    expect(off).toMatchObject({ active: false, disabledReason: 'Switched off by its owner.' });
    expect(await failure(REGISTER, { input: { ...input, eventTypes: ['PETITION_CLOSED'] } }, OTHER_INTEGRATOR_KYIV)).toMatchObject({ code: 'CONFLICT' });
    const on = (await ok(REACTIVATE, { id: fresh.webhook.id }, OTHER_INTEGRATOR_KYIV)).reactivateWebhook.webhook;
    expect(on).toMatchObject({ active: true, disabledReason: null, consecutiveFailures: 0 });
  });

  test('an event is delivered to a local receiver, signed per Standard Webhooks (verified with the standardwebhooks package)', async () => {
    const { webhook, secret } = await register(INTEGRATOR_KYIV, { city: 'kyiv', url: receiver.url, eventTypes: ['PETITION_THRESHOLD_REACHED'] });
    const { feed } = await startDelivery();
    const petition = randomUUID();
    // Other cities' events and other types are not this webhook's.
    await feed.push(domainEvent('PetitionThresholdReached', randomUUID(), 'vinnytsia', { signatureCount: 250 }));
    await feed.push(domainEvent('PetitionAnswered', randomUUID()));
    const event = domainEvent('PetitionThresholdReached', petition, 'kyiv', { signatureCount: 10_000, threshold: 10_000 });
    await feed.push(event);

    const [request] = await waitFor('the delivery', () => receiver.requests.length > 0 && receiver.requests);
    const verified = new StandardWebhook(secret).verify(request!.body, request!.headers as Record<string, string>) as Record<string, any>;
    expect(verified).toEqual({
      type: 'PETITION_THRESHOLD_REACHED',
      timestamp: event.occurredAt,
      data: { id: event.id, city: 'kyiv', entity: { type: 'Petition', id: petition }, occurredAt: event.occurredAt, signatureCount: 10_000, threshold: 10_000 },
    });
    expect(request!.headers['webhook-id']).toBe(deliveryId(webhook.id, event.id));
    expect(request!.headers['content-type']).toBe('application/json');
    // Signed with this webhook's secret only.
    expect(() => new StandardWebhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(request!.body, request!.headers as Record<string, string>)).toThrow();

    const seen = await waitFor('the delivery recorded', async () => {
      const found = await ownWebhook(INTEGRATOR_KYIV, webhook.id);
      return found?.deliveries.edges[0]?.node.status === 'DELIVERED' && found;
    });
    expect(seen.deliveries.totalCount).toBe(1);
    expect(seen.deliveries.edges[0].node).toMatchObject({
      id: request!.headers['webhook-id'],
      eventId: event.id,
      eventType: 'PETITION_THRESHOLD_REACHED',
      attempts: 1,
      responseStatus: 200,
      lastError: null,
      nextAttemptAt: null,
      attemptLog: [{ responseStatus: 200, error: null }],
    });
    expect(receiver.requests).toHaveLength(1);
    // No response body is stored anywhere.
    const rows = await sql<Record<string, unknown>>('select * from webhook_attempt');
    expect(JSON.stringify(rows)).not.toContain('must not keep');
  });

  test('a failed attempt (500) is retried with the same webhook-id until a 2xx', async () => {
    const { webhook, secret } = await register(INTEGRATOR_KYIV, { city: 'kyiv', url: `${receiver.url}/retry`, eventTypes: ['CONSULTATION_OUTCOME_PUBLISHED'] });
    receiver.answers.push(500, 502);
    const { feed } = await startDelivery();
    const event = domainEvent('ConsultationOutcomePublished', randomUUID());
    await feed.push(event);

    await waitFor('three attempts', () => receiver.requests.length >= 3);
    const ids = receiver.requests.map((request) => request.headers['webhook-id']);
    expect(new Set(ids)).toEqual(new Set([deliveryId(webhook.id, event.id)]));
    // Every attempt carries the same body, each verifiable.
    for (const request of receiver.requests) expect((new StandardWebhook(secret).verify(request.body, request.headers as Record<string, string>) as any).data.id).toBe(event.id);
    const delivered = await waitFor('the delivery recorded', async () => {
      const found = await ownWebhook(INTEGRATOR_KYIV, webhook.id);
      return found?.deliveries.edges[0]?.node.status === 'DELIVERED' && found;
    });
    expect(delivered.deliveries.edges[0].node).toMatchObject({ attempts: 3, responseStatus: 200, lastError: null });
    expect(delivered.deliveries.edges[0].node.attemptLog).toEqual([
      { responseStatus: 500, error: 'HTTP_STATUS' },
      { responseStatus: 502, error: 'HTTP_STATUS' },
      { responseStatus: 200, error: null },
    ]);
    // Read again: the success's transaction had committed once its delivery read DELIVERED.
    expect(await ownWebhook(INTEGRATOR_KYIV, webhook.id)).toMatchObject({ active: true, consecutiveFailures: 0 });
    expect(receiver.requests).toHaveLength(3);
  });

  test('a webhook failing again and again is switched off, and its owner reads why; reactivation resets the count', async () => {
    const { webhook } = await register(INTEGRATOR_KYIV, { city: 'kyiv', url: `${receiver.url}/down`, eventTypes: ['HERITAGE_CONDITION_CHANGED'] });
    receiver.answers.push(...Array(50).fill(503));
    // One attempt at a time, so that the count is exact (in parallel, attempts already in flight are still made).
    const { feed } = await startDelivery({ disableAfterFailures: 4, disableAfterFailingMs: 0, concurrency: 1 });
    await feed.push(domainEvent('HeritageConditionChanged', randomUUID(), 'kyiv', { condition: 'POOR' }));
    await feed.push(domainEvent('HeritageConditionChanged', randomUUID(), 'kyiv', { condition: 'EMERGENCY' }));

    const off = await waitFor('the switch-off', async () => {
      const found = await ownWebhook(INTEGRATOR_KYIV, webhook.id);
      return found?.active === false && found;
    });
    expect(off.disabledReason).toMatch(/^Switched off after 4 failed delivery attempts in a row since .+; the last one: the endpoint answered HTTP 503\.$/);
    expect(off.disabledAt).toBeTruthy();
    expect(off.consecutiveFailures).toBe(4);
    // What was still pending is cancelled, not sent later.
    const statuses = off.deliveries.edges.map((edge: any) => edge.node.status);
    expect(statuses).toEqual(['CANCELLED', 'CANCELLED']);
    const attemptsMade = receiver.requests.length;
    expect(attemptsMade).toBe(4);
    // Nothing more is queued for it while it is off.
    await feed.push(domainEvent('HeritageConditionChanged', randomUUID()));
    expect((await sql<{ n: number | string }>('select count(*) as n from webhook_delivery where webhook_id = ?', [webhook.id]))[0]!.n).toEqual(dialect === 'sqlite' ? 2 : '2');

    // Read in Ukrainian too.
    const uk = await postAsGateway(url, 'events', { query: WEBHOOKS, variables: { city: 'kyiv' } }, { viewer: INTEGRATOR_KYIV, headers: { 'accept-language': 'uk' } });
    const inUkrainian = ((await uk.json()) as GraphQLResponse).data!.webhooks.find((w: any) => w.id === webhook.id);
    expect(inUkrainian.disabledReason).toMatch(/^Вимкнено після 4 невдалих спроб доставки поспіль/);

    const on = (await ok(REACTIVATE, { id: webhook.id }, INTEGRATOR_KYIV)).reactivateWebhook.webhook;
    expect(on).toMatchObject({ active: true, disabledReason: null, consecutiveFailures: 0 });
    receiver.answers.length = 0;
    const after = domainEvent('HeritageConditionChanged', randomUUID());
    await feed.push(after);
    await waitFor('the delivery after reactivation', () => receiver.requests.some((request) => request.headers['webhook-id'] === deliveryId(webhook.id, after.id)));
  });

  test('a delivery that fails every attempt is FAILED and its webhook switched off, saying so', async () => {
    const { webhook } = await register(INTEGRATOR_KYIV, { city: 'kyiv', url: 'http://127.0.0.1:1/nobody-listens', eventTypes: ['ORGANIZATION_REGISTERED'] });
    const { feed } = await startDelivery({ retryDelaysMs: [20, 20], disableAfterFailures: 1_000 });
    await feed.push(domainEvent('OrganizationRegistered', randomUUID()));
    const off = await waitFor('the switch-off', async () => {
      const found = await ownWebhook(INTEGRATOR_KYIV, webhook.id);
      return found?.active === false && found;
    });
    expect(off.disabledReason).toBe('Switched off: a delivery failed all of its 3 attempts; the last one: the connection failed.');
    expect(off.deliveries.edges[0].node).toMatchObject({ status: 'FAILED', attempts: 3, responseStatus: null, lastError: 'CONNECTION', nextAttemptAt: null });
  });

  test('from the durable events: a write\u02bcs outbox event reaches the webhook, and a restart loses nothing and sends nothing twice', async () => {
    const registryDatabase = scratchDatabase(dialect, 'registry');
    scratch.push(registryDatabase);
    const registry = await startOutboxServer('registry', registryDatabase);
    // A new registry database numbers its events from 1: forget the positions earlier tests' made-up events left.
    await sql('delete from event_feed_position where source = ?', ['registry']);
    const { webhook, secret } = await register(INTEGRATOR_KYIV, { city: 'kyiv', url: `${receiver.url}/outbox`, eventTypes: ['ORGANIZATION_REGISTERED'] });
    // The events subgraph's own consumer, over lib/event-feed.ts and the registry's signed internal stream.
    const start = () =>
      startWebhookDelivery({
        orm: server.orm,
        config: FAST,
        logger: quiet,
        openFeed: ({ from, onEvent }) =>
          openEventFeed({ subgraphUrls: { registry: registry.url }, gatewaySecret: TEST_GATEWAY_SECRET, logger: quiet, from: { position: from.position as FeedPosition }, onEvent }),
      });
    const organizations = [randomUUID(), randomUUID(), randomUUID()];
    const received = () => receiver.requests.map((request) => (new StandardWebhook(secret).verify(request.body, request.headers as Record<string, string>) as any).data.entity.id);
    try {
      let delivery = await start();
      await registry.record({ type: 'OrganizationRegistered', city: 'kyiv', entityId: organizations[0]! });
      await waitFor('the first event delivered', () => received().length === 1);
      await delivery.close();
      // While the events subgraph is down, two more writes commit.
      await registry.record({ type: 'OrganizationRegistered', city: 'kyiv', entityId: organizations[1]! }, { type: 'OrganizationRegistered', city: 'vinnytsia', entityId: randomUUID() });
      await registry.record({ type: 'OrganizationRegistered', city: 'kyiv', entityId: organizations[2]! });
      delivery = await start();
      running.push(delivery);
      await waitFor('the missed events delivered', () => received().length === 3);
      // Attempts run in parallel: the order of arrival is not the order of the events.
      expect(received().sort()).toEqual([...organizations].sort());
      const ids = receiver.requests.map((request) => request.headers['webhook-id']);
      expect(new Set(ids).size).toBe(3);
      const rows = await sql<{ id: string }>('select id from webhook_delivery where webhook_id = ?', [webhook.id]);
      expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
    } finally {
      await registry.close();
    }
  });

  test('an event read again (a replay, a restart) queues no second delivery and is sent under one webhook-id', async () => {
    const { webhook } = await register(INTEGRATOR_KYIV, { city: 'kyiv', url: `${receiver.url}/replay`, eventTypes: ['PROGRAMME_PROGRESS_RECORDED'] });
    const first = await startDelivery();
    const event = domainEvent('ProgrammeProgressRecorded', randomUUID(), 'kyiv', { measureCount: 3 });
    await first.feed.push(event);
    await first.feed.push(event);
    await waitFor('the delivery', () => receiver.requests.length === 1);
    await first.delivery.close();
    running.splice(running.indexOf(first.delivery), 1);

    // A restart resumes after the stored position; a feed that replays the event anyway changes nothing.
    const second = await startDelivery();
    expect(second.feed.starts[0]![event.source]).toBeGreaterThanOrEqual(event.seq);
    await second.feed.push(event);
    await second.feed.push({ ...event, seq: event.seq + 1_000 }); // the same event under a later position (another relay's copy)
    const rows = await sql<{ id: string; status: string }>('select id, status from webhook_delivery where webhook_id = ?', [webhook.id]);
    expect(rows).toEqual([{ id: deliveryId(webhook.id, event.id), status: 'DELIVERED' }]);
    // The position never moves back.
    await second.feed.push({ ...domainEvent('PetitionClosed', randomUUID()), source: event.source, seq: 1 });
    const [position] = await sql<{ seq: number | string }>('select seq from event_feed_position where source = ?', [event.source]);
    expect(Number(position!.seq)).toBe(event.seq + 1_000);
    // One row, delivered: nothing is left that could be sent again.
    expect(receiver.requests.map((request) => request.headers['webhook-id'])).toEqual([deliveryId(webhook.id, event.id)]);
  });
});
