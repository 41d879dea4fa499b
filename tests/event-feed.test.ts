/**
 * lib/event-feed.ts without NATS: the subgraphs' signed internal streams. One feed follows
 * two subgraphs, delivers each source's events in seq order, once; a feed opened from a
 * position gets only what came after it; a feed whose subgraph restarts reconnects and
 * resumes after the last seq it delivered.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openEventFeed, type EventFeed, type FeedPosition } from '../lib/event-feed.js';
import type { DomainEvent } from '../lib/events.js';
import { createLogger } from '../lib/log.js';
import type { SubgraphName } from '../lib/subgraphs.js';
import { scratchDatabase, type ScratchDatabase } from './support/databases.js';
import { until } from './support/event-stream-client.js';
import { TEST_GATEWAY_SECRET } from './support/gateway-signing.js';
import { startOutboxServer, TEST_EVENT, type OutboxServer } from './support/outbox-server.js';

const logger = createLogger({ name: 'event-feed-test', level: 'silent' });
const entity = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('the event feed over internal streams', () => {
  const databases: ScratchDatabase[] = [];
  const servers: Partial<Record<'registry' | 'heritage', OutboxServer>> = {};
  const feeds: EventFeed[] = [];

  beforeAll(async () => {
    for (const name of ['registry', 'heritage'] as const) {
      const database = scratchDatabase('sqlite', name);
      databases.push(database);
      servers[name] = await startOutboxServer(name, database);
    }
  });
  afterAll(async () => {
    await Promise.all(feeds.map((feed) => feed.close()));
    await Promise.all(Object.values(servers).map((server) => server.close()));
    await Promise.all(databases.map((database) => database.drop()));
  });

  const urls = (): Partial<Record<SubgraphName, string>> => ({ registry: servers.registry!.url, heritage: servers.heritage!.url });

  function open(from: { position: FeedPosition } | { sinceMs: number }, handle?: (event: DomainEvent) => Promise<void>): { feed: EventFeed; events: DomainEvent[] } {
    const events: DomainEvent[] = [];
    const feed = openEventFeed({
      subgraphUrls: urls(),
      gatewaySecret: TEST_GATEWAY_SECRET,
      logger,
      from,
      onEvent: async (event) => {
        await handle?.(event);
        events.push(event);
      },
    });
    feeds.push(feed);
    return { feed, events };
  }

  const registryEvent = (n: number) => ({ ...TEST_EVENT, entityId: entity(n), data: { n } });
  const heritageEvent = (n: number) => ({ type: 'HeritageConditionChanged' as const, city: 'kyiv', entityId: entity(n), data: { n } });
  const bySource = (events: DomainEvent[], source: SubgraphName) => events.filter((e) => e.source === source).map((e) => e.data.n);

  test('delivers both subgraphs\u02bc events, each source in seq order, each once; a feed from its position gets only what followed', async () => {
    await servers.registry!.record(registryEvent(1), registryEvent(2));
    await servers.heritage!.record(heritageEvent(101));
    // A slow handler: the feed must still hand each source's events over one at a time, in order.
    const { feed, events } = open({ position: {} }, () => new Promise((resolve) => setTimeout(resolve, 5)));
    await until(() => events.length === 3, 'the events recorded before the feed opened');
    await servers.registry!.record(registryEvent(3));
    await servers.heritage!.record(heritageEvent(102), heritageEvent(103));
    await until(() => events.length === 6, 'the events recorded after');
    expect(bySource(events, 'registry')).toEqual([1, 2, 3]);
    expect(bySource(events, 'heritage')).toEqual([101, 102, 103]);
    const position = feed.position();
    expect(position).toEqual({ registry: events.filter((e) => e.source === 'registry').at(-1)!.seq, heritage: events.filter((e) => e.source === 'heritage').at(-1)!.seq });
    await feed.close();

    await servers.registry!.record(registryEvent(4));
    const resumed = open({ position });
    await until(() => resumed.events.length === 1, 'the event after the position');
    expect(resumed.events.map((e) => e.data.n)).toEqual([4]);
    // From the last few seconds: everything recorded in this test.
    const recent = open({ sinceMs: 60_000 });
    await until(() => recent.events.length === 7, 'the events of the last minute');
    expect(bySource(recent.events, 'registry')).toEqual([1, 2, 3, 4]);
  });

  test('a handler that throws gets the same event again, and the position moves only past events it took', async () => {
    let failures = 2;
    const { feed, events } = open({ position: {} }, async () => {
      if (failures-- > 0) throw new Error('not now');
    });
    await until(() => events.length === 7, 'every event, the first after two failures');
    expect(failures).toBeLessThan(0);
    // Nothing skipped for the failures, nothing twice.
    expect(bySource(events, 'registry')).toEqual([1, 2, 3, 4]);
    expect(bySource(events, 'heritage')).toEqual([101, 102, 103]);
    await feed.close();
  });

  test('reconnects after its subgraph restarts and resumes after the last seq it delivered', async () => {
    const { feed, events } = open({ position: {} });
    await until(() => bySource(events, 'registry').length === 4, 'the registry events so far');
    const port = Number(new URL(servers.registry!.url).port);
    await servers.registry!.close();
    servers.registry = await startOutboxServer('registry', databases[0]!, { port });
    await servers.registry.record(registryEvent(5), registryEvent(6));
    await until(() => bySource(events, 'registry').length === 6, 'the registry events after the restart', 20_000);
    expect(bySource(events, 'registry')).toEqual([1, 2, 3, 4, 5, 6]);
    const seqs = events.map((e) => `${e.source}:${e.seq}`);
    expect(new Set(seqs).size).toBe(seqs.length);
    await feed.close();
  });
});
