import { Supergraph } from '@apollo/federation-internals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../gateway/src/config.js';
import { loadManifest, operationId } from '../gateway/src/persisted/manifest.js';
import { fromRoot } from '../scripts/paths.js';
import { demoId } from '../subgraphs/shared/demo-ids.js';
import { demoPetitions } from '../subgraphs/petitions/demo/petitions.data.js';
import { testDialects } from './support/databases.js';
import { as, postJson, send, startGraph, TEST_GATEWAY_ENV, type HttpAnswer, type RunningGraph } from './support/graph.js';

const manifest = loadManifest(fromRoot('schema', 'persisted-operations.json'));
const byName = new Map([...manifest.values()].map((op) => [op.name, op]));
const PETITION = demoId('petition', demoPetitions[0]!.slug);

const post = postJson;

/** How many subgraph fetches the gateway has made (its own metric): refusals must not add any. */
async function subgraphFetches(url: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  return [...text.matchAll(/^subgraph_fetch_duration_seconds_count\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

describe('operation limits and bad input, refused before any subgraph', () => {
  let graph: RunningGraph;
  let url: string;

  beforeAll(async () => {
    graph = await startGraph({ dialect: 'sqlite' });
    ({ url } = await graph.startGateway({
      MAX_DEPTH: '5',
      MAX_ALIASES: '3',
      MAX_ROOT_FIELDS: '3',
      MAX_DIRECTIVES: '3',
      MAX_FRAGMENTS: '2',
      MAX_SELECTIONS: '40',
      MAX_TOKENS: '300',
      MAX_COST: '500',
      MAX_BODY_BYTES: '4096',
    }));
  });
  afterAll(async () => {
    await graph?.stop();
  });

  const refusals: [string, () => Promise<HttpAnswer>, number, string, Record<string, unknown>?][] = [
    ['too deep', () => post(url, { query: '{ petitions { edges { node { city { districts { id } } } } } }' }), 400, 'GRAPHQL_VALIDATION_FAILED', { limit: 'depth', max: 5, found: 6 }],
    ['too many aliases', () => post(url, { query: '{ cities { a: id b: id c: id d: id } }' }), 400, 'GRAPHQL_VALIDATION_FAILED', { limit: 'aliases', max: 3, found: 4 }],
    ['too many root fields', () => post(url, { query: '{ cities { id } me { id } petitions { totalCount } organizations { totalCount } }' }), 400, 'GRAPHQL_VALIDATION_FAILED', { limit: 'rootFields', max: 3, found: 4 }],
    [
      'too many directives, a fragment\'s counted at each spread',
      () => post(url, { query: 'query ($y: Boolean = true) { cities { ...Named ...Named } } fragment Named on City { id @include(if: $y) name @skip(if: false) }' }),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      { limit: 'directives', max: 3, found: 4 },
    ],
    [
      'too many fragments',
      () => post(url, { query: '{ ...A ...B ...C } fragment A on Query { cities { id } } fragment B on Query { me { id } } fragment C on Query { __typename }' }),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      { limit: 'fragments', max: 2, found: 3 },
    ],
    [
      'too many selections once a fragment spread many times is expanded',
      // 1 + 8 spreads of (the spread + 5 fields): small as text, large once expanded.
      () => post(url, { query: `{ cities { ${'...Place '.repeat(8)} } } fragment Place on City { id name districts { id name } }` }),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      { limit: 'selections', max: 40, found: 49 },
    ],
    ['too many selections of __typename, which is no root field', () => post(url, { query: `{ ${'__typename '.repeat(50)} }` }), 400, 'GRAPHQL_VALIDATION_FAILED', { limit: 'selections', max: 40, found: 50 }],
    [
      'a limit before any other validation error (checked first, on the parsed document)',
      () => post(url, { query: '{ noSuchField cities { id } me { id } petitions { totalCount } }' }),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      { limit: 'rootFields', max: 3, found: 4 },
    ],
    ['too many tokens', () => post(url, { query: `{ cities { ${'id '.repeat(400)} } }` }), 400, 'GRAPHQL_PARSE_FAILED'],
    ['a syntax error', () => post(url, { query: '{ cities { id }' }), 400, 'GRAPHQL_PARSE_FAILED'],
    ['an invalid field', () => post(url, { query: '{ cities { noSuchField } }' }), 400, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'over the cost budget through page sizes in variables',
      () => post(url, { query: 'query Big($n: Int) { petitions(first: $n) { edges { node { id title city { id name } } } } }', variables: { n: 100 } }),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      { limit: 'cost', max: 500, found: 701 },
    ],
    ['a body over the size limit', () => post(url, { query: `{ cities { id } } # ${'x'.repeat(5000)}` }), 413, 'PAYLOAD_TOO_LARGE'],
    ['malformed JSON', () => send(url, { body: '{"query": "{ cities { id } }"' }), 400, 'BAD_REQUEST'],
    ['an unsupported content type', () => send(url, { body: '<query/>', headers: { 'content-type': 'application/xml' } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an unknown persisted id', () => post(url, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }), 200, 'PERSISTED_QUERY_NOT_FOUND'],
  ];

  it.each(refusals)('refuses %s with its code, reaching no subgraph', async (_name, request, status, code, extensions) => {
    const before = await subgraphFetches(url);
    const answer = await request();
    expect(answer.status).toBe(status);
    expect(answer.body.data ?? undefined).toBeUndefined();
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0]!.extensions).toMatchObject({ code, ...extensions });
    expect(JSON.stringify(answer.body)).not.toMatch(/stack|at .*\.js|node_modules/);
    expect(await subgraphFetches(url)).toBe(before);
  });

  it('remembers a cost per document and variables, never across different variables', async () => {
    const query = 'query Pages($n: Int) { petitions(first: $n) { edges { node { id title city { id name } } } } }';
    for (const attempt of [1, 2]) {
      const big = await post(url, { query, variables: { n: 100 } });
      expect(big.body.errors?.[0]?.extensions, `attempt ${attempt}`).toMatchObject({ limit: 'cost', found: 701 });
    }
    const small = await post(url, { query, variables: { n: 5 } });
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data.petitions.edges).toHaveLength(5);
    const bigAgain = await post(url, { query, variables: { n: 100 } });
    expect(bigAgain.body.errors?.[0]?.extensions).toMatchObject({ limit: 'cost' });
  });

  it('refuses the same document the same way every time it is sent, in the language of each request', async () => {
    const query = `# sent twice\n{ ${'cities { id } '.repeat(5)} }`;
    const english = { 'accept-language': 'en' };
    const answers = [await post(url, { query }, english), await post(url, { query }, english), await post(url, { query })];
    const extensions = { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'rootFields', max: 3, found: 5 };
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400]);
    expect(answers.map((answer) => answer.body.errors)).toEqual([
      [{ message: 'Root field limit of 3 exceeded, found 5.', extensions }],
      [{ message: 'Root field limit of 3 exceeded, found 5.', extensions }],
      [{ message: 'Перевищено ліміт кореневих полів (3): у запиті 5.', extensions }],
    ]);
  });

  it('answers within the limits, and stays healthy after every refusal', async () => {
    for (const [, request] of refusals) await request();
    const small = await post(url, { query: 'query Small($n: Int) { petitions(first: $n) { edges { node { id title city { id name } } } } }', variables: { n: 10 } });
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data.petitions.edges.length).toBe(10);
    expect((await fetch(new URL('/health', url))).status).toBe(200);
  });

  it('fits every client operation within the default limits', async () => {
    // The CommonJS graphql that federation-internals builds the API schema with.
    const { getIntrospectionQuery, parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
    const { getComplexity } = createRequire(import.meta.url)('graphql-query-complexity') as typeof import('graphql-query-complexity');
    const { pageSizeEstimator } = await import('../gateway/src/plugins/operation-limits.js');
    const { documentRefusal } = await import('../gateway/src/plugins/document-limits.js');
    const defaults = parseGatewayConfig(TEST_GATEWAY_ENV).limits;
    const api = Supergraph.build(readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8')).apiSchema().toGraphQLJSSchema();
    const sample: Record<string, unknown> = { ID: 'x', String: 'x', Int: 100, Float: 1 };
    for (const op of manifest.values()) {
      const document = parse(op.body, { maxTokens: defaults.maxTokens });
      expect(documentRefusal(document, defaults), op.name).toBeUndefined();
      expect(validate(api, document).map((e) => e.message), op.name).toEqual([]);
      if (op.type !== 'query') continue;
      // Every variable at its most expensive: page sizes at the largest a client may ask for (100).
      const definition = document.definitions[0] as import('graphql').OperationDefinitionNode;
      const variables = Object.fromEntries(
        (definition.variableDefinitions ?? []).map((v) => [v.variable.name.value, sample[JSON.stringify(v.type).match(/"value":"(\w+)"/)![1]!] ?? null]),
      );
      const cost = getComplexity({ schema: api, query: document, variables, estimators: [pageSizeEstimator] });
      expect(cost, op.name).toBeLessThanOrEqual(defaults.maxCost);
    }
    // And the sandbox's schema introspection, with every option a tool may ask for.
    const introspection = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true });
    expect(documentRefusal(parse(introspection), defaults)).toBeUndefined();
  });
});

