import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CacheFreshness } from '../gateway/src/cache/freshness.js';
import { RedisTaggedStore } from '../gateway/src/cache/redis-tagged-store.js';
import { MemoryTaggedStore } from '../gateway/src/cache/tagged-store.js';
import { EVENT_CHANGES, entityTags, idTag, namedEvents, operationTags, tagsForEvent, tagsForSilentWrite } from '../gateway/src/cache/tags.js';
import { EVENT_TYPE_NAMES, type DomainEvent } from '../lib/events.js';
import { fromRoot } from '../scripts/paths.js';
import { OPERATIONS } from './support/operations.js';
import { taggedStoreContract } from './support/tagged-store-contract.js';

// The gateway's schemas are CommonJS graphql's (@apollo/gateway's), and so is tags.ts's graphql.
const { buildSchema, parse } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const schema = buildSchema(readFileSync(fromRoot('schema', 'api.graphql'), 'utf8'));
const tagsOf = (operation: string, variables: Record<string, unknown> = {}) => [...operationTags(schema, parse(OPERATIONS[operation]!), operation, variables)].sort();

describe('tags of an answer', () => {
  it('names the root fields, the watched lists and aggregates read anywhere, and the UUIDs given to ID arguments', () => {
    const petition = randomUUID();
    // A petition page lists heritage objects; asked by id, it is dropped when that id is, even if it answered null.
    expect(tagsOf('PetitionPage', { id: petition })).toEqual(['field:Query.petition', `id:${petition}`, 'list:HeritageObject']);
    expect(tagsOf('Petitions', { city: 'kyiv' })).toEqual(['field:Query.petitions', 'list:Petition']);
    // City statistics are aggregates; a city's slug is not a tag (events never name cities).
    expect(tagsOf('CityOverview', { city: 'kyiv' })).toEqual(expect.arrayContaining(['field:Query.city', 'type:PetitionStats', 'type:ConsultationStats']));
    expect(tagsOf('CityOverview', { city: 'kyiv' }).some((tag) => tag.includes('kyiv'))).toBe(false);
    // Lists nested in other entities count too (a district's petitions).
    expect(tagsOf('DistrictParticipation', { city: 'kyiv', district: 'kyiv-podilskyi' })).toContain('list:Petition');
  });

  it('reads literal ID arguments and lists of ids, and only the operation asked for', () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const document = parse(`query One { petition(id: "${a}") { id } } query Two { consultation(id: "${b}") { id } }`);
    expect([...operationTags(schema, document, 'One', {})].sort()).toEqual(['field:Query.petition', `id:${a}`]);
    expect([...operationTags(schema, document, 'Two', {})].sort()).toEqual(['field:Query.consultation', `id:${b}`]);
  });

  it('finds every UUID id in the data, at any depth, and nothing else', () => {
    const [petition, organization, heritage] = [randomUUID(), randomUUID(), randomUUID()];
    const data = {
      petition: { id: petition, city: { id: 'kyiv' }, initiatorOrganization: { id: organization, name: 'x' }, heritageObjects: [{ id: heritage }], body: randomUUID() },
    };
    expect([...entityTags(data)].sort()).toEqual([idTag(petition), idTag(organization), idTag(heritage)].sort());
  });
});

describe('the event → tags table', () => {
  it('has a row for every event type, and every event invalidates its entity', () => {
    expect(Object.keys(EVENT_CHANGES).sort()).toEqual([...EVENT_TYPE_NAMES].sort());
    const id = randomUUID();
    for (const type of EVENT_TYPE_NAMES) expect(tagsForEvent({ type, city: 'kyiv', entity: { type: 'Petition', id } })).toContain(idTag(id));
  });

  it('drops a signed petition, lists of petitions (sorted by signatures) and petition statistics', () => {
    const id = randomUUID();
    expect(tagsForEvent({ type: 'PetitionSignatureCountChanged', city: 'kyiv', entity: { type: 'Petition', id } }).sort()).toEqual([`id:${id}`, 'list:Petition', 'type:PetitionStats']);
    expect(tagsForEvent({ type: 'HeritageConditionChanged', city: 'kyiv', entity: { type: 'HeritageObject', id } }).sort()).toEqual([`id:${id}`, 'list:HeritageObject', 'type:HeritageStats']);
  });

  it('treats a write that names no event as changing whatever its subgraph\u02bcs events change', () => {
    expect(tagsForSilentWrite('registry').sort()).toEqual(['list:Organization', 'type:RegistryStats']);
    expect(tagsForSilentWrite('petitions').sort()).toEqual(['list:Petition', 'type:PetitionStats']);
  });

  it('reads the events a subgraph names in its answer, leaving out malformed ones', () => {
    const id = randomUUID();
    const event = { type: 'PetitionAnswered', city: 'kyiv', entity: { type: 'Petition', id } };
    expect(namedEvents({ events: [event, null, { type: 'PetitionAnswered' }, 'x'] })).toEqual([event]);
    expect(namedEvents({ events: 'nope' })).toEqual([]);
    expect(namedEvents(undefined)).toEqual([]);
  });
});

taggedStoreContract('memory', async (now) => new MemoryTaggedStore(1024 * 1024, now));

