import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoId } from '../subgraphs/shared/demo-ids.js';
import { demoPetitions } from '../subgraphs/petitions/demo/petitions.data.js';
import { as, postJson, startGraph, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

/** The Redis tests use: CI's, or this machine's. */
const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Redis when reachable; with `CI` set, an unreachable Redis fails the run instead of skipping. */
async function redisReachable(): Promise<boolean> {
  const { hostname, port } = new URL(TEST_REDIS_URL);
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
  if (!reachable && process.env.CI) throw new Error(`CI is set but Redis is not reachable at ${TEST_REDIS_URL}`);
  if (!reachable) console.warn(`Redis not reachable at ${TEST_REDIS_URL}: shared-cache and shared-limit tests skipped`);
  return reachable;
}

const PETITION = demoId('petition', demoPetitions[0]!.slug);

const post = (url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => postJson(url, { query, variables }, headers);

const sqlCount = (graph: RunningGraph) => Object.values(graph.queries).reduce((sum, list) => sum + list.length, 0);

// One graph for the file: each test starts the gateways it needs over it.
let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph({ dialect: 'sqlite' });
});
afterAll(async () => {
  await graph?.stop();
});

describe('Cache-Control and the response cache', () => {
  const start = async (env: Record<string, string>) => (await graph.startGateway(env)).url;

  it('sets Cache-Control from the subgraphs\u02bc hints: public lists briefly, the caller\u02bcs own data never', async () => {
    const url = await start({});
    const list = await post(url, OPERATIONS.Petitions!, { city: 'kyiv', first: 5 });
    expect(list.headers.get('cache-control')).toBe('max-age=30, public');
    expect(list.headers.get('vary')).toBe('accept-language, authorization');
    const organizations = await post(url, '{ organizations(first: 3) { edges { node { id name } } } }');
    expect(organizations.headers.get('cache-control')).toBe('max-age=300, public');
    // Petitions (30 s) with their organisations (300 s): the shortest age wins.
    const page = await post(url, OPERATIONS.PetitionPage!, { id: PETITION });
    expect(page.headers.get('cache-control')).toBe('max-age=30, public');
    const signedIn = await post(url, OPERATIONS.PetitionPage!, { id: PETITION }, await as('resident-cache'));
    expect(signedIn.headers.get('cache-control')).toBe('max-age=30, private');
    const me = await post(url, OPERATIONS.MyParticipation!, {}, await as('resident-cache'));
    expect(me.body.errors).toBeUndefined();
    expect(me.headers.get('cache-control')).toBe('no-store');
    const mutation = await post(url, 'mutation { signPetition(id: "nope", channel: WEB) { __typename } }', {}, await as('resident-cache'));
    expect(mutation.headers.get('cache-control')).toBe('no-store');
  });

  it('answers a repeated public request from memory without asking a subgraph, per language and sign-in', async () => {
    const url = await start({ RESPONSE_CACHE: 'true' });
    const first = await post(url, OPERATIONS.PetitionPage!, { id: PETITION });
    expect(first.headers.get('age')).toBeNull();
    graph.resetQueries();
    const second = await post(url, OPERATIONS.PetitionPage!, { id: PETITION });
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('age')).not.toBeNull();
    expect(sqlCount(graph)).toBe(0);
    // English is another answer; so is a signed-in caller's (their viewerHasSigned is theirs).
    const english = await post(url, OPERATIONS.PetitionPage!, { id: PETITION }, { 'accept-language': 'en' });
    expect(english.headers.get('age')).toBeNull();
    const resident = await as('resident-signed');
    await post(url, OPERATIONS.SignPetition!, { id: PETITION, channel: 'WEB' }, resident);
    graph.resetQueries();
    const signedIn = await post(url, OPERATIONS.PetitionPage!, { id: PETITION }, resident);
    expect(signedIn.headers.get('age')).toBeNull();
    expect(signedIn.body.data.petition.viewerHasSigned).toBe(true);
    expect(sqlCount(graph)).toBeGreaterThan(0);
    // Private answers are never stored: asked again, the subgraphs answer again.
    graph.resetQueries();
    const again = await post(url, OPERATIONS.PetitionPage!, { id: PETITION }, resident);
    expect(again.headers.get('age')).toBeNull();
    expect(sqlCount(graph)).toBeGreaterThan(0);
  });

  it('shares cached answers between replicas through Redis', async (context) => {
    if (!(await redisReachable())) return context.skip();
    const city = 'vinnytsia';
    const [a, b] = [await start({ RESPONSE_CACHE: 'true', REDIS_URL: TEST_REDIS_URL }), await start({ RESPONSE_CACHE: 'true', REDIS_URL: TEST_REDIS_URL })];
    // A fresh key space per run: the comment makes the cache key unique. Places, not a list of
    // petitions: an answer is not stored when an event (this file's signature, replayed to the
    // new replicas' live hubs) touches what it shows while it is being read.
    const nonce = randomUUID();
    const query = `query Shared($city: ID!) { city(id: $city) { id name districts { id name } } } # ${nonce}`;
    const fromA = await post(a, query, { city });
    expect(fromA.headers.get('age')).toBeNull();
    graph.resetQueries();
    const fromB = await post(b, query, { city });
    expect(fromB.headers.get('age')).not.toBeNull();
    expect(fromB.body).toEqual(fromA.body);
    expect(sqlCount(graph)).toBe(0);
  });
});

describe('rate limits per client', () => {
  const start = async (env: Record<string, string>) => (await graph.startGateway({ RATE_LIMIT: 'true', ...env })).url;
  const cities = (url: string, headers: Record<string, string> = {}) => post(url, '{ cities { id } }', {}, headers);

  it('refuses a client over its allowance with 429, RATE_LIMITED and a retry hint; others go on', async () => {
    const url = await start({ RATE_LIMIT_POINTS: '3', RATE_LIMIT_WINDOW_S: '60' });
    const resident = await as('resident-busy');
    for (let i = 0; i < 3; i++) expect((await cities(url, resident)).status).toBe(200);
    graph.resetQueries();
    const refused = await cities(url, resident);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: Number(refused.headers.get('retry-after')) });
    expect(refused.body.data ?? undefined).toBeUndefined();
    expect(sqlCount(graph)).toBe(0);
    // Another resident, and anonymous callers (by IP), have allowances of their own.
    expect((await cities(url, await as('resident-calm'))).status).toBe(200);
    expect((await cities(url)).status).toBe(200);
    // The GeoJSON route spends the same anonymous allowance (one used above).
    const geojson = () => fetch(new URL('/geojson/heritage-objects?city=kyiv&limit=5', url));
    expect((await geojson()).status).toBe(200);
    expect((await geojson()).status).toBe(200);
    const limited = await geojson();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts one allowance across replicas through Redis', async (context) => {
    if (!(await redisReachable())) return context.skip();
    const env = { RATE_LIMIT_POINTS: '4', RATE_LIMIT_WINDOW_S: '60', REDIS_URL: TEST_REDIS_URL };
    const [a, b] = [await start(env), await start(env)];
    const resident = await as(`resident-${randomUUID()}`);
    const statuses = [];
    for (const url of [a, b, a, b, a, b]) statuses.push((await cities(url, resident)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
