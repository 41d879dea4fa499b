import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions, ServiceMap } from '@apollo/gateway';
import { parse } from 'graphql';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { DomainEvent, EventType } from '../lib/events.js';
import { createLogger } from '../lib/log.js';
import { verifyGatewayRequest, gatewaySecret } from '../lib/gateway-token.js';
import type { GatewayContext } from '../gateway/src/context.js';
import { ensureDevSigningKey, signDevToken } from '../gateway/src/auth/dev-key.js';
import { createTokenVerifier } from '../gateway/src/auth/verifier.js';
import { decodeCursor, encodeCursor } from '../gateway/src/live/cursor.js';
import { streamClosed } from '../gateway/src/live/errors.js';
import { atInstant } from '../gateway/src/live/expiry.js';
import { LiveGroup, type GroupResult } from '../gateway/src/live/group.js';
import { LiveHub, type RetainedEvent } from '../gateway/src/live/hub.js';
import { PlanExecutor, type PreparedOperation } from '../gateway/src/live/plan-executor.js';
import { ClientBudget, Subscriber, type LiveMessage } from '../gateway/src/live/subscriber.js';
import { topicOf, topicsOfEvent } from '../gateway/src/live/topics.js';
import { wantsEventStream } from '../gateway/src/live/sse.js';
import { SubgraphDataSource } from '../gateway/src/plugins/subgraph-data-source.js';

const silent = createLogger({ name: 'test', level: 'silent' });

let seq = 0;
function event(type: EventType, entityId: string, overrides: Partial<DomainEvent> = {}): DomainEvent {
  const source = type.startsWith('Consultation') ? 'consultations' : 'petitions';
  seq++;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    source,
    seq,
    type,
    city: 'kyiv',
    entity: { type: type.startsWith('Consultation') ? 'Consultation' : 'Petition', id: entityId },
    occurredAt: new Date().toISOString(),
    data: {},
    ...overrides,
  } as DomainEvent;
}

/** Resolves once `condition` holds, polling; fails after `ms`. */
async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('stream cursors', () => {
  it('read back what they wrote, and nothing that is not one of ours', () => {
    const position = { petitions: 41, consultations: 7 };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor('not a cursor!')).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"nowhere":3}').toString('base64url'))).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"petitions":-1}').toString('base64url'))).toBeUndefined();
    expect(decodeCursor(Buffer.from('[1]').toString('base64url'))).toBeUndefined();
  });
});

describe('topics', () => {
  it('name the entity a state subscription follows and the city a feed follows', () => {
    expect(topicOf('petitionChanged', { id: 'p1' })).toEqual({ key: 'entity:Petition:p1', coalesce: true });
    expect(topicOf('consultationChanged', { id: 'c1' })).toEqual({ key: 'entity:Consultation:c1', coalesce: true });
    expect(topicOf('participationEvents', { city: 'kyiv' })).toEqual({ key: 'feed:kyiv', coalesce: false });
    expect(topicOf('toString', {})).toBeUndefined();
  });

  it('reach the feed only with the event types the feed shows', () => {
    expect(topicsOfEvent(event('PetitionSignatureCountChanged', 'p1'))).toEqual(['entity:Petition:p1']);
    expect(topicsOfEvent(event('PetitionThresholdReached', 'p1'))).toEqual(['entity:Petition:p1', 'feed:kyiv']);
  });
});

