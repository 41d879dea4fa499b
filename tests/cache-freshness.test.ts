import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createConnection, type AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type Redis } from '../gateway/src/cache/redis.js';
import { RedisTaggedStore } from '../gateway/src/cache/redis-tagged-store.js';
import { SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import { fromRoot } from '../scripts/paths.js';
import { as, postJson, startGraph, TEST_GATEWAY_ENV, type HttpAnswer, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';
import { taggedStoreContract } from './support/tagged-store-contract.js';

/**
 * Fresh caches (issue 18): with the response cache on, in memory and in Redis, any read
 * that starts after a write has returned shows that write, for every reader; a read that
 * began before a write cannot leave its older answer in the cache after it.
 */

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
  if (!reachable) console.warn(`Redis not reachable at ${TEST_REDIS_URL}: the Redis cases of cache-freshness are skipped`);
  return reachable;
}
const redisUp = await redisReachable();

const CACHE = { RESPONSE_CACHE: 'true' };
const REDIS = { RESPONSE_CACHE: 'true', REDIS_URL: TEST_REDIS_URL };
const ANSWER = 'Міська рада включила оновлення доріжок до програми благоустрою на наступний рік.';

/** SQL statements answering requests: the outbox's own (the event streams the live hubs read) are not a read's. */
const sqlCount = (graph: RunningGraph) => Object.values(graph.queries).reduce((sum, list) => sum + list.filter((sql) => !/outbox_event/i.test(sql)).length, 0);
const post = (url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => postJson(url, { query, variables }, headers);

let graph: RunningGraph;
/** Open Kyiv petitions over the threshold and unanswered: one per case, so each can be answered. */
let petitions: string[] = [];
const takePetition = () => {
  const id = petitions.shift();
  if (!id) throw new Error('no open petition left for another case');
  return id;
};

beforeAll(async () => {
  graph = await startGraph({ dialect: 'sqlite' });
  // Through the graph's own gateway (no response cache): the public status says what is open now.
  const list = await post(graph.gatewayUrl, '{ petitions(first: 100, filter: { city: "kyiv", status: OPEN }) { edges { node { id response { body } } } } }');
  petitions = list.body.data.petitions.edges.filter((e: { node: { response: unknown } }) => !e.node.response).map((e: { node: { id: string } }) => e.node.id);
  expect(petitions.length).toBeGreaterThanOrEqual(5);
  // Over the threshold before any answer is cached, so that an official may answer.
  for (const id of petitions) await graph.sql('petitions', 'update petition set threshold_reached_at = ? where id = ?', [new Date(), id]);
});
afterAll(async () => {
  await graph?.stop();
});

/** The anonymous petition page, its own cache key per case (a shared Redis keeps other runs' answers). */
function petitionPage(id: string) {
  const query = `${OPERATIONS.PetitionPage}\n# ${randomUUID()}`;
  return (url: string) => post(url, query, { id });
}

const sign = async (url: string, id: string) => post(url, OPERATIONS.SignPetition!, { id, channel: 'WEB' }, await as(`resident-${randomUUID()}`));
const answer = async (url: string, id: string) => post(url, OPERATIONS.RespondToPetition!, { id, body: ANSWER }, await as('official-fresh', ['official:kyiv']));

/** Asks twice: the second answer comes from the cache, with no SQL statement anywhere. */
async function cachedTwice(read: (url: string) => Promise<HttpAnswer>, url: string): Promise<HttpAnswer> {
  const first = await read(url);
  expect(first.body.errors).toBeUndefined();
  graph.resetQueries();
  const second = await read(url);
  expect(second.body).toEqual(first.body);
  expect(second.headers.get('age'), 'the second read is a cache hit').not.toBeNull();
  expect(sqlCount(graph)).toBe(0);
  return second;
}

describe.each([
  { store: 'memory', env: CACHE, skip: false },
  { store: 'redis', env: REDIS, skip: !redisUp },
])('read-after-write with the response cache in $store', ({ env, skip }) => {
  it.skipIf(skip)('shows a signature and the city\u02bcs answer to the next anonymous read, on every replica', async () => {
    // Memory: one gateway process reads and writes. Redis: replicas share it, so one writes and both read.
    const reader = (await graph.startGateway(env)).url;
    const writer = env === REDIS ? (await graph.startGateway(env)).url : reader;
    const readers = [...new Set([reader, writer])];
    const id = takePetition();
    const read = petitionPage(id);
    const before = (await cachedTwice(read, reader)).body.data.petition;
    if (writer !== reader) await cachedTwice(read, writer);
    expect(before.response).toBeNull();

    const signed = await sign(writer, id);
    expect(signed.body.errors).toBeUndefined();
    expect(signed.body.data.signPetition.petition.signatureCount).toBe(before.signatureCount + 1);
    // The first read after the write misses (its answer was dropped); with Redis the next replica may get the fresh one stored by it.
    const after = await read(reader);
    expect(after.headers.get('age')).toBeNull();
    for (const url of readers) expect((await read(url)).body.data.petition.signatureCount).toBe(before.signatureCount + 1);
    // The fresh answer is cached in its turn.
    expect((await cachedTwice(read, reader)).body.data.petition.signatureCount).toBe(before.signatureCount + 1);

    const answered = await answer(writer, id);
    expect(answered.body.errors).toBeUndefined();
    for (const url of readers) expect((await read(url)).body.data.petition.response?.body).toBe(ANSWER);
  });

  it.skipIf(skip)('lets no read that began before a write store its answer after it, nor share it with a read that began after', async () => {
    // The petitions subgraph behind a proxy that can hold one answer: a read is then in flight, having
    // read the petition, while a resident signs.
    const proxy = await holdingProxy(graph.subgraphUrls.petitions);
    try {
      const url = (await graph.startGateway(env, { petitions: proxy.url })).url;
      const id = takePetition();
      const read = petitionPage(id);
      const count = (await post(graph.gatewayUrl, OPERATIONS.PetitionPage!, { id })).body.data.petition.signatureCount;

      const held = proxy.holdNextQuery();
      const early = read(url);
      await held.fetched; // the subgraph has answered it: the count before the signature
      const signed = await sign(url, id);
      expect(signed.body.data.signPetition.petition.signatureCount).toBe(count + 1);
      // Begun after the write, while the early read is still in flight: not given the early read's answer.
      expect((await read(url)).body.data.petition.signatureCount).toBe(count + 1);
      held.release();
      expect((await early).body.data.petition.signatureCount).toBe(count);
      // The early read's answer did not reach the cache: every later read shows the signature.
      for (let i = 0; i < 2; i++) expect((await read(url)).body.data.petition.signatureCount).toBe(count + 1);
    } finally {
      await proxy.close();
    }
  });
});

describe('writes that did not pass through this gateway', () => {
  it('reach its memory cache as domain events from the live hub', async () => {
    // Two replicas with caches of their own: a resident signs through the other one.
    const [reader, writer] = [(await graph.startGateway(CACHE)).url, (await graph.startGateway(CACHE)).url];
    const id = takePetition();
    const read = petitionPage(id);
    const before = (await cachedTwice(read, reader)).body.data.petition;
    const signed = await sign(writer, id);
    expect(signed.body.data.signPetition.petition.signatureCount).toBe(before.signatureCount + 1);
    // Asynchronous (the event travels from the subgraph's outbox): well within the answer's 30 s, so not its expiry.
    await expect
      .poll(async () => (await read(reader)).body.data.petition.signatureCount, { interval: 50, timeout: 10_000 })
      .toBe(before.signatureCount + 1);
  });
});

describe.skipIf(!redisUp)('Redis', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await connectRedis(TEST_REDIS_URL, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await redis?.quit();
  });
  taggedStoreContract('redis', async () => new RedisTaggedStore(redis, pino({ level: 'silent' })), { controlsTime: false });
});

