import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import { as, postJson, startGraph, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

const post = (url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => postJson(url, { query, variables }, headers);

/** A stand-in subgraph that behaves badly in one way (or answers as told) and counts what it receives. */
async function misbehavingSubgraph(behaviour: (request: IncomingMessage, respond: (status: number, body: string) => void) => void) {
  const received: string[] = [];
  let fixed: [number, string, string] | undefined;
  const server: Server = createServer((request, response) => {
    // The gateway's live hub also reads each subgraph's event stream: not a GraphQL call.
    if (request.url?.startsWith('/internal/events')) return void response.writeHead(503).end();
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push(body);
      if (fixed) return void response.writeHead(fixed[0], { 'content-type': fixed[1] }).end(fixed[2]);
      behaviour(request, (status, text) => response.writeHead(status, { 'content-type': 'application/json' }).end(text));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    received,
    respondWith: (status: number, type: string, body: string) => void (fixed = [status, type, body]),
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  };
}

// One graph for the tests that leave its subgraphs running; each starts the gateways it needs over it.
let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph({ dialect: 'sqlite' });
});
afterAll(async () => {
  await graph?.stop();
});

describe('subgraph calls: timeouts, retries, partial answers', () => {
  const stubs: { close(): Promise<unknown> }[] = [];
  const start = async (env: Record<string, string>, heritageUrl?: string) => (await graph.startGateway(env, heritageUrl ? { heritage: heritageUrl } : {})).url;

  afterAll(async () => {
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
      { message: 'Сервіс культурної спадщини не відповів, тож його поля у відповіді порожні (null).', extensions: { code: 'SERVICE_UNAVAILABLE', service: 'heritage' } },
    ]);
  });

  it('tells a subgraph that gave no GraphQL answer (SERVICE_UNAVAILABLE) from one that answered with errors (kept or masked at their path)', async () => {
    const behaviours: Record<string, [number, string, string]> = {
      status: [502, 'application/json', JSON.stringify({ errors: [{ message: 'bad gateway' }] })],
      html: [200, 'text/html', '<html>proxy error</html>'],
      notGraphQL: [200, 'application/json', JSON.stringify({ ok: true })],
      refusedVariable: [400, 'application/json', JSON.stringify({ errors: [{ message: 'Expected a date', extensions: { code: 'BAD_USER_INPUT', field: 'after' } }] })],
      internal: [200, 'application/json', JSON.stringify({ data: { heritageObject: null }, errors: [{ message: 'relation "heritage_object" does not exist at 10.0.0.7', path: ['heritageObject'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at db.js:1'] } }] })],
      refusedDocument: [400, 'application/json', JSON.stringify({ errors: [{ message: 'Cannot query field "x" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] })],
    };
    const answers: Record<string, Awaited<ReturnType<typeof post>>> = {};
    for (const [name, [status, type, body]] of Object.entries(behaviours)) {
      const stub = await misbehavingSubgraph(() => undefined);
      stubs.push(stub);
      stub.respondWith(status, type, body);
      answers[name] = await post(await start({}, stub.url), '{ petitions(first: 1) { totalCount } heritageObject(id: "x") { id } }');
    }
    for (const name of ['status', 'html', 'notGraphQL']) {
      expect(answers[name]!.status, name).toBe(200);
      expect(answers[name]!.body.data.petitions.totalCount, name).toBeGreaterThan(0);
      expect(answers[name]!.body.errors, name).toEqual([
        { message: 'Сервіс культурної спадщини не відповів, тож його поля у відповіді порожні (null).', extensions: { code: 'SERVICE_UNAVAILABLE', service: 'heritage' } },
      ]);
    }
    // A variable the subgraph refused is the caller's mistake (Apollo answers those with 400).
    expect(answers.refusedVariable!.body.errors).toEqual([{ message: 'Expected a date', extensions: { code: 'BAD_USER_INPUT', field: 'after' } }]);
    // An error the subgraph did not mean for clients: its field, masked, the subgraph named.
    expect(answers.internal!.body.errors).toEqual([{ message: 'Внутрішня помилка сервера.', path: ['heritageObject'], extensions: { code: 'INTERNAL_SERVER_ERROR', service: 'heritage' } }]);
    // A document the subgraph refused is the graph's fault (a stale supergraph), not the caller's.
    expect(answers.refusedDocument!.body.errors).toEqual([{ message: 'Внутрішня помилка сервера.', extensions: { code: 'INTERNAL_SERVER_ERROR', service: 'heritage' } }]);
    expect(JSON.stringify(answers)).not.toMatch(/10\.0\.0\.7|relation|stacktrace|db\.js|proxy error|bad gateway|Cannot query/);
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
  // Its own graph: the test stops one of the subgraphs.
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
    expect(((await ready.json()) as { subgraphs: Record<string, string> }).subgraphs).toEqual(
      Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, name === 'heritage' ? 'unreachable' : 'ready'])),
    );
    // Whatever does not need heritage is whole.
    const petitions = await post(url, OPERATIONS.Petitions!, { city: 'kyiv', first: 3 });
    expect(petitions.body.errors).toBeUndefined();
  });
});

describe('health, readiness and graceful shutdown', () => {
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
    // A subgraph that answers only when the test lets it, so a request is surely in flight when the gateway closes.
    let reached: () => void;
    const subgraphReached = new Promise<void>((resolve) => (reached = resolve));
    let answer: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const slow = createServer((request, response) => {
      // Only GraphQL calls count: the live hub's event-stream reads are refused.
      if (request.url?.startsWith('/internal/events')) return void response.writeHead(503).end();
      request.resume();
      request.on('end', () => {
        reached();
        void answered.then(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { heritageObjects: { totalCount: 7 } } })));
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const { gateway, url } = await graph.startGateway({}, { heritage: `http://127.0.0.1:${(slow.address() as { port: number }).port}/graphql` });
    try {
      const inFlight = post(url, '{ heritageObjects(first: 1) { totalCount } }');
      await subgraphReached;
      const order: string[] = [];
      const closing = gateway.close().then(() => order.push('closed'));
      // Closing has begun once the port takes no new connection; the request is still in flight.
      await expect.poll(() => fetch(new URL('/health', url)).then(() => 'accepted', () => 'refused'), { interval: 20, timeout: 10_000 }).toBe('refused');
      order.push('subgraph answers');
      answer!();
      const result = await inFlight;
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ data: { heritageObjects: { totalCount: 7 } } });
      await closing;
      expect(order, 'closing waits for the answer in flight').toEqual(['subgraph answers', 'closed']);
    } finally {
      await new Promise((resolve) => (slow.closeAllConnections(), slow.close(resolve)));
    }
  });
});