describe('the event hub', () => {
  it('keeps the position per source, hands each event to its topics once, after the event listeners', async () => {
    const hub = new LiveHub({ retainSeconds: 600, retainEvents: 100, logger: silent });
    const order: string[] = [];
    let release: (() => void) | undefined;
    let gated = true;
    hub.onEvent(() => {
      if (!gated) return undefined;
      return new Promise<void>((resolve) => (release = () => (order.push('cache'), resolve())));
    });
    hub.subscribe('entity:Petition:p1', (retained) => order.push(`p1:${retained.event.seq}`));
    hub.subscribe('entity:Petition:p2', (retained) => order.push(`p2:${retained.event.seq}`));
    const first = event('PetitionSignatureCountChanged', 'p1');
    const receiving = hub.receive(first);
    await until(() => release !== undefined);
    expect(order).toEqual([]);
    release!();
    await receiving;
    expect(order).toEqual(['cache', `p1:${first.seq}`]);
    await hub.receive(first); // the same event again (a feed that reconnected): not fanned out twice
    expect(order).toEqual(['cache', `p1:${first.seq}`]);
    const other = event('ConsultationOpened', 'c1');
    gated = false;
    await hub.receive(other);
    expect(hub.position()).toEqual({ petitions: first.seq, consultations: other.seq });
  });

  it('replays what a topic missed after a cursor, within its bounds of count and age', async () => {
    const hub = new LiveHub({ retainSeconds: 600, retainEvents: 3, logger: silent });
    const events = ['p1', 'p2', 'p1', 'p1', 'p1'].map((id) => event('PetitionSignatureCountChanged', id));
    const cursors: string[] = [];
    hub.subscribe('entity:Petition:p1', (retained) => cursors.push(retained.cursor));
    for (const e of events) await hub.receive(e);
    expect(hub.retainedCount).toBe(3);
    // After the first p1 event: the p1 events still retained (the oldest fell out of the window of 3).
    const after = decodeCursor(cursors[0])!;
    expect(hub.replay('entity:Petition:p1', after).map((r) => r.event.seq)).toEqual([events[2]!.seq, events[3]!.seq, events[4]!.seq]);
    expect(hub.replay('entity:Petition:p1', decodeCursor(cursors.at(-1))!)).toEqual([]);
    expect(hub.replay('entity:Petition:p2', after)).toEqual([]);

    const aged = new LiveHub({ retainSeconds: 60, retainEvents: 10, logger: silent });
    await aged.receive(event('PetitionSignatureCountChanged', 'p1', { occurredAt: new Date(Date.now() - 120_000).toISOString() }));
    const fresh = event('PetitionSignatureCountChanged', 'p1');
    await aged.receive(fresh);
    expect(aged.replay('entity:Petition:p1', {}).map((r) => r.event.seq)).toEqual([fresh.seq]);
  });
});

function message(n: number, coalescable: boolean): LiveMessage {
  return { payload: { data: { n } }, cursor: String(n), coalescable };
}

describe('a subscriber stream', () => {
  it('replaces an unsent state update by the newer one, and disconnects a client over its budget otherwise', async () => {
    const budget = new ClientBudget(2);
    let overflowed = 0;
    budget.onOverflow = () => overflowed++;
    const released: string[] = [];
    const state = new Subscriber(budget, (reason) => released.push(reason));
    for (let n = 1; n <= 50; n++) state.push(message(n, true));
    expect(budget.queued).toBe(1);
    expect((await state.next()).value).toMatchObject({ cursor: '50' });
    expect(budget.queued).toBe(0);

    const feed = new Subscriber(budget, (reason) => released.push(reason));
    feed.push(message(1, false));
    feed.push(message(2, false));
    expect(overflowed).toBe(0);
    feed.push(message(3, false));
    expect(overflowed).toBe(1);
    feed.end('slow');
    expect(await feed.next()).toEqual({ value: undefined, done: true });
    expect(budget.queued).toBe(0);
    expect(released).toEqual(['slow']);
  });

  it('delivers what is queued before it completes, and frees its place at once when the client leaves while it waits', async () => {
    const released: string[] = [];
    const subscriber = new Subscriber(new ClientBudget(10), (reason) => released.push(reason));
    subscriber.push(message(1, false));
    subscriber.end('complete');
    expect(released).toEqual([]);
    expect((await subscriber.next()).value).toMatchObject({ cursor: '1' });
    expect((await subscriber.next()).done).toBe(true);
    expect(released).toEqual(['complete']);

    const waiting = new Subscriber(new ClientBudget(10), (reason) => released.push(reason));
    const pending = waiting.next();
    await waiting.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(released).toEqual(['complete', 'client']);
  });

  it('sends nothing more once its token expired, and says so', async () => {
    const released: string[] = [];
    const budget = new ClientBudget(10);
    const subscriber = new Subscriber(budget, (reason) => released.push(reason));
    subscriber.push(message(1, false));
    subscriber.end('expired');
    expect(await subscriber.next()).toEqual({ value: undefined, done: true });
    expect(budget.queued).toBe(0);
    expect(released).toEqual(['expired']);
    expect(streamClosed('expired', 10).extensions).toMatchObject({ code: 'STREAM_CLOSED', reason: 'TOKEN_EXPIRED' });
  });

  it('holds what its group sends until the missed events are in front', async () => {
    const subscriber = new Subscriber(new ClientBudget(10), () => undefined);
    subscriber.hold();
    subscriber.push(message(3, false));
    subscriber.release([message(1, false), message(2, false)]);
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push((await subscriber.next()).value!.cursor);
    expect(seen).toEqual(['1', '2', '3']);
  });
});