describe('the memory store\u02bcs bounds', () => {
  it('evicts the least recently used answers beyond its byte budget, and unindexes them', async () => {
    const store = new MemoryTaggedStore(4_000);
    const value = 'x'.repeat(600); // ~1.3 kB each with its key and tag
    for (const key of ['a', 'b', 'c']) expect(await store.put(key, value, 30, [`id:${key}`], 0)).toBe(true);
    await store.lookup('a'); // used: 'b' is now the oldest
    expect(await store.put('d', value, 30, ['id:d'], 0)).toBe(true);
    expect((await store.lookup('b')).value).toBeUndefined();
    expect((await store.lookup('a')).value).toBe(value);
    expect(store.size).toBe(3);
    expect(await store.put('huge', 'x'.repeat(5_000), 30, [], 0)).toBe(false);
  });

  it('forgets the oldest invalidations beyond its bound, refusing answers of reads older than them', async () => {
    const store = new MemoryTaggedStore(1024 * 1024, Date.now, 2);
    const { generation: before } = await store.lookup('k');
    await store.invalidate(['id:1']);
    await store.invalidate(['id:2']);
    await store.invalidate(['id:3']); // id:1 is forgotten
    expect(await store.put('k', 'v', 30, ['id:1'], before)).toBe(false);
    const { generation: after } = await store.lookup('k');
    expect(await store.put('k', 'v', 30, ['id:1'], after)).toBe(true);
  });
});

describe('CacheFreshness.afterWrite', () => {
  const log = pino({ level: 'silent' });
  const setUp = async () => {
    const store = new MemoryTaggedStore(1024 * 1024);
    const [petition, other] = [randomUUID(), randomUUID()];
    const since = (await store.lookup('-')).generation;
    await store.put('page', 'petition page', 30, [idTag(petition)], since);
    await store.put('list', 'petition list', 30, ['list:Petition'], since);
    await store.put('other', 'another page', 30, [idTag(other)], since);
    await store.put('orgs', 'organisations', 30, ['list:Organization'], since);
    const stored = async () => (await Promise.all(['page', 'list', 'other', 'orgs'].map(async (k) => ((await store.lookup(k)).value ? k : null)))).filter(Boolean);
    return { freshness: new CacheFreshness(store, log), petition, stored };
  };

  it('drops what the events a subgraph names change', async () => {
    const { freshness, petition, stored } = await setUp();
    await freshness.afterWrite('petitions', {
      data: { respondToPetition: { petition: { __typename: 'Petition' } } },
      extensions: { events: [{ type: 'PetitionAnswered', city: 'kyiv', entity: { type: 'Petition', id: petition } }] },
    });
    expect(await stored()).toEqual(['other', 'orgs']);
  });

  it('without events, drops the entities in the answer and what any event of that subgraph changes', async () => {
    const { freshness, petition, stored } = await setUp();
    await freshness.afterWrite('petitions', { data: { signPetition: { petition: { id: petition, signatureCount: 7 } } } });
    expect(await stored()).toEqual(['other', 'orgs']);
  });

  it('drops nothing for a write refused outright', async () => {
    const { freshness, stored } = await setUp();
    await freshness.afterWrite('petitions', { data: null, errors: [{ message: 'conflict' }] as never });
    await freshness.afterWrite('petitions', { data: { signPetition: null }, errors: [{ message: 'conflict' }] as never });
    expect(await stored()).toEqual(['page', 'list', 'other', 'orgs']);
  });

  it('drops an event\u02bcs entity and lists for the live hub, and moves the generation on', async () => {
    const { freshness, petition, stored } = await setUp();
    const request = {};
    const before = await freshness.generationOf(request);
    const event: DomainEvent = {
      id: randomUUID(),
      source: 'petitions',
      seq: 1,
      type: 'PetitionPublished',
      city: 'kyiv',
      entity: { type: 'Petition', id: petition },
      occurredAt: new Date().toISOString(),
      data: {},
    };
    await freshness.invalidateForEvent(event);
    expect(await stored()).toEqual(['other', 'orgs']);
    expect(await freshness.generationOf({})).toBeGreaterThan(before!);
  });
});

describe('the Redis store while Redis is away', () => {
  /** node-redis as far as the store uses it for invalidations: scripts fail while `up` is false. */
  const fakeRedis = () => {
    const redis = Object.assign(new EventEmitter(), {
      up: false,
      isReady: false,
      scripts: [] as string[][],
      async scriptLoad() {
        if (!redis.up) throw new Error('The client is closed');
        return 'sha';
      },
      async evalSha(_sha: string, { keys }: { keys: string[] }) {
        if (!redis.up) throw new Error('The client is closed');
        redis.scripts.push(keys);
        return 1;
      },
    });
    return redis;
  };

  it('sends a failed invalidation again as soon as Redis is back', async () => {
    const redis = fakeRedis();
    const store = new RedisTaggedStore(redis as never, pino({ level: 'silent' }));
    await expect(store.invalidate(['id:a', 'list:Petition'])).rejects.toThrow();
    redis.up = true;
    redis.emit('ready');
    // The generation, then a set and an invalidation record per tag.
    await expect.poll(() => redis.scripts.map((keys) => keys.length)).toEqual([5]);
  });

  it('sends a failed invalidation with the next one, and CacheFreshness never throws for it', async () => {
    const redis = fakeRedis();
    const freshness = new CacheFreshness(new RedisTaggedStore(redis as never, pino({ level: 'silent' })), pino({ level: 'silent' }));
    await freshness.invalidate(['id:a']);
    redis.up = true;
    await freshness.invalidate(['id:b']);
    expect(redis.scripts.map((keys) => keys.length)).toEqual([5]);
  });
});