/** The built gateway (`npm run build`), run as a cluster as `npm start` does. */
const main = fromRoot('dist', 'gateway', 'src', 'main.js');
const built = existsSync(fromRoot('dist', 'gateway', 'src', 'cache', 'cluster-relay.js'));

describe.skipIf(!existsSync(main))('GATEWAY_WORKERS=2 with memory caches', () => {
  let child: ChildProcess | undefined;
  let output = '';
  let url: string;
  beforeAll(async () => {
    expect(built, 'dist/ predates the cluster relay: run `npm run build`').toBe(true);
    const port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    const env = {
      ...TEST_GATEWAY_ENV,
      ...CACHE,
      PORT: String(port),
      GATEWAY_WORKERS: '2',
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, graph.subgraphUrls[name]])),
    };
    child = spawn(process.execPath, [main], { cwd: fromRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the gateway exited with ${child.exitCode}\n${output}`);
      if ((await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined))?.status === 200) break;
      if (Date.now() > deadline) throw new Error(`the gateway did not get ready\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('empties every worker\u02bcs cache before a write\u02bcs answer returns', async () => {
    const id = takePetition();
    const query = `${OPERATIONS.PetitionPage}\n# ${randomUUID()}`;
    // Each on a connection of its own: the primary hands connections to the workers in turn.
    const read = () => postOnNewConnection(url, { query, variables: { id } });
    let hits = 0;
    let count: number | undefined;
    for (let i = 0; i < 12 && hits < 2; i++) {
      const answer = await read();
      count = answer.json.data.petition.signatureCount;
      hits = answer.age === undefined ? 0 : hits + 1;
    }
    expect(hits, 'two reads in a row (so both workers) answered from their caches').toBe(2);
    const signed = await postOnNewConnection(url, { query: OPERATIONS.SignPetition, variables: { id, channel: 'WEB' } }, await as(`resident-${randomUUID()}`));
    expect(signed.json.data.signPetition.petition.signatureCount).toBe(count! + 1);
    // Both workers (two connections in a row) show the signature.
    for (let i = 0; i < 2; i++) expect((await read()).json.data.petition.signatureCount).toBe(count! + 1);
  });
});

/** A proxy in front of a subgraph that holds the answer to the next query once it has it, until released. */
async function holdingProxy(upstream: string) {
  let hold: { fetched: () => void; released: Promise<void> } | undefined;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
      const upstreamAnswer = await fetch(upstream, { method: 'POST', headers, body });
      const text = await upstreamAnswer.text();
      const mine = hold && !/^\s*mutation\b/.test(JSON.parse(body.toString()).query) ? hold : undefined;
      if (mine) {
        hold = undefined;
        mine.fetched();
        await mine.released;
      }
      response.writeHead(upstreamAnswer.status, { 'content-type': upstreamAnswer.headers.get('content-type') ?? 'application/json', 'cache-control': upstreamAnswer.headers.get('cache-control') ?? '' });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    holdNextQuery() {
      let fetched!: () => void;
      let release!: () => void;
      const fetchedPromise = new Promise<void>((resolve) => (fetched = resolve));
      hold = { fetched, released: new Promise<void>((resolve) => (release = resolve)) };
      return { fetched: fetchedPromise, release };
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One POST on a connection of its own; the answer's JSON and its `age` header. */
function postOnNewConnection(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ json: any; age: string | undefined }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = httpRequest(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        try {
          resolve({ json: JSON.parse(text), age: res.headers.age });
        } catch (error) {
          reject(new Error(`HTTP ${res.statusCode}: ${text}`, { cause: error }));
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
