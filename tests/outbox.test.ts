/**
 * The outbox of domain events (subgraphs/shared/outbox): rows committed with their write or
 * not at all; a request's answer naming the events it recorded; the request's `ctx.event`
 * from the signed body; the signed internal stream (`/internal/events`) in `seq` order,
 * live, resumable, refused unsigned, ended by the server's close; and, on PostgreSQL, no
 * row skipped when transactions commit out of `seq` order.
 *
 * Runs a subgraph server with the shared machinery and a tiny schema of its own
 * (tests/support/outbox-server.ts), on SQLite and PostgreSQL.
 */
import 'reflect-metadata';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DomainEvent } from '../lib/events.js';
import { GATEWAY_TOKEN_HEADER, gatewaySecret, signGatewayRequest } from '../lib/gateway-token.js';
import { OutboxEvent } from '../subgraphs/shared/outbox/outbox-event.entity.js';
import { recordEvent } from '../subgraphs/shared/outbox/record-event.js';
import { sweepOutbox } from '../subgraphs/shared/outbox/retention.js';
import { createLogger } from '../lib/log.js';
import { scratchDatabase, testDialects, type ScratchDatabase } from './support/databases.js';
import { readEventStream, until } from './support/event-stream-client.js';
import { postAsGateway, TEST_GATEWAY_SECRET } from './support/gateway-signing.js';
import { startOutboxServer, TEST_EVENT, type OutboxServer } from './support/outbox-server.js';

