import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSandboxExamples, type SandboxIdentity } from '../gateway/src/plugins/sandbox-examples.js';
import { loadTabs } from '../gateway/src/plugins/sandbox.js';
import { fromRoot } from '../scripts/paths.js';
import type { Dialect } from '../subgraphs/shared/database.js';
import { testDialects } from './support/databases.js';
import { graphql, postJson, startGraph, type RunningGraph } from './support/graph.js';
import { SseStream } from './support/live-clients.js';

// The sandbox's examples and sign-in over HTTP (tests/sandbox.browser.test.ts drives the page itself;
// tests/sandbox.units.test.ts checks the examples file and the tabs).

const OPERATIONS_DIR = fromRoot('schema', 'operations');
const EXAMPLES_PATH = fromRoot('schema', 'sandbox-examples.json');
const dialects = await testDialects();

const tokenUrl = (gatewayUrl: string) => new URL('/sandbox/token', gatewayUrl).toString();
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

/** The data the sandbox page boots from. */
const pageConfig = (html: string) => JSON.parse(/<script type="application\/json" id="sandbox-config">([^<]*)<\/script>/.exec(html)![1]!);
const manifestBody = (name: string) =>
  (JSON.parse(readFileSync(fromRoot('schema', 'persisted-operations.json'), 'utf8')) as { operations: { name: string; body: string }[] }).operations.find((operation) => operation.name === name)!.body;

/** The `Authorization` header the sign-in panel would put in the tab, from the gateway's token route. */
async function signIn(gatewayUrl: string, identity: SandboxIdentity): Promise<Record<string, string>> {
  const { status, body } = await postJson(tokenUrl(gatewayUrl), { sub: identity.sub, roles: identity.roles, city: identity.city });
  expect(status, `token for ${identity.id}`).toBe(200);
  return { authorization: (body as unknown as { authorization: string }).authorization };
}

// One graph per dialect for the whole file, on fresh demo data; nothing below but the tabs writes to it.
const graphs = new Map<Dialect, Promise<RunningGraph>>();
const graphOn = (dialect: Dialect): Promise<RunningGraph> => {
  if (!graphs.has(dialect)) graphs.set(dialect, startGraph({ dialect }));
  return graphs.get(dialect)!;
};
afterAll(async () => {
  await Promise.all([...graphs.values()].map(async (graph) => (await graph).stop()));
});

describe.each(dialects)('every sandbox tab, as loaded, against fresh demo data on %s', (dialect) => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await graphOn(dialect);
  });

  it('answers with data and no errors when run as the identity its example names', async () => {
    const examples = readSandboxExamples(EXAMPLES_PATH);
    const failures: string[] = [];
    // Subscription tabs are opened over SSE, as the sandbox runs them, and stay open while the
    // other tabs run: the writes among those (a signature, a survey answer, a petition admitted) are their events.
    const live: { operation: string; stream: SseStream }[] = [];
    try {
      for (const tab of loadTabs(OPERATIONS_DIR, examples)) {
        const identity = examples.identities.find((candidate) => candidate.id === tab.signIn);
        const headers = identity ? await signIn(graph.gatewayUrl, identity) : {};
        if (/^subscription\b/m.test(tab.query)) {
          const stream = await SseStream.open(graph.gatewayUrl, { query: tab.query, variables: JSON.parse(tab.variables), operationName: tab.operation }, headers);
          live.push({ operation: tab.operation, stream });
          continue;
        }
        const answer = await graphql(graph.gatewayUrl, tab.query, JSON.parse(tab.variables), headers);
        if (answer.errors?.length) failures.push(`${tab.operation}: ${JSON.stringify(answer.errors)}`);
        else if (!answer.data || Object.values(answer.data).some((value) => value === null)) failures.push(`${tab.operation}: no data (${JSON.stringify(answer.data)})`);
      }
      expect(live.map(({ operation }) => operation)).toEqual(expect.arrayContaining(['PetitionLive', 'ConsultationLive', 'CityFeed']));
      for (const { operation, stream } of live) {
        if (stream.status !== 200) {
          failures.push(`${operation}: HTTP ${stream.status}`);
          continue;
        }
        const { result } = await stream.nextResult(() => true).catch((error: Error) => ({ result: { errors: [error.message] } as { data?: any; errors?: any[] } }));
        if (result.errors?.length) failures.push(`${operation}: ${JSON.stringify(result.errors)}`);
        else if (!result.data || Object.values(result.data).some((value) => value === null)) failures.push(`${operation}: no data (${JSON.stringify(result.data)})`);
      }
    } finally {
      for (const { stream } of live) stream.close();
    }
    expect(failures).toEqual([]);
  });
});

