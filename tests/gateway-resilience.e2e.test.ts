import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../subgraphs/shared/config.js';
import { as, postJson, startGraph, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

const post = (url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => postJson(url, { query, variables }, headers);

/** A stand-in subgraph that behaves badly in one way and counts what it receives. */
async function misbehavingSubgraph(behaviour: (request: IncomingMessage, respond: (status: number, body: string) => void) => void) {
  const received: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push(body);
      behaviour(request, (status, text) => response.writeHead(status, { 'content-type': 'application/json' }).end(text));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/graphql`, received, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))) };
}

describe('subgraph calls: timeouts, retries, partial answers', () => {
  let graph: RunningGraph;
  const stubs: { close(): Promise<unknown> }[] = [];
  const start = async (env: Record<string, string>, heritageUrl?: string) => (await graph.startGateway(env, heritageUrl ? { heritage: heritageUrl } : {})).url;

  beforeAll(async () => {
    graph = await startGraph({ dialect: 'sqlite' });
  });
  afterAll(async () => {
    await graph?.stop();
    await Promise.all(stubs.map((s) => s.close()));
  });

  it('sends a query once more when its connection failed, a mutation never', async () => {
    const stub = await misbehavingSubgraph((request) => request.socket.destroy());
    stubs.push(stub);
    const url = await start({}, stub.url);
    const query = await post(url, '{ heritageObjects(first: 1) { totalCount } }');
    expect(query.body.errors![0]!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', service: 'heritage' });
    expect(stub.received).toHaveLength(2);
    stub.received.length = 0;
    const mutation = await post(
      url,
      'mutation { reportHeritageCondition(input: { heritageObjectId: "x", condition: GOOD, note: "n" }) { __typename } }',
      {},
      await as('resident-retry'),
    );
    expect(mutation.body.errors![0]!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', service: 'heritage' });
    expect(stub.received).toHaveLength(1);
  });

  it('gives each subgraph its own timeout, then answers the rest', async () => {
    const stub = await misbehavingSubgraph(() => {
      /* never answers */
    });
    stubs.push(stub);
    const url = await start({ SUBGRAPH_TIMEOUT_MS: '10000', HERITAGE_TIMEOUT_MS: '300' }, stub.url);
    const started = Date.now();
    // (Not `cities`: several subgraphs can answer it, and the planner may ask heritage.)
    const answer = await post(url, '{ petitions(first: 1) { totalCount } heritageObject(id: "x") { id } }');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(5000);
    expect(answer.status).toBe(200);
    expect(answer.body.data.petitions.totalCount).toBeGreaterThan(0);
    expect(answer.body.data.heritageObject).toBeNull();
    expect(answer.body.errors).toEqual([
      { message: 'The heritage service could not answer; its fields are null.', extensions: { code: 'SERVICE_UNAVAILABLE', service: 'heritage' } },
    ]);
  });

  it('masks what a failing subgraph said', async () => {
    const stub = await misbehavingSubgraph((_request, respond) => respond(500, JSON.stringify({ errors: [{ message: 'password authentication failed for user "heritage" at 10.0.0.7' }] })));
    stubs.push(stub);
    const url = await start({}, stub.url);
    const answer = await post(url, '{ heritageObjects(first: 1) { totalCount } }');
    expect(JSON.stringify(answer.body)).not.toMatch(/password|10\.0\.0\.7|500/);
    expect(answer.body.errors![0]!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', service: 'heritage' });
  });
});

describe('a subgraph stopped under load', () => {
  let graph: RunningGraph;
  let url: string;

  beforeAll(async () => {
    graph = await startGraph({ dialect: 'sqlite' });
    url = graph.gatewayUrl;
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('yields partial answers naming the service while the gateway keeps serving', async () => {
    // CityOverview reads all four subgraphs; the heritage part goes away mid-load.
    const run = () => post(url, OPERATIONS.CityOverview!, { city: 'kyiv' });
    const answers: Awaited<ReturnType<typeof run>>[] = [];
    let stopped = false;
    const workers = Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 15; i++) {
        answers.push(await run());
        if (answers.length === 40 && !stopped) {
          stopped = true;
          await graph.stopSubgraph('heritage');
        }
      }
    });
    await Promise.all(workers);
    expect(answers).toHaveLength(120);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.data.city.id).toBe('kyiv');
      expect(answer.body.data.city.petitionStats).not.toBeNull();
      for (const error of answer.body.errors ?? []) {
        expect(error.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', service: 'heritage' });
      }
    }
    const complete = answers.filter((a) => !a.body.errors);
    const partial = answers.filter((a) => a.body.errors);
    expect(complete.length).toBeGreaterThanOrEqual(35);
    expect(partial.length).toBeGreaterThanOrEqual(60);
    // The last answers are all partial, with heritage's fields null.
    const last = answers.at(-1)!;
    expect(last.body.data.city.heritageStats).toBeNull();
    expect((await fetch(new URL('/health', url))).status).toBe(200);
    const ready = await fetch(new URL('/ready', url));
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { subgraphs: Record<string, string> }).subgraphs).toEqual({
      petitions: 'ready',
      consultations: 'ready',
      registry: 'ready',
      heritage: 'unreachable',
    });
    // Whatever does not need heritage is whole.
    const petitions = await post(url, OPERATIONS.Petitions!, { city: 'kyiv', first: 3 });
    expect(petitions.body.errors).toBeUndefined();
  });
});

describe('health, readiness and graceful shutdown', () => {
  let graph: RunningGraph;

  beforeAll(async () => {
    graph = await startGraph({ dialect: 'sqlite' });
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('answers /health and /ready on the gateway and every subgraph', async () => {
    const url = graph.gatewayUrl;
    for (const base of [url, ...SUBGRAPH_NAMES.map((name) => graph.subgraphUrls[name])]) {
      expect((await fetch(new URL('/health', base))).status).toBe(200);
      expect((await fetch(new URL('/ready', base))).status).toBe(200);
    }
    const ready = (await (await fetch(new URL('/ready', url))).json()) as Record<string, unknown>;
    expect(ready).toMatchObject({ status: 'ready', supergraph: 'loaded' });
  });

  it('finishes requests in flight when closed, and takes no new ones', async () => {
    // A subgraph that answers slowly, so a request is surely in flight when the gateway closes.
    let reached: () => void;
    const subgraphReached = new Promise<void>((resolve) => (reached = resolve));
    const slow = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        reached();
        setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { heritageObjects: { totalCount: 7 } } })), 500);
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const { gateway, url } = await graph.startGateway({}, { heritage: `http://127.0.0.1:${(slow.address() as { port: number }).port}/graphql` });
    try {
      const inFlight = post(url, '{ heritageObjects(first: 1) { totalCount } }');
      await subgraphReached;
      const closeStarted = Date.now();
      const closing = gateway.close();
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { heritageObjects: { totalCount: 7 } } });
      await closing;
      // Closing waited for the subgraph's answer (500 ms after it was reached).
      expect(Date.now() - closeStarted).toBeGreaterThanOrEqual(400);
      await expect(fetch(new URL('/health', url))).rejects.toThrow();
    } finally {
      await new Promise((resolve) => (slow.closeAllConnections(), slow.close(resolve)));
    }
  });
});