const dialects = await testDialects();
const silent = createLogger({ name: 'outbox-test', level: 'silent' });
const entity = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe.each(dialects)('the outbox on %s', (dialect) => {
  let database: ScratchDatabase;
  let subgraph: OutboxServer;

  beforeAll(async () => {
    database = scratchDatabase(dialect, 'registry');
    subgraph = await startOutboxServer('registry', database);
  });
  afterAll(async () => {
    await subgraph?.close();
    await database?.drop();
  });

  const rows = () => (subgraph.orm.em.fork() as SqlEntityManager).find(OutboxEvent, {}, { orderBy: { seq: 'asc' } });

  test('a write that rolls back after recording leaves no row, and its answer names no event', async () => {
    const before = (await rows()).length;
    const response = await postAsGateway(subgraph.url, 'registry', { query: 'mutation { record(fail: true) }' });
    const body = (await response.json()) as { errors?: { extensions: { code: string } }[]; extensions?: { events?: unknown } };
    expect(body.errors?.[0]?.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(body.extensions?.events).toBeUndefined();
    expect(await rows()).toHaveLength(before);
  });

  test('a flush that fails takes the events recorded in it along', async () => {
    await subgraph.record({ ...TEST_EVENT, entityId: entity(1) });
    const [existing] = await rows();
    const before = (await rows()).length;
    const em = subgraph.orm.em.fork() as SqlEntityManager;
    recordEvent(em, { ...TEST_EVENT, entityId: entity(2) });
    // Same event id as a committed row: the insert fails, and the whole flush with it.
    recordEvent(em, { ...TEST_EVENT, entityId: entity(2) }).id = existing!.id;
    await expect(em.flush()).rejects.toThrow();
    expect(await rows()).toHaveLength(before);
  });

  test('a committed write keeps its row, and its answer names the event by type, city and entity only', async () => {
    const before = (await rows()).length;
    const response = await postAsGateway(subgraph.url, 'registry', { query: 'mutation { record(city: "lviv") }' });
    const body = (await response.json()) as { data: unknown; extensions?: { events?: unknown } };
    expect(body.data).toEqual({ record: 1 });
    expect(body.extensions?.events).toEqual([{ type: 'OrganizationRegistered', city: 'lviv', entity: { type: 'Organization', id: TEST_EVENT.entityId } }]);
    const after = await rows();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ type: 'OrganizationRegistered', city: 'lviv', entityType: 'Organization', entityId: TEST_EVENT.entityId, publishedAt: null });
  });

  test('a read names no events', async () => {
    const body = (await (await postAsGateway(subgraph.url, 'registry', { query: '{ event }' })).json()) as { extensions?: unknown };
    expect(body.extensions).toBeUndefined();
  });

  test('the request context carries the event of the signed body, and null without one or for a malformed one', async () => {
    const event: DomainEvent = {
      id: '5d1c4f9e-3b7a-4c2e-9f1d-2a6b8c0e4d13',
      source: 'registry',
      seq: 7,
      type: 'OrganizationRegistered',
      city: 'kyiv',
      entity: { type: 'Organization', id: entity(3) },
      occurredAt: '2026-12-01T10:00:00.000Z',
      data: { members: 12 },
    };
    const echo = async (extensions?: unknown) =>
      ((await (await postAsGateway(subgraph.url, 'registry', { query: '{ event }', extensions })).json()) as { data: { event: string | null } }).data.event;
    expect(JSON.parse((await echo({ event }))!)).toEqual(event);
    expect(await echo()).toBeNull();
    expect(await echo({ event: { ...event, type: 'NoSuchEvent' } })).toBeNull();
    expect(await echo({ event: { ...event, entity: { type: 'Petition', id: entity(3) } } })).toBeNull();
  });

  test('the stream sends the rows after a seq in seq order, then each new one as it commits, and resumes after a given seq', async () => {
    const start = (await rows()).at(-1)?.seq ?? 0;
    await subgraph.record({ ...TEST_EVENT, entityId: entity(10), data: { n: 1 } }, { ...TEST_EVENT, entityId: entity(11), data: { n: 2 } });
    await subgraph.record({ ...TEST_EVENT, entityId: entity(12), data: { n: 3 } });
    const stream = await readEventStream(subgraph.url, `after=${start}`, 'registry');
    try {
      expect(stream.status).toBe(200);
      await stream.waitFor(3);
      const committed = (await rows()).filter((row) => row.seq > start);
      expect(stream.messages.map((m) => m.event.entity.id)).toEqual([entity(10), entity(11), entity(12)]);
      expect(stream.messages.map((m) => Number(m.id))).toEqual(committed.map((row) => row.seq));
      expect(stream.messages[0]!.event).toEqual({
        id: committed[0]!.id,
        source: 'registry',
        seq: committed[0]!.seq,
        type: 'OrganizationRegistered',
        city: 'kyiv',
        entity: { type: 'Organization', id: entity(10) },
        occurredAt: committed[0]!.occurredAt.toISOString(),
        data: { n: 1 },
      });
      // Live: committed after the stream opened.
      await subgraph.record({ ...TEST_EVENT, entityId: entity(13) });
      await postAsGateway(subgraph.url, 'registry', { query: 'mutation { record(city: "odesa") }' });
      await stream.waitFor(5);
      expect(stream.messages.slice(3).map((m) => m.event.city)).toEqual(['kyiv', 'odesa']);
      const seqs = stream.messages.map((m) => m.event.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(stream.comments).toContain(': connected');

      const resumed = await readEventStream(subgraph.url, `after=${seqs[2]}`, 'registry');
      try {
        await resumed.waitFor(2);
        expect(resumed.messages.map((m) => m.event.seq)).toEqual(seqs.slice(3));
      } finally {
        resumed.close();
      }
    } finally {
      stream.close();
    }
  });

  test('since=<epoch ms> starts at the first event that occurred since then', async () => {
    const now = Date.now();
    const em = subgraph.orm.em.fork() as SqlEntityManager;
    // Dated ahead of every other row of this database, so that only these are "since".
    recordEvent(em, { ...TEST_EVENT, entityId: entity(20) }, new Date(now + 86_400_000));
    recordEvent(em, { ...TEST_EVENT, entityId: entity(21) }, new Date(now + 2 * 86_400_000));
    recordEvent(em, { ...TEST_EVENT, entityId: entity(22) }, new Date(now + 3 * 86_400_000));
    await em.flush();
    const stream = await readEventStream(subgraph.url, `since=${now + 1.5 * 86_400_000}`, 'registry');
    try {
      await stream.waitFor(2);
      expect(stream.messages.map((m) => m.event.entity.id)).toEqual([entity(21), entity(22)]);
    } finally {
      stream.close();
    }
  });

  test('a stream request unsigned, signed for another subgraph, for another body, or with a bad position is refused', async () => {
    for (const [audience, body] of [
      [null, undefined],
      ['heritage', undefined],
      ['registry', '{"query":"{ event }"}'],
    ] as const) {
      const refused = await readEventStream(subgraph.url, 'after=0', audience, { body });
      expect(refused.status).toBe(401);
      expect(refused.messages).toEqual([]);
    }
    const garbled = await fetch(new URL('internal/events?after=0', subgraph.url), { headers: { [GATEWAY_TOKEN_HEADER]: 'not.a-token' } });
    expect(garbled.status).toBe(401);
    expect(((await garbled.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    const token = signGatewayRequest(gatewaySecret(TEST_GATEWAY_SECRET), 'registry', null, '');
    for (const query of ['after=-1', 'after=x', 'after=1&since=2']) {
      const bad = await fetch(new URL(`internal/events?${query}`, subgraph.url), { headers: { [GATEWAY_TOKEN_HEADER]: token } });
      expect(bad.status, query).toBe(400);
      await bad.body?.cancel();
    }
  });
});

describe.each(dialects)('the outbox\u02bcs retention on %s', (dialect) => {
  test('deletes rows published longer ago than the retention (with NATS), or that occurred longer ago (without); never an unpublished one with NATS', async () => {
    const database = scratchDatabase(dialect, 'heritage');
    const subgraph = await startOutboxServer('heritage', database);
    try {
      const now = new Date();
      const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3600_000);
      const em = subgraph.orm.em.fork() as SqlEntityManager;
      const rows = {
        oldPublishedLongAgo: recordEvent(em, { ...TEST_EVENT, entityId: entity(1) }, hoursAgo(50)),
        oldPublishedLately: recordEvent(em, { ...TEST_EVENT, entityId: entity(2) }, hoursAgo(50)),
        oldUnpublished: recordEvent(em, { ...TEST_EVENT, entityId: entity(3) }, hoursAgo(50)),
        recent: recordEvent(em, { ...TEST_EVENT, entityId: entity(4) }, hoursAgo(1)),
      };
      rows.oldPublishedLongAgo.publishedAt = hoursAgo(30);
      rows.oldPublishedLately.publishedAt = hoursAgo(2);
      await em.flush();
      const left = async () => (await (subgraph.orm.em.fork() as SqlEntityManager).find(OutboxEvent, {}, { orderBy: { seq: 'asc' } })).map((row) => row.entityId);

      expect(await sweepOutbox({ orm: subgraph.orm, retainHours: 24, relayed: true, logger: silent }, now)).toBe(1);
      expect(await left()).toEqual([entity(2), entity(3), entity(4)]);
      expect(await sweepOutbox({ orm: subgraph.orm, retainHours: 24, relayed: false, logger: silent }, now)).toBe(2);
      expect(await left()).toEqual([entity(4)]);
    } finally {
      await subgraph.close();
      await database.drop();
    }
  });
});

describe.each(dialects)('closing a subgraph on %s', (dialect) => {
  test('ends its open streams and does not wait for their readers', async () => {
    const database = scratchDatabase(dialect, 'heritage');
    const subgraph = await startOutboxServer('heritage', database);
    try {
      const streams = await Promise.all([readEventStream(subgraph.url, 'after=0', 'heritage'), readEventStream(subgraph.url, 'after=0', 'heritage')]);
      await until(() => streams.every((s) => s.comments.includes(': connected')), 'the streams to open');
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('close() waited on open streams')), 10_000)));
      await Promise.race([Promise.all([subgraph.close(), ...streams.map((s) => s.ended)]), deadline]).finally(() => clearTimeout(timer));
    } finally {
      await database.drop();
    }
  });
});