describe('the sign-in panel\u02bcs token route', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await graphOn('sqlite');
  });

  it('signs, in development, a token the gateway accepts, with the roles scoped to the city', async () => {
    const { status, headers, body } = await postJson(tokenUrl(graph.gatewayUrl), { sub: 'demo-resident-kyiv-1', roles: ['moderator'], city: 'kyiv' });
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    const { token, authorization } = body as unknown as { token: string; authorization: string };
    expect(authorization).toBe(`Bearer ${token}`);
    expect(claimsOf(token)).toMatchObject({ sub: 'demo-resident-kyiv-1', roles: ['moderator:kyiv'] });
    const me = await graphql(graph.gatewayUrl, '{ me { id } }', {}, { authorization });
    expect(me.errors).toBeUndefined();
    expect(me.data.me.id).toBe('demo-resident-kyiv-1');
  });

  it('refuses pages of other origins and requests it cannot read', async () => {
    const foreign = await postJson(tokenUrl(graph.gatewayUrl), { sub: 'demo-moderator-kyiv', roles: ['moderator'] }, { origin: 'https://attacker.example' });
    expect(foreign.status).toBe(403);
    expect(JSON.stringify(foreign.body)).not.toMatch(/ey[\w-]+\.ey/);
    const own = await postJson(tokenUrl(graph.gatewayUrl), { sub: 'demo-resident-kyiv-1' }, { origin: new URL(graph.gatewayUrl).origin });
    expect(own.status).toBe(200);

    for (const bad of [{}, { sub: '' }, { sub: 'a b' }, { sub: 'x', roles: ['admin'] }, { sub: 'x', city: 'lviv' }, { sub: 'x', extra: true }]) {
      const { status, body } = await postJson(tokenUrl(graph.gatewayUrl), bad);
      expect(status, JSON.stringify(bad)).toBe(400);
      expect(JSON.stringify(body)).not.toMatch(/ey[\w-]+\.ey/);
    }
  });

  it('offers the demo identities on the sandbox page in development', async () => {
    const config = pageConfig(await (await fetch(graph.gatewayUrl, { headers: { accept: 'text/html' } })).text());
    expect(config.signIn.tokenPath).toBe('/sandbox/token');
    expect(config.signIn.identities.map((identity: SandboxIdentity) => identity.id)).toEqual(expect.arrayContaining(['demo-resident-kyiv-1', 'moderator-kyiv', 'inspector-vinnytsia', 'developer']));
  });

  it('does not exist where the development key is not trusted: production, or an identity provider', async () => {
    const provider = { JWT_JWKS_URL: 'http://127.0.0.1:9/certs', JWT_ISSUER: 'https://id.example/', JWT_AUDIENCE: 'participation-graph' };
    const gateways: Record<string, Record<string, string>> = {
      'production with the sandbox enabled': { NODE_ENV: 'production', SANDBOX: 'true', ...provider },
      production: { NODE_ENV: 'production', ...provider },
      'development with an identity provider': provider,
    };
    for (const [name, env] of Object.entries(gateways)) {
      const { url } = await graph.startGateway(env);
      const { status, body } = await postJson(tokenUrl(url), { sub: 'demo-moderator-kyiv', roles: ['moderator'], city: 'kyiv' });
      expect(status, name).toBe(404);
      expect(JSON.stringify(body), name).not.toMatch(/ey[\w-]+\.ey/);
      if (env.SANDBOX === 'true' || !('NODE_ENV' in env)) {
        const html = await (await fetch(url, { headers: { accept: 'text/html' } })).text();
        const config = pageConfig(html);
        expect(config.signIn, name).toBeNull();
        expect(html, name).not.toContain('demo-resident');
        if (env.NODE_ENV === 'production') {
          // The safelist runs the published operations only: the tabs hold exactly their text, so they still run.
          const [first] = config.tabs;
          expect(first.query).toBe(manifestBody(first.operation));
          const answer = await graphql(url, first.query, JSON.parse(first.variables));
          expect(answer.errors, name).toBeUndefined();
        }
      }
    }
  });
});
