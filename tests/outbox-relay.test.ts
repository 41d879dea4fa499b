/**
 * The outbox relay to NATS JetStream, and lib/event-feed.ts reading it: each event lands
 * in its city's stream once, in seq order, though the relay's process is killed halfway
 * or NATS goes away for a while; a feed over NATS receives every source's events in seq
 * order across city streams, once, and resumes from a position or a start time.
 *
 * Needs NATS with JetStream (TEST_NATS_URL, 127.0.0.1:4222): skipped when unreachable,
 * failed when `CI` is set. Each test uses a namespace of its own (`NATS_STREAM_PREFIX`),
 * whose streams are deleted afterwards, so that runs and other tests sharing the server do
 * not meet; two deployments in two namespaces of one server do not see each other's events.
 */
import 'reflect-metadata';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import { openEventFeed, type EventFeed, type FeedPosition } from '../lib/event-feed.js';
import { cityStreamName, eventSubject, type DomainEvent, type NewEvent } from '../lib/events.js';
import { cityOfStream, cityStreamConfig, ensureCityStream, PREVIOUS_SEQ_HEADER } from '../lib/jetstream.js';
import { createLogger } from '../lib/log.js';
import type { SubgraphName } from '../lib/subgraphs.js';
import { parseGatewayConfig } from '../gateway/src/config.js';
import { fromRoot } from '../scripts/paths.js';
import { parseSubgraphConfig } from '../subgraphs/shared/config.js';
import { commitHorizon } from '../subgraphs/shared/outbox/commit-horizon.js';
import { CommitNotifier } from '../subgraphs/shared/outbox/commit-notifier.js';
import { startRelay } from '../subgraphs/shared/outbox/nats-relay.js';
import { OutboxEvent } from '../subgraphs/shared/outbox/outbox-event.entity.js';
import { scratchDatabase, testDialects, type ScratchDatabase } from './support/databases.js';
import { until } from './support/event-stream-client.js';
import { TEST_GATEWAY_SECRET } from './support/gateway-signing.js';
import { deleteNamespace, natsAvailable, TEST_NATS_URL, testStreamPrefix } from './support/nats.js';
import { startOutboxServer, TEST_EVENT, type OutboxServer } from './support/outbox-server.js';

const dialects = await testDialects();
const nats = await natsAvailable();
const logger = createLogger({ name: 'outbox-relay-test', level: 'silent' });
const entity = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const testCity = (label: string) => `${label}${randomBytes(4).toString('hex')}`;

const namespaces: string[] = [];
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  if (nats) for (const prefix of namespaces) await deleteNamespace(prefix);
});

/** A namespace of the test's own (`NATS_STREAM_PREFIX`), its streams deleted after the file. */
function namespace(label: string): string {
  const prefix = testStreamPrefix(label);
  namespaces.push(prefix);
  return prefix;
}

/** A subgraph on a fresh database, stopped after the file. */
async function subgraph(dialect: (typeof dialects)[number], name: 'registry' | 'heritage', options: { natsUrl?: string; natsStreamPrefix?: string } = {}): Promise<OutboxServer> {
  const database: ScratchDatabase = scratchDatabase(dialect, name);
  const server = await startOutboxServer(name, database, options);
  cleanup.push(database.drop, server.close);
  return server;
}

function events(city: string, from: number, count: number): NewEvent[] {
  return Array.from({ length: count }, (_, i) => ({ ...TEST_EVENT, city, entityId: entity(from + i), data: { n: from + i } }));
}

async function published(server: OutboxServer): Promise<number> {
  return (server.orm.em.fork() as SqlEntityManager).count(OutboxEvent, { publishedAt: { $ne: null } });
}

/** Every message of a stream, in stream order: the event and its predecessor link. */
async function streamContents(stream: string): Promise<{ event: DomainEvent; previous: number | null }[]> {
  const connection = await connect({ servers: TEST_NATS_URL });
  try {
    const info = await (await jetstreamManager(connection)).streams.info(stream);
    const consumer = await jetstream(connection).consumers.get(stream, { deliver_policy: DeliverPolicy.All });
    const contents: { event: DomainEvent; previous: number | null }[] = [];
    if (info.state.messages === 0) return contents;
    const messages = await consumer.consume();
    for await (const message of messages) {
      const previous = message.headers?.get(PREVIOUS_SEQ_HEADER);
      contents.push({ event: message.json<DomainEvent>(), previous: previous ? Number(previous) : null });
      if (message.info.pending === 0) break;
    }
    return contents;
  } finally {
    await connection.close();
  }
}