describe.runIf(dialects.includes('postgresql'))('the outbox on PostgreSQL, with transactions committing out of seq order', () => {
  let database: ScratchDatabase;
  let subgraph: OutboxServer;

  beforeAll(async () => {
    database = scratchDatabase('postgresql', 'registry');
    subgraph = await startOutboxServer('registry', database);
  });
  afterAll(async () => {
    await subgraph?.close();
    await database?.drop();
  });

  /** A write left open: its row has a seq but is not committed. */
  async function openWrite(n: number): Promise<{ em: SqlEntityManager; seq: number }> {
    const em = subgraph.orm.em.fork() as SqlEntityManager;
    await em.begin();
    const row = recordEvent(em, { ...TEST_EVENT, entityId: entity(n) });
    await em.flush();
    return { em, seq: row.seq };
  }

  test('a row committed after a later one is still streamed, and first; a rolled-back one holds nothing up', async () => {
    const slow = await openWrite(1);
    await subgraph.record({ ...TEST_EVENT, entityId: entity(2) });
    const statements = subgraph.statements.length;
    const stream = await readEventStream(subgraph.url, `after=${slow.seq - 1}`, 'registry');
    try {
      // The stream has looked twice (its first read, then its poll) and sent nothing: the later row, committed, waits for the earlier one.
      const looked = () => subgraph.statements.length - statements;
      await until(() => looked() > 0, 'the stream to look');
      const first = looked();
      await until(() => looked() > first, 'the stream to look again');
      expect(stream.messages).toEqual([]);
      await slow.em.commit();
      await stream.waitFor(2);
      expect(stream.messages.map((m) => m.event.entity.id)).toEqual([entity(1), entity(2)]);
      expect(stream.messages[0]!.event.seq).toBe(slow.seq);

      const abandoned = await openWrite(3);
      await subgraph.record({ ...TEST_EVENT, entityId: entity(4) });
      await abandoned.em.rollback();
      await stream.waitFor(3);
      expect(stream.messages.map((m) => m.event.entity.id)).toEqual([entity(1), entity(2), entity(4)]);
    } finally {
      stream.close();
      if (slow.em.isInTransaction()) await slow.em.rollback();
    }
  });
});