describe('a subscription group', () => {
  function groupOf(coalesce: boolean, run: (retained: RetainedEvent) => Promise<GroupResult>) {
    const hub = new LiveHub({ retainSeconds: 600, retainEvents: 1000, logger: silent });
    const group = new LiveGroup('k', { key: 'entity:Petition:p1', coalesce }, { hub, run, coalesceMs: 40, concurrency: 3, maxBacklog: 100, onEmpty: () => undefined, logger: silent });
    const subscriber = new Subscriber(new ClientBudget(1000), () => undefined);
    group.add(subscriber);
    return { hub, group, subscriber };
  }

  it('executes a state subscription at most once per interval, and once more for the last event', async () => {
    const executed: number[] = [];
    const { hub, subscriber } = groupOf(true, async (retained) => {
      executed.push(retained.event.seq);
      return { message: { payload: { data: { seq: retained.event.seq } }, cursor: retained.cursor, coalescable: true } };
    });
    const events = Array.from({ length: 200 }, () => event('PetitionSignatureCountChanged', 'p1'));
    for (const e of events) await hub.receive(e);
    await until(() => executed.at(-1) === events.at(-1)!.seq);
    // The first at once, the rest coalesced into one (everything arrived within one interval).
    expect(executed.length).toBeLessThanOrEqual(3);
    const delivered: unknown[] = [];
    while (true) {
      const next = await Promise.race([subscriber.next(), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100))]);
      if (!next || next.done) break;
      delivered.push(next.value.payload.data);
    }
    expect(delivered.at(-1)).toEqual({ seq: events.at(-1)!.seq });
  });

  it('executes a feed subscription for every event, a few at once, delivering in the feed order', async () => {
    let active = 0;
    let most = 0;
    const { hub, subscriber } = groupOf(false, async (retained) => {
      most = Math.max(most, ++active);
      // Later events answer sooner: the order must still hold.
      await new Promise((resolve) => setTimeout(resolve, 30 - (retained.event.seq % 10) * 3));
      active--;
      return { message: { payload: { data: { seq: retained.event.seq } }, cursor: retained.cursor, coalescable: false } };
    });
    const events = Array.from({ length: 12 }, () => event('PetitionThresholdReached', 'p1'));
    for (const e of events) await hub.receive(e);
    const seen: number[] = [];
    for (let i = 0; i < events.length; i++) seen.push((await subscriber.next()).value!.payload.data!.seq as number);
    expect(seen).toEqual(events.map((e) => e.seq));
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
  });
});