/** A TCP relay in front of NATS that a test can switch off (dropping every connection) and on again, on the same port. */
async function switchableProxy(): Promise<{ url: string; down(): Promise<void>; up(): Promise<void>; close(): Promise<void> }> {
  const target = new URL(TEST_NATS_URL.replace(/^nats:/, 'http:'));
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = async (port: number) => {
    server = createServer((client) => {
      const upstream = tcpConnect(Number(target.port || 4222), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as { port: number }).port;
  };
  const port = await listen(0);
  const down = async () => {
    const closing = server ? new Promise((resolve) => server!.close(resolve)) : Promise.resolve();
    for (const socket of sockets) socket.destroy();
    await closing;
    server = undefined;
  };
  return { url: `nats://127.0.0.1:${port}`, down, up: async () => void (await listen(port)), close: down };
}

describe('a deployment\u02bcs namespace on NATS', () => {
  const env = { GATEWAY_SECRET: TEST_GATEWAY_SECRET, DATA_DIR: fromRoot('data', 'unused') };

  test('names the subjects and streams, is read at the edge (participation by default), and is refused when it cannot be one', () => {
    expect(eventSubject('staging', 'kyiv', 'PetitionAnswered')).toBe('staging.kyiv.PetitionAnswered');
    expect(cityStreamName('staging', 'ivano-frankivsk')).toBe('STAGING_IVANO_FRANKIVSK');
    expect(parseGatewayConfig(env).live.natsStreamPrefix).toBe('participation');
    expect(parseSubgraphConfig('registry', env).natsStreamPrefix).toBe('participation');
    expect(parseGatewayConfig({ ...env, NATS_STREAM_PREFIX: 'staging-2' }).live.natsStreamPrefix).toBe('staging-2');
    expect(parseSubgraphConfig('events', { ...env, NATS_STREAM_PREFIX: '' }).natsStreamPrefix).toBe('participation');
    for (const bad of ['a.b', 'a*', 'a>', 'a b', 'x'.repeat(33)]) {
      expect(() => parseGatewayConfig({ ...env, NATS_STREAM_PREFIX: bad }), bad).toThrow(/NATS_STREAM_PREFIX/);
      expect(() => parseSubgraphConfig('petitions', { ...env, NATS_STREAM_PREFIX: bad }), bad).toThrow(/NATS_STREAM_PREFIX/);
    }
  });

  test('a feed knows its namespace\u02bcs streams by their subjects, not by a name another namespace may share', () => {
    expect(cityOfStream('staging', { config: cityStreamConfig('staging', 'kyiv') as never })).toBe('kyiv');
    // `Staging` and `staging`, or `a_b` + `c` and `a` + `b_c`, share a stream name.
    expect(cityOfStream('staging', { config: cityStreamConfig('Staging', 'kyiv') as never })).toBeUndefined();
    expect(cityOfStream('a', { config: cityStreamConfig('a_b', 'c') as never })).toBeUndefined();
    expect(cityOfStream('a', { config: { name: 'OTHER', subjects: ['a.kyiv.>'] } as never })).toBeUndefined();
  });
});

describe.skipIf(!nats)('the outbox relay to NATS', () => {
  describe.each(dialects)('on %s', (dialect) => {
    test('publishes every event once and in seq order, though its process is killed halfway', { timeout: 120_000 }, async () => {
      const city = testCity('relay');
      const prefix = namespace('relay');
      const server = await subgraph(dialect, 'registry'); // no NATS of its own: the relays run apart
      const total = 3000;
      for (let n = 0; n < total; n += 500) await server.record(...events(city, n, 500));

      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/relay-process.ts', 'registry', JSON.stringify(server.database), TEST_NATS_URL, prefix], {
        cwd: fromRoot(),
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const exited = once(child, 'exit');
      await until(async () => (await published(server)) >= 200, 'the first relay to publish a batch', 60_000);
      child.kill('SIGKILL');
      await exited;
      const before = await published(server);
      expect(before, 'the relay was killed before it had published everything').toBeLessThan(total);
      // Published but not recorded, as if it died between NATS's ack and its update: published again, dropped by NATS.
      const em = server.orm.em.fork() as SqlEntityManager;
      const recorded = await em.find(OutboxEvent, { publishedAt: { $ne: null } }, { orderBy: { seq: 'desc' }, limit: 100, fields: ['seq'] });
      await em.nativeUpdate(OutboxEvent, { seq: { $in: recorded.map((row) => row.seq) } }, { publishedAt: null });

      const relay = startRelay({
        name: 'registry',
        orm: server.orm,
        dialect,
        natsUrl: TEST_NATS_URL,
        natsStreamPrefix: prefix,
        horizon: commitHorizon(server.orm, dialect),
        notifier: CommitNotifier.attach(server.orm),
        logger,
      });
      try {
        await until(async () => (await published(server)) === total, 'the second relay to publish the rest', 60_000);
      } finally {
        await relay.close();
      }
      const rows = await (server.orm.em.fork() as SqlEntityManager).find(OutboxEvent, {}, { orderBy: { seq: 'asc' } });
      const contents = await streamContents(cityStreamName(prefix, city));
      expect(contents.map((m) => m.event.seq)).toEqual(rows.map((row) => row.seq));
      expect(contents.map((m) => m.event.id)).toEqual(rows.map((row) => row.id));
      // Each message links to the one before it (what the feed orders by across streams).
      expect(contents.slice(1).every((m, i) => m.previous === contents[i]!.event.seq)).toBe(true);
      expect(contents[0]!.event).toMatchObject({ source: 'registry', type: 'OrganizationRegistered', city, entity: { type: 'Organization', id: entity(0) }, data: { n: 0 } });
    });

    test('two relays on one database publish each event once, in seq order', { timeout: 120_000 }, async () => {
      const city = testCity('pair');
      const prefix = namespace('pair');
      const server = await subgraph(dialect, 'registry');
      const total = 1000;
      for (let n = 0; n < total; n += 250) await server.record(...events(city, n, 250));
      const relays = [0, 1].map(() =>
        startRelay({
          name: 'registry',
          orm: server.orm,
          dialect,
          natsUrl: TEST_NATS_URL,
          natsStreamPrefix: prefix,
          horizon: commitHorizon(server.orm, dialect),
          notifier: CommitNotifier.attach(server.orm),
          logger,
        }),
      );
      try {
        // Recorded while both run, too.
        await server.record(...events(city, total, 20));
        await until(async () => (await published(server)) === total + 20, 'the relays to publish everything', 60_000);
      } finally {
        await Promise.all(relays.map((relay) => relay.close()));
      }
      const rows = await (server.orm.em.fork() as SqlEntityManager).find(OutboxEvent, {}, { orderBy: { seq: 'asc' }, fields: ['seq'] });
      expect((await streamContents(cityStreamName(prefix, city))).map((m) => m.event.seq)).toEqual(rows.map((row) => row.seq));
    });

    test('keeps trying while NATS is away and then publishes what was recorded meanwhile, in order, once', { timeout: 120_000 }, async () => {
      const city = testCity('away');
      const prefix = namespace('away');
      const proxy = await switchableProxy();
      cleanup.push(proxy.close);
      const server = await subgraph(dialect, 'heritage', { natsUrl: proxy.url, natsStreamPrefix: prefix });
      await server.record(...events(city, 0, 5));
      await until(async () => (await published(server)) === 5, 'the relay to publish');
      await proxy.down();
      await server.record(...events(city, 5, 5));
      await server.record(...events(city, 10, 5));
      expect(await published(server)).toBe(5);
      await proxy.up();
      await until(async () => (await published(server)) === 15, 'the relay to publish after NATS came back', 60_000);
      const contents = await streamContents(cityStreamName(prefix, city));
      expect(contents.map((m) => m.event.data.n)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    });
  });

  test('a feed over NATS gets every source\u02bcs events in seq order across city streams, once, and resumes from a position or a time', { timeout: 120_000 }, async () => {
    // The third city's stream is created only after the feeds open.
    const [a, b, late] = [testCity('feeda'), testCity('feedb'), testCity('feedc')] as const;
    const cities = [a, b, late];
    const prefix = namespace('feed');
    const registry = await subgraph('sqlite', 'registry', { natsUrl: TEST_NATS_URL, natsStreamPrefix: prefix });
    const heritage = await subgraph('sqlite', 'heritage', { natsUrl: TEST_NATS_URL, natsStreamPrefix: prefix });
    // Alternating cities: each source's events spread over two streams.
    const spread = (from: number, count: number): NewEvent[] => events(a, from, count).map((event, i) => ({ ...event, city: i % 2 ? b : a }));
    await registry.record(...spread(0, 20));
    await heritage.record(...spread(100, 10).map((event) => ({ ...event, type: 'HeritageConditionChanged' as const })));

    const open = (from: { position: FeedPosition } | { sinceMs: number }) => {
      const received: DomainEvent[] = [];
      const feed: EventFeed = openEventFeed({
        natsUrl: TEST_NATS_URL,
        natsStreamPrefix: prefix,
        subgraphUrls: {},
        gatewaySecret: TEST_GATEWAY_SECRET,
        logger,
        from,
        cities,
        onEvent: (event) => void received.push(event),
      });
      cleanup.push(() => feed.close());
      return { feed, received };
    };
    const numbers = (received: DomainEvent[], source: SubgraphName) => received.filter((e) => e.source === source).map((e) => e.data.n);
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

    const first = open({ position: {} });
    await until(() => first.received.length === 30, 'the feed to receive the 30 events', 30_000);
    expect(numbers(first.received, 'registry')).toEqual(range(0, 20));
    expect(numbers(first.received, 'heritage')).toEqual(range(100, 110));
    // Live, partly to a city whose stream did not exist when the feed opened.
    await registry.record(...events(late, 20, 2));
    await registry.record(...spread(22, 4));
    await until(() => numbers(first.received, 'registry').length === 26, 'the live events', 30_000);
    expect(numbers(first.received, 'registry')).toEqual(range(0, 26));
    const position = first.feed.position();
    await first.feed.close();

    await registry.record(...spread(26, 3));
    const resumed = open({ position });
    const recent = open({ sinceMs: 120_000 });
    await until(() => resumed.received.length === 3, 'the resumed feed to receive the new events', 30_000);
    expect(numbers(resumed.received, 'registry')).toEqual([26, 27, 28]);
    await until(() => recent.received.length === 39, 'the feed by time to receive the last two minutes', 30_000);
    expect(numbers(recent.received, 'registry')).toEqual(range(0, 29));
    expect(numbers(recent.received, 'heritage')).toEqual(range(100, 110));
  });

  test('two deployments on one server, each numbering its outbox from 1, each read in its own namespace only', { timeout: 60_000 }, async () => {
    // The same city and the same seqs in both: in one namespace, a feed would drop the second (registry, 1) as seen.
    const city = testCity('shared');
    const deployments = await Promise.all(
      [
        { prefix: namespace('staging'), first: 0 },
        { prefix: namespace('production'), first: 100 },
      ].map(async ({ prefix, first }) => {
        const server = await subgraph('sqlite', 'registry', { natsUrl: TEST_NATS_URL, natsStreamPrefix: prefix });
        await server.record(...events(city, first, 3));
        await until(async () => (await published(server)) === 3, `the ${prefix} relay to publish`);
        const received: DomainEvent[] = [];
        const feed = openEventFeed({
          natsUrl: TEST_NATS_URL,
          natsStreamPrefix: prefix,
          subgraphUrls: {},
          gatewaySecret: TEST_GATEWAY_SECRET,
          logger,
          from: { position: {} },
          onEvent: (event) => void received.push(event),
        });
        cleanup.push(() => feed.close());
        return { prefix, received };
      }),
    );
    for (const { prefix, received } of deployments) await until(() => received.length >= 3, `the ${prefix} feed to receive its events`, 30_000);
    const [staging, production] = deployments;
    expect(staging!.received.map((e) => [e.seq, e.data.n])).toEqual([[1, 0], [2, 1], [3, 2]]);
    expect(production!.received.map((e) => [e.seq, e.data.n])).toEqual([[1, 100], [2, 101], [3, 102]]);
    expect((await streamContents(cityStreamName(staging!.prefix, city))).map((m) => m.event.data.n)).toEqual([0, 1, 2]);
  });

  test('refuses to publish into a stream of another namespace that maps to the same name', async () => {
    const upper = namespace('Case');
    const lower = upper.toLowerCase();
    expect(cityStreamName(upper, 'kyiv')).toBe(cityStreamName(lower, 'kyiv'));
    const connection = await connect({ servers: TEST_NATS_URL });
    try {
      const manager = await jetstreamManager(connection);
      await ensureCityStream(manager, upper, 'kyiv');
      await ensureCityStream(manager, upper, 'kyiv'); // it exists: fine
      await expect(ensureCityStream(manager, lower, 'kyiv')).rejects.toThrow(/another NATS_STREAM_PREFIX/);
    } finally {
      await connection.close();
    }
  });
});