const dialects = await testDialects();

describe.each(dialects)('rate limits spend by the work a request costs, on %s', (dialect) => {
  let graph: RunningGraph;
  // A window no test outlasts: what is counted is points, not time.
  const limited = async (points: number) => (await graph.startGateway({ RATE_LIMIT: 'true', RATE_LIMIT_POINTS: String(points), RATE_LIMIT_WINDOW_S: '3600' })).url;
  const PAGE = 'query Page($n: Int) { petitions(first: $n) { edges { node { id title } } } }';
  /** Requests answered before the first 429 (at most `cap`). */
  const servedBefore429 = async (send: () => Promise<HttpAnswer>, cap = 100) => {
    for (let served = 0; served < cap; served++) {
      const answer = await send();
      if (answer.status === 429) return served;
      expect(answer.status, JSON.stringify(answer.body)).not.toBe(500);
    }
    return cap;
  };

  beforeAll(async () => {
    graph = await startGraph({ dialect });
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('lets a client asking for big pages fewer requests than one asking for small ones', async () => {
    const url = await limited(30);
    // Cost 1 + 5 × 4 = 21 spends the request's point only; 1 + 100 × 4 = 401 spends 4 more (one per full 100).
    const small = await as(`reader-small-${dialect}`);
    const big = await as(`reader-big-${dialect}`);
    const smallServed = await servedBefore429(() => post(url, { query: PAGE, variables: { n: 5 } }, small));
    const bigServed = await servedBefore429(() => post(url, { query: PAGE, variables: { n: 100 } }, big));
    expect(smallServed).toBe(30);
    expect(bigServed).toBe(6);
  });

  it('refuses with 429 before any subgraph when an operation costs more than what is left', async () => {
    const url = await limited(8);
    const reader = await as(`reader-last-${dialect}`);
    expect((await post(url, { query: PAGE, variables: { n: 100 } }, reader)).status).toBe(200);
    const before = await subgraphFetches(url);
    // 5 spent; 1 more admits it, its cost's 4 would make 10 of 8.
    const refused = await post(url, { query: PAGE, variables: { n: 100 } }, reader);
    expect(refused.status).toBe(429);
    expect(refused.body.data ?? undefined).toBeUndefined();
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: Number(refused.headers.get('retry-after')) });
    expect(await subgraphFetches(url)).toBe(before);
  });

  it('charges refused and invalid documents by their size, and never sends them to a subgraph', async () => {
    const url = await limited(60);
    const client = await as(`careless-${dialect}`);
    const wide = `# a unique comment\n{ ${'cities { id } '.repeat(700)} }`;
    const invalid = '{ cities { noSuchField } }';
    const broken = '{ cities { id }';
    const before = await subgraphFetches(url);
    const refusals = [
      [wide, 'GRAPHQL_VALIDATION_FAILED'],
      [invalid, 'GRAPHQL_VALIDATION_FAILED'],
      [broken, 'GRAPHQL_PARSE_FAILED'],
    ] as const;
    let spent = 0;
    for (const [query, code] of refusals) {
      const answer = await post(url, { query }, client);
      expect(answer.status).toBe(400);
      expect(answer.body.errors![0]!.extensions!.code).toBe(code);
      // The request's point, and one per started 1,000 bytes of what was refused.
      spent += 1 + Math.ceil(Buffer.byteLength(query) / 1000);
    }
    expect(spent).toBe(1 + 10 + 2 + 2);
    expect(await subgraphFetches(url)).toBe(before);
    const cheap = () => post(url, { query: '{ cities { id } }' }, client);
    expect(await servedBefore429(cheap)).toBe(60 - spent);
  });

  it('charges an anonymous client by address, like a signed-in one by subject', async () => {
    const url = await limited(30);
    const wide = (n: number) => `# ${n}\n{ ${'cities { id } '.repeat(700)} }`;
    // 11 points each (the request, and 10 for ~10 kB): the fourth finds 33 of 30 spent.
    const statuses = [];
    for (let n = 0; n < 4; n++) statuses.push((await post(url, { query: wide(n) })).status);
    expect(statuses).toEqual([400, 400, 400, 429]);
    // Refused again for the rest of the window, now before its body is read: the same answer.
    for (const body of [{ query: wide(9) }, { query: '{ cities { id } }' }]) {
      const again = await post(url, body);
      expect(again.status).toBe(429);
      const retryAfter = Number(again.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(again.body).toEqual({ errors: [{ message: `Забагато запитів; повторіть через ${retryAfter} с.`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }] });
    }
    // Another client's allowance is untouched.
    expect((await post(url, { query: '{ cities { id } }' }, await as(`bystander-${dialect}`))).status).toBe(200);
  });
});

describe('persisted operations', () => {
  let graph: RunningGraph;
  let openUrl: string;
  let safeUrl: string;

  beforeAll(async () => {
    graph = await startGraph({ dialect: 'sqlite' });
    openUrl = graph.gatewayUrl;
    ({ url: safeUrl } = await graph.startGateway({ SAFELIST: 'true' }));
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('generates the committed manifest from schema/operations (run `npm run compose` when this fails)', async () => {
    const { buildManifest } = await import('../gateway/src/persisted/manifest.js');
    const built = buildManifest(fromRoot('schema', 'operations'));
    expect(`${JSON.stringify(built, null, 2)}\n`).toBe(readFileSync(fromRoot('schema', 'persisted-operations.json'), 'utf8'));
    expect(built.operations.length).toBeGreaterThanOrEqual(20);
    for (const op of built.operations) expect(op.id).toBe(operationId(op.body));
  });

  it('answers a client operation by id over GET, cacheable by a CDN', async () => {
    const op = byName.get('PetitionPage')!;
    const query = new URLSearchParams({
      operationName: op.name,
      variables: JSON.stringify({ id: PETITION }),
      extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: op.id } }),
    });
    for (const url of [openUrl, safeUrl]) {
      const response = await fetch(`${url}?${query}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as HttpAnswer['body'];
      expect(body.errors).toBeUndefined();
      expect(body.data.petition.id).toBe(PETITION);
      // Anonymous: nothing tied to a caller, so the answer is public for its hints' max-age.
      expect(response.headers.get('cache-control')).toMatch(/^max-age=\d+, public$/);
    }
  });

  it('in safelist mode refuses documents outside the manifest, unless the caller is a developer', async () => {
    const adHoc = { query: '{ cities { id } }' };
    const refused = await post(safeUrl, adHoc);
    expect(refused.status).toBe(403);
    expect(refused.body.errors![0]!.extensions).toEqual({ code: 'FORBIDDEN', reason: 'OPERATION_NOT_IN_SAFELIST' });
    expect(refused.body.errors![0]!.message).not.toMatch(/Context creation/);
    const resident = await post(safeUrl, adHoc, await as('resident-1'));
    expect(resident.status).toBe(403);
    const developer = await post(safeUrl, adHoc, await as('dev-1', ['developer']));
    expect(developer.body.data.cities.length).toBeGreaterThan(0);
    // The manifest's own documents, sent in full, are fine for anyone.
    const listed = await post(safeUrl, { query: byName.get('PetitionPage')!.body, variables: { id: PETITION } });
    expect(listed.body.data.petition.id).toBe(PETITION);
  });

  it('keeps automatic persisted queries: registered by whoever may send the document, then usable by id', async () => {
    const query = '{ cities { id name } }';
    const hash = operationId(query);
    const byId = { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } };
    expect((await post(openUrl, byId)).body.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(openUrl, { query, ...byId });
    expect(registered.body.data.cities.length).toBeGreaterThan(0);
    expect((await post(openUrl, byId)).body.data).toEqual(registered.body.data);
    // Safelist mode: a developer registers; a resident may not use what is outside the manifest, even by id.
    const developer = await as('dev-2', ['developer']);
    expect((await post(safeUrl, { query, ...byId }, developer)).body.data).toEqual(registered.body.data);
    expect((await post(safeUrl, byId, developer)).body.data).toEqual(registered.body.data);
    const resident = await post(safeUrl, byId, await as('resident-2'));
    expect(resident.body.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    // A hash that does not match its document is refused.
    const mismatched = await post(openUrl, { query: '{ cities { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.data ?? undefined).toBeUndefined();
  });
});