describe('the plan executor', () => {
  const petitions = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { petition(id: ID!): Petition }
    type Subscription { petitionChanged(id: ID!): Petition }
    type Petition @key(fields: "id") { id: ID! signatureCount: Int! initiatorOrganization: Organization }
    type Organization @key(fields: "id", resolvable: false) { id: ID! }`;
  const registry = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { organization(id: ID!): Organization }
    type Organization @key(fields: "id") { id: ID! name: String! }`;
  const composed = composeServices([
    { name: 'petitions', url: 'http://petitions', typeDefs: parse(petitions) },
    { name: 'registry', url: 'http://registry', typeDefs: parse(registry) },
  ]);
  if (composed.errors) throw composed.errors[0];

  /** A subgraph answering from a function, recording what it was sent and with which context. */
  function fake(answer: (query: string, variables: Record<string, any>) => Record<string, unknown>) {
    const seen: { query: string; variables: Record<string, any>; context: GatewayContext }[] = [];
    const source: GraphQLDataSource<GatewayContext> = {
      async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
        const { query, variables } = options.request;
        seen.push({ query: query!, variables: variables ?? {}, context: options.context as GatewayContext });
        return answer(query!, variables ?? {});
      },
    };
    return { source, seen };
  }

  function executorWith(services: ServiceMap) {
    const executor = new PlanExecutor({ services, logger: silent, hideSchemaDetails: true, maxTokens: 3000 });
    executor.update(composed.supergraphSdl!);
    return executor;
  }

  const DOCUMENT = 'subscription Live($id: ID!) { petitionChanged(id: $id) { id signatureCount initiatorOrganization { id name } } }';

  it('runs the primary fetch as a subscription with the event in the context, then the rest of the plan', async () => {
    const petitionsSource = fake(() => ({ data: { petitionChanged: { id: 'p1', signatureCount: 42, initiatorOrganization: { __typename: 'Organization', id: 'o1' } } } }));
    const registrySource = fake((_query, variables) => ({ data: { _entities: variables.representations.map(() => ({ name: 'Зелений Київ' })) } }));
    const executor = executorWith({ petitions: petitionsSource.source, registry: registrySource.source });
    const prepared = executor.prepare(DOCUMENT, 'Live') as PreparedOperation;
    expect(prepared.kind).toBe('subscription');
    expect(executor.rootArguments(prepared, { id: 'p1' })).toEqual({ id: 'p1' });
    const liveEvent = event('PetitionSignatureCountChanged', 'p1');
    const output = await executor.execute(prepared, { variables: { id: 'p1' }, context: { viewer: null, locale: 'uk', requestId: 'r1', liveEvent } });
    expect(output.errors).toBeUndefined();
    expect(output.data).toEqual({ petitionChanged: { id: 'p1', signatureCount: 42, initiatorOrganization: { id: 'o1', name: 'Зелений Київ' } } });
    expect(petitionsSource.seen[0]!.query).toMatch(/^subscription\b/);
    expect(petitionsSource.seen[0]!.context.liveEvent).toBe(liveEvent);
    expect(registrySource.seen[0]!.query).toMatch(/^query\b.*_entities/);
  });

  it('keeps a subgraph error code, and refuses a document with two subscription fields in validation', async () => {
    const executor = executorWith({
      petitions: fake(() => ({ data: { petitionChanged: null }, errors: [{ message: 'Петицію не знайдено', path: ['petitionChanged'], extensions: { code: 'NOT_FOUND' } }] })).source,
      registry: fake(() => ({ data: {} })).source,
    });
    const prepared = executor.prepare(DOCUMENT, undefined) as PreparedOperation;
    const output = await executor.execute(prepared, { variables: { id: 'nope' }, context: { viewer: null, locale: 'uk', requestId: 'r2' } });
    expect(output.data).toEqual({ petitionChanged: null });
    expect(output.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', serviceName: 'petitions' });

    const two = executor.prepare('subscription { a: petitionChanged(id: "1") { id } b: petitionChanged(id: "2") { id } }', undefined);
    expect('errors' in two && two.errors.map((e) => e.extensions.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const misspelt = executor.prepare('subscription { petitionChange(id: "1") { id } }', undefined);
    expect('errors' in misspelt && misspelt.errors[0]!.message).not.toMatch(/Did you mean/);
    const badVariables = executor.coerceVariables(prepared, { id: { nested: true } });
    expect('errors' in badVariables && badVariables.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('plans again after the supergraph changes', async () => {
    const executor = executorWith({ petitions: fake(() => ({ data: { petitionChanged: { id: 'p1', signatureCount: 1 } } })).source, registry: fake(() => ({ data: {} })).source });
    const prepared = executor.prepare('subscription { petitionChanged(id: "p1") { id signatureCount } }', undefined) as PreparedOperation;
    executor.update(`${composed.supergraphSdl!}\n`);
    const output = await executor.execute(prepared, { variables: {}, context: { viewer: null, locale: 'uk', requestId: 'r3' } });
    expect(output.data).toEqual({ petitionChanged: { id: 'p1', signatureCount: 1 } });
    // (Compared by identity: printing a prepared operation would print its whole schema.)
    const again = executor.prepare('subscription { petitionChanged(id: "p1") { id signatureCount } }', undefined) as PreparedOperation;
    expect(again === prepared).toBe(false);
    expect(again.generation === prepared.generation).toBe(false);
  });
});

describe('the subgraph request of an event', () => {
  it('carries the event in its signed body on the primary fetch only', async () => {
    const bodies: { body: string; token: string }[] = [];
    const server = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        bodies.push({ body, token: String(request.headers['x-gateway-token']) });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const secret = 'a-test-secret-of-at-least-thirty-two-chars';
    const source = new SubgraphDataSource({ name: 'petitions', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, timeoutMs: 5000, secret });
    const liveEvent = event('PetitionAnswered', 'p1');
    const context: GatewayContext = { viewer: null, locale: 'uk', requestId: 'r', liveEvent };
    const process = (query: string) => source.process({ kind: 'HEALTH_CHECK', request: { query, variables: {} }, context } as never);
    try {
      await process('subscription Live__petitions__0{petitionChanged(id:"p1"){id}}');
      await process('query Live__petitions__1{_entities(representations:[]){__typename}}');
    } finally {
      await source.close();
      server.close();
    }
    const [primary, rest] = bodies.map(({ body, token }) => ({ json: JSON.parse(body), token, body }));
    expect(primary!.json.extensions).toEqual({ event: liveEvent });
    expect(rest!.json.extensions).toBeUndefined();
    // Signed over the body with the event in it: a subgraph can trust the event.
    expect(verifyGatewayRequest(gatewaySecret(secret), 'petitions', primary!.token, primary!.body)).toBeNull();
  });
});

describe('the SSE transport', () => {
  it('answers requests that accept an event stream', () => {
    expect(wantsEventStream('text/event-stream')).toBe(true);
    expect(wantsEventStream('application/json, text/event-stream;q=0.9')).toBe(true);
    expect(wantsEventStream('application/graphql-response+json, application/json')).toBe(false);
    expect(wantsEventStream(undefined)).toBe(false);
  });
});

describe('a token\u02bcs expiry', () => {
  it('is when the gateway stops accepting the token: its exp plus the clock tolerance', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'live-expiry-'));
    const verify = await createTokenVerifier({ dataDir, clockToleranceSeconds: 30, maxLifetimeSeconds: 86_400, rolesClaim: 'roles' });
    const token = await signDevToken(await ensureDevSigningKey(dataDir), { sub: 'resident-1', grants: [], expiresIn: '2s' });
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
    expect(await verify(`Bearer ${token}`)).toMatchObject({ id: 'resident-1', expiresAt: (exp + 30) * 1000 });
  });

  it('comes however far off it is (beyond the longest a Node timer waits), and not before', () => {
    vi.useFakeTimers();
    try {
      let expired = 0;
      const day = 86_400_000;
      atInstant(Date.now() + 30 * day, () => expired++);
      vi.advanceTimersByTime(29 * day);
      expect(expired).toBe(0);
      vi.advanceTimersByTime(day);
      expect(expired).toBe(1);

      // Already past: on the next turn; cancelled: never.
      atInstant(Date.now() - 1, () => expired++);
      const cancel = atInstant(Date.now() + 1000, () => expired++);
      cancel();
      vi.advanceTimersByTime(2000);
      expect(expired).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
