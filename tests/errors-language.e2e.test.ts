import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../gateway/src/persisted/manifest.js';
import { fromRoot } from '../scripts/paths.js';
import { testDialects } from './support/databases.js';
import { as, send, startGraph, type HttpAnswer, type RunningGraph } from './support/graph.js';
import { looksEnglish, looksUkrainian } from './support/languages.js';
import { OPERATIONS } from './support/operations.js';

/**
 * Errors residents can read: every code the graph answers, asked for in Ukrainian and in
 * English (`Accept-Language`), over real HTTP through the gateway. The message follows the
 * language; the code, `extensions` (field, limit, reason, service, questionId, …), path and
 * HTTP status do not; `Content-Language` says which language the answer is in.
 */
const dialects = await testDialects();
const LANGUAGES = ['uk', 'en'] as const;
type Language = (typeof LANGUAGES)[number];

const examples = JSON.parse(readFileSync(fromRoot('schema', 'sandbox-examples.json'), 'utf8')) as { operations: { operation: string; variables: Record<string, unknown> }[] };
const example = (name: string) => examples.operations.find((op) => op.operation === name)!.variables;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** A stand-in subgraph that answers every request with an internal error (a driver message and a stack). */
async function brokenSubgraph(): Promise<{ url: string; close(): Promise<unknown> }> {
  const server: Server = createServer((request, response) => {
    request.resume().on('end', () => {
      const body = { data: null, errors: [{ message: 'relation "heritage_object" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at db.js:1'] } }] };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/graphql`, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))) };
}

interface Case {
  /** The code every error of the answer carries. */
  code: string;
  ask(language: Language): Promise<HttpAnswer>;
  /** What the message must say in each language (the one-based numbers people read, say). */
  says?: Record<Language, RegExp>;
  /** Answered by a subgraph, not the gateway: no Content-Language (only the gateway's answers carry it). */
  subgraph?: boolean;
}

/** The answer with its messages left out: what must not change with the language. */
function shape(answer: HttpAnswer) {
  return {
    status: answer.status,
    errors: answer.body.errors?.map(({ message: _message, ...rest }) => ({
      ...rest,
      // A retry delay is counted in seconds from each refusal: it may tick between the two.
      extensions: { ...rest.extensions, ...(rest.extensions && 'retryAfterSeconds' in rest.extensions ? { retryAfterSeconds: 'n' } : {}) },
    })),
  };
}

describe.each(dialects)('error messages follow Accept-Language, on %s', (dialect) => {
  let graph: RunningGraph;
  let url: string;
  const gateways: Record<'limits' | 'rate' | 'safelist' | 'unreachable' | 'broken', string> = {} as never;
  let broken: Awaited<ReturnType<typeof brokenSubgraph>>;
  let edrpou: string;

  const post = (target: string, body: unknown, language: Language, headers: Record<string, string> = {}) =>
    send(target, { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'accept-language': language, ...headers } });

  beforeAll(async () => {
    graph = await startGraph({ dialect });
    url = graph.gatewayUrl;
    broken = await brokenSubgraph();
    gateways.limits = (await graph.startGateway({ MAX_ROOT_FIELDS: '2', MAX_COST: '50', MAX_BODY_BYTES: '4096', MAX_JSON_DEPTH: '8' })).url;
    gateways.rate = (await graph.startGateway({ RATE_LIMIT: 'true', RATE_LIMIT_POINTS: '1', RATE_LIMIT_WINDOW_S: '3600' })).url;
    gateways.safelist = (await graph.startGateway({ SAFELIST: 'true' })).url;
    gateways.unreachable = (await graph.startGateway({ SUBGRAPH_TIMEOUT_MS: '2000' }, { heritage: 'http://127.0.0.1:1/graphql' })).url;
    gateways.broken = (await graph.startGateway({}, { heritage: broken.url })).url;
    [{ edrpou }] = (await graph.sql('registry', "select edrpou from organization where status = 'REGISTERED' and city = 'kyiv' order by edrpou limit 1")) as { edrpou: string }[];
  });
  afterAll(async () => {
    await graph?.stop();
    await broken?.close();
  });

  const survey = example('RespondToSurvey') as { id: string; answers: { questionId: string; value?: number }[] };
  const moderation = example('ModeratePetition');

  const CASES: Record<string, Case> = {
    'BAD_USER_INPUT, a page size': { code: 'BAD_USER_INPUT', ask: (l) => post(url, { query: '{ petitions(first: 1000) { totalCount } }' }, l) },
    'BAD_USER_INPUT, a survey answer (one-based in the message, zero-based in the field)': {
      code: 'BAD_USER_INPUT',
      says: { uk: /^Відповідь 1 \(питання \d+ «[^»]+»\)/, en: /^Answer 1 \(question \d+/ },
      ask: async (l) =>
        post(url, { query: OPERATIONS.RespondToSurvey, variables: { id: survey.id, answers: [{ ...survey.answers[0], value: 99 }, ...survey.answers.slice(1)] } }, l, await as(`language-survey-${l}`)),
    },
    'BAD_USER_INPUT, the text rule': {
      code: 'BAD_USER_INPUT',
      says: { uk: /^Назва: .*U\+0007/, en: /^Title .*U\+0007/ },
      ask: async (l) =>
        post(url, { query: OPERATIONS.SubmitPetition, variables: { input: { ...(example('SubmitPetition').input as object), title: 'Назва з дзвінком \u0007 усередині' } } }, l, await as(`language-text-${l}`)),
    },
    'UNAUTHENTICATED, anonymous': { code: 'UNAUTHENTICATED', ask: (l) => post(url, { query: '{ me { id } }' }, l) },
    'UNAUTHENTICATED, a malformed token': { code: 'UNAUTHENTICATED', ask: (l) => post(url, { query: '{ __typename }' }, l, { authorization: 'Basic abc' }) },
    'UNAUTHENTICATED, a subgraph asked directly': { code: 'UNAUTHENTICATED', subgraph: true, ask: (l) => post(graph.subgraphUrls.petitions, { query: '{ __typename }' }, l) },
    'FORBIDDEN, a staff role': { code: 'FORBIDDEN', ask: async (l) => post(url, { query: OPERATIONS.ModeratePetition, variables: moderation }, l, await as(`language-resident-${l}`)) },
    'FORBIDDEN, outside the safelist': { code: 'FORBIDDEN', ask: (l) => post(gateways.safelist, { query: '{ __typename }' }, l) },
    'NOT_FOUND': { code: 'NOT_FOUND', ask: async (l) => post(url, { query: OPERATIONS.SignPetition, variables: { id: UNKNOWN_ID, channel: 'WEB' } }, l, await as(`language-signer-${l}`)) },
    'CONFLICT': {
      code: 'CONFLICT',
      ask: async (l) => {
        const input = {
          edrpou,
          name: 'Громадська організація «Мовна перевірка»',
          legalForm: 'PUBLIC_ORGANIZATION',
          city: 'kyiv',
          activityAreas: ['освіта'],
          financialReport: { title: 'Фінансовий звіт за 2025 рік', year: 2025, url: 'https://example.org/reports/2025.pdf' },
        };
        return post(url, { query: OPERATIONS.RegisterOrganization, variables: { input } }, l, await as(`language-registrar-${l}`));
      },
    },
    'RATE_LIMITED, a signed-in caller': {
      code: 'RATE_LIMITED',
      ask: async (l) => {
        const caller = await as(`language-busy-${l}-${dialect}`);
        await post(gateways.rate, { query: '{ __typename }' }, l, caller);
        return post(gateways.rate, { query: '{ __typename }' }, l, caller);
      },
    },
    'RATE_LIMITED, an anonymous caller refused before the body is read': {
      code: 'RATE_LIMITED',
      ask: async (l) => {
        // The address's one point, then its refusal; from then on it is refused on arrival.
        for (let i = 0; i < 2; i++) await post(gateways.rate, { query: '{ __typename }' }, l);
        return post(gateways.rate, { query: '{ __typename }' }, l);
      },
    },
    'GRAPHQL_VALIDATION_FAILED, a document limit': { code: 'GRAPHQL_VALIDATION_FAILED', ask: (l) => post(gateways.limits, { query: '{ a: __typename cities { id } b: cities { id } c: cities { id } }' }, l) },
    'GRAPHQL_VALIDATION_FAILED, the cost limit': { code: 'GRAPHQL_VALIDATION_FAILED', ask: (l) => post(gateways.limits, { query: '{ petitions(first: 100) { edges { node { id title } } } }' }, l) },
    'BAD_REQUEST, not JSON': { code: 'BAD_REQUEST', ask: (l) => post(url, '{"query": ', l) },
    'BAD_REQUEST, JSON nested too deep': { code: 'BAD_REQUEST', ask: (l) => post(gateways.limits, { query: '{ __typename }', variables: { a: [[[[[[[[[[1]]]]]]]]]] } }, l) },
    'PAYLOAD_TOO_LARGE': { code: 'PAYLOAD_TOO_LARGE', ask: (l) => post(gateways.limits, { query: `# ${'x'.repeat(5000)}\n{ __typename }` }, l) },
    'UNSUPPORTED_MEDIA_TYPE': { code: 'UNSUPPORTED_MEDIA_TYPE', ask: (l) => post(url, '<query/>', l, { 'content-type': 'application/xml' }) },
    'PERSISTED_QUERY_NOT_FOUND, an unknown id (Apollo)': {
      code: 'PERSISTED_QUERY_NOT_FOUND',
      ask: (l) => post(url, { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }, l),
    },
    'PERSISTED_QUERY_NOT_FOUND, an unknown id in safelist mode': {
      code: 'PERSISTED_QUERY_NOT_FOUND',
      ask: (l) => post(gateways.safelist, { extensions: { persistedQuery: { version: 1, sha256Hash: 'b'.repeat(64) } } }, l),
    },
    'OPERATION_RESOLUTION_FAILURE': { code: 'OPERATION_RESOLUTION_FAILURE', ask: (l) => post(url, { query: '{ __typename }', operationName: 'Missing' }, l) },
    'SERVICE_UNAVAILABLE': { code: 'SERVICE_UNAVAILABLE', ask: (l) => post(gateways.unreachable, { query: '{ heritageObjects(first: 1) { totalCount } }' }, l) },
    'INTERNAL_SERVER_ERROR': { code: 'INTERNAL_SERVER_ERROR', ask: (l) => post(gateways.broken, { query: '{ heritageObjects(first: 1) { totalCount } }' }, l) },
  };

  it.each(Object.keys(CASES))('%s', async (name) => {
    const { code, ask, says, subgraph } = CASES[name]!;
    const answers = {} as Record<Language, HttpAnswer>;
    for (const language of LANGUAGES) answers[language] = await ask(language);
    for (const language of LANGUAGES) {
      const { body, headers } = answers[language];
      expect(body.errors?.length, `${language}: ${JSON.stringify(body)}`).toBeGreaterThan(0);
      expect(body.errors!.map((e) => e.extensions?.code)).toEqual(body.errors!.map(() => code));
      expect(headers.get('content-language')).toBe(subgraph ? null : language);
      for (const { message } of body.errors!) {
        expect(language === 'uk' ? looksUkrainian(message) : looksEnglish(message), `${language}: ${message}`).toBe(true);
        if (says) expect(message).toMatch(says[language]);
      }
    }
    expect(shape(answers.uk)).toEqual(shape(answers.en));
    expect(answers.uk.body.errors!.map((e) => e.message)).not.toEqual(answers.en.body.errors!.map((e) => e.message));
  });

  it('names fields as the input path, zero-based, in both languages', async () => {
    const [answer] = await Promise.all(LANGUAGES.map((l) => CASES['BAD_USER_INPUT, a survey answer (one-based in the message, zero-based in the field)']!.ask(l)));
    const error = answer!.body.errors![0]!;
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'answers[0].value', questionId: survey.answers[0]!.questionId });
    const text = await CASES['BAD_USER_INPUT, the text rule']!.ask('en');
    expect(text.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.title' });
  });

  it('leaves graphql-js\u02bcs own validation messages as graphql-js writes them (English), with the same code', async () => {
    const answers = await Promise.all(LANGUAGES.map((l) => post(url, { query: '{ cities { noSuchField } }' }, l)));
    expect(answers.map((a) => a.body.errors![0]!.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_VALIDATION_FAILED']);
    expect(answers[0]!.body.errors![0]!.message).toBe(answers[1]!.body.errors![0]!.message);
    expect(answers.map((a) => a.headers.get('content-language'))).toEqual(['uk', 'en']);
  });

  it('answers the REST routes\u02bc refusals in the caller\u02bcs language too', async () => {
    const geojson = (query: string, language: Language) => fetch(`${new URL('/geojson/heritage-objects', url)}?${query}`, { headers: { 'accept-language': language } });
    for (const query of ['lat=abc&lng=30&radiusMeters=100', 'zoom=3', 'lat=50.45']) {
      const answers = await Promise.all(LANGUAGES.map(async (l) => ({ response: await geojson(query, l), language: l })));
      const bodies = await Promise.all(answers.map(async ({ response }) => (await response.json()) as { error: string; field?: string }));
      expect(answers.map(({ response }) => response.status)).toEqual([400, 400]);
      expect(answers.map(({ response }) => response.headers.get('content-language'))).toEqual(['uk', 'en']);
      expect(bodies[0]!.field).toBe(bodies[1]!.field);
      expect([looksUkrainian(bodies[0]!.error), looksEnglish(bodies[1]!.error)], JSON.stringify(bodies)).toEqual([true, true]);
    }
    const files = await Promise.all(LANGUAGES.map((l) => fetch(new URL('/open-data/programmes/readme.txt', url), { headers: { 'accept-language': l } })));
    const errors = await Promise.all(files.map(async (response) => ((await response.json()) as { error: string }).error));
    expect(files.map((response) => [response.status, response.headers.get('content-language')])).toEqual([
      [404, 'uk'],
      [404, 'en'],
    ]);
    expect([looksUkrainian(errors[0]!), looksEnglish(errors[1]!)], JSON.stringify(errors)).toEqual([true, true]);
  });
});

describe('Content-Language', () => {
  let graph: RunningGraph;
  let url: string;

  beforeAll(async () => {
    graph = await startGraph({ dialect: 'sqlite' });
    url = graph.gatewayUrl;
  });
  afterAll(async () => {
    await graph?.stop();
  });

  /** What each Accept-Language is answered in: ours when it is preferred, Ukrainian for anything else. */
  const NEGOTIATED: [string | undefined, Language][] = [
    [undefined, 'uk'],
    ['uk', 'uk'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr', 'uk'],
    ['fr, en;q=0.5', 'en'],
    ['de, en;q=0.5, uk;q=0.7', 'uk'],
  ];

  it('names the language of every GraphQL answer, data or error, falling back to Ukrainian', async () => {
    for (const [accept, language] of NEGOTIATED) {
      const headers: Record<string, string> = accept === undefined ? {} : { 'accept-language': accept };
      const data = await send(url, { body: JSON.stringify({ query: '{ cities { id name } }' }), headers });
      expect(data.status).toBe(200);
      expect(data.headers.get('content-language'), accept).toBe(language);
      expect(data.headers.get('vary')).toMatch(/accept-language/);
      expect(data.body.data.cities.find((c: { id: string }) => c.id === 'kyiv').name).toBe(language === 'uk' ? 'Київ' : 'Kyiv');
      const refused = await send(url, { body: JSON.stringify({ query: '{ petitions(first: 1000) { totalCount } }' }), headers });
      expect(refused.headers.get('content-language'), accept).toBe(language);
      const message = refused.body.errors![0]!.message;
      expect(language === 'uk' ? looksUkrainian(message) : looksEnglish(message), `${accept}: ${message}`).toBe(true);
    }
  });

  it('names it on refusals made before GraphQL, and on persisted operations over GET', async () => {
    for (const [accept, language] of NEGOTIATED) {
      const headers: Record<string, string> = accept === undefined ? {} : { 'accept-language': accept };
      const broken = await send(url, { body: '{', headers });
      expect([broken.status, broken.headers.get('content-language')]).toEqual([400, language]);
      expect(broken.headers.get('vary')).toMatch(/accept-language/);
    }
    const op = [...loadManifest(fromRoot('schema', 'persisted-operations.json')).values()].find((o) => o.name === 'CityOverview')!;
    const query = new URLSearchParams({ operationName: op.name, variables: JSON.stringify({ city: 'kyiv' }), extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: op.id } }) });
    for (const [accept, language] of NEGOTIATED) {
      const response = await fetch(`${url}?${query}`, { headers: { 'apollo-require-preflight': 'true', ...(accept === undefined ? {} : { 'accept-language': accept }) } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-language'), accept).toBe(language);
      expect(response.headers.get('vary')).toMatch(/accept-language/);
    }
  });

  it('names it on the GeoJSON route', async () => {
    for (const [accept, language] of NEGOTIATED) {
      const response = await fetch(`${new URL('/geojson/heritage-objects', url)}?city=kyiv&limit=3`, { headers: accept === undefined ? {} : { 'accept-language': accept } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-language'), accept).toBe(language);
      expect(response.headers.get('vary')).toMatch(/accept-language/);
    }
  });

  it('leaves it off what is in no language: health, readiness', async () => {
    for (const path of ['/health', '/ready']) {
      const response = await fetch(new URL(path, url), { headers: { 'accept-language': 'en' } });
      expect(response.headers.get('content-language'), path).toBeNull();
    }
  });
});
