import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from './support/databases.js';
import { as, graphql, postJson, startGraph, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

const dialects = await testDialects();

/** Two subgraphs' root fields, the monument's nullable: one subgraph failing leaves the other's whole. */
const MONUMENT_AND_PETITIONS = 'query($id: ID!) { petitions(first: 1) { totalCount } heritageObject(id: $id) { id name } }';

type Answer = Awaited<ReturnType<typeof graphql>>;
type Path = (string | number)[];

/** The value an error's path points at in the answer's data (undefined when the path leads nowhere). */
function at(data: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined), data);
}

/** Only the public shape may leave: a code, and the field for bad input or the service for a failure. */
function expectPublicExtensions(answer: Answer) {
  for (const error of answer.errors ?? []) {
    expect(typeof error.extensions?.code).toBe('string');
    expect(Object.keys(error.extensions!).filter((key) => !['code', 'field', 'service'].includes(key))).toEqual([]);
  }
  expect(JSON.stringify(answer.errors)).not.toMatch(/serviceName|stacktrace|exception|DOWNSTREAM/);
}

describe.each(dialects)('errors say whose fault they are, on %s', (dialect) => {
  let graph: RunningGraph;
  let url: string;
  const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => graphql(url, query, variables, headers);

  beforeAll(async () => {
    graph = await startGraph({ dialect });
    url = graph.gatewayUrl;
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('answers requests it cannot run as the caller\u02bcs mistake (4xx with a code), never HTTP 500', async () => {
    const cases: [unknown, number, string][] = [
      [{ query: '{ __typename }', operationName: 'Missing' }, 400, 'OPERATION_RESOLUTION_FAILURE'],
      [{ query: 'query A { __typename } query B { __typename }' }, 400, 'OPERATION_RESOLUTION_FAILURE'],
      [{ query: '{ __typename }', extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } }, 400, 'BAD_REQUEST'],
      [{ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'not-its-hash' } } }, 400, 'BAD_REQUEST'],
      [{ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 5 } } }, 400, 'BAD_REQUEST'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await postJson(url, body);
      expect([answer.status, answer.body.errors?.map((e) => e.extensions?.code)], JSON.stringify(body)).toEqual([status, [code]]);
    }
  });

  it('keeps a subgraph\u02bcs client errors whole at the root: code, field and path', async () => {
    const resident = await as('errors-resident');
    const notFound = await gql(OPERATIONS.SignPetition!, { id: '00000000-0000-4000-8000-000000000000', channel: 'WEB' }, resident);
    expect(notFound.errors).toEqual([{ message: expect.any(String), path: ['signPetition'], extensions: { code: 'NOT_FOUND', field: 'id' } }]);

    const [{ edrpou }] = (await graph.sql('registry', "select edrpou from organization where status = 'REGISTERED' and city = 'kyiv' order by edrpou limit 1")) as { edrpou: string }[];
    const registration = {
      edrpou,
      name: 'Громадська організація «Перевірка помилок»',
      legalForm: 'PUBLIC_ORGANIZATION',
      city: 'kyiv',
      activityAreas: ['освіта'],
      financialReport: { title: 'Фінансовий звіт за 2025 рік', year: 2025, url: 'https://example.org/reports/2025.pdf' },
    };
    const conflict = await gql(OPERATIONS.RegisterOrganization!, { input: registration }, resident);
    expect(conflict.errors).toEqual([{ message: expect.any(String), path: ['registerOrganization'], extensions: { code: 'CONFLICT', field: 'input.edrpou' } }]);

    const badInput = await gql('{ petitions(first: 1000) { totalCount } }');
    expect(badInput.errors).toEqual([{ message: expect.any(String), path: ['petitions'], extensions: { code: 'BAD_USER_INPUT', field: 'first' } }]);

    // `me` is answered by every subgraph; each refuses an anonymous caller, and the client reads it once.
    const anonymous = await gql('{ me { id } }');
    expect(anonymous.errors).toEqual([{ message: expect.any(String), path: ['me'], extensions: { code: 'UNAUTHENTICATED' } }]);
    for (const answer of [notFound, conflict, badInput, anonymous]) expectPublicExtensions(answer);
  });

  it('keeps them in entity fetches too, at the path of the entity in the answer', async () => {
    // Districts come from one subgraph, their petitions and organisations from two others (`_entities`).
    const districts = await gql('{ city(id: "kyiv") { districts { id petitions(first: 1000) { totalCount } organizations(first: 1000) { totalCount } } } }');
    const list = districts.data.city.districts as { id: string; petitions: unknown; organizations: unknown }[];
    expect(list.length).toBe(10);
    expect(list.every((d) => d.id && d.petitions === null && d.organizations === null)).toBe(true);
    const expected = list.flatMap((_, i) => [
      ['city', 'districts', i, 'petitions'],
      ['city', 'districts', i, 'organizations'],
    ]);
    expect(districts.errors!.map((e) => e.path)).toEqual(expect.arrayContaining(expected));
    expect(districts.errors).toHaveLength(expected.length);
    expect(districts.errors!.every((e) => e.extensions?.code === 'BAD_USER_INPUT' && e.extensions?.field === 'first')).toBe(true);

    const mine = await gql('{ me { id signedPetitions(first: 1000) { totalCount } respondedConsultations(first: 1000) { totalCount } heritageReports(first: 1000) { id } } }', {}, await as('errors-me'));
    expect(mine.errors!.map((e) => [e.path, e.extensions])).toEqual(
      expect.arrayContaining([
        [['me', 'signedPetitions'], { code: 'BAD_USER_INPUT', field: 'first' }],
        [['me', 'respondedConsultations'], { code: 'BAD_USER_INPUT', field: 'first' }],
        [['me', 'heritageReports'], { code: 'BAD_USER_INPUT', field: 'first' }],
      ]),
    );
    expect(mine.errors).toHaveLength(3);

    // Text answers are for officials only: a resident is refused at each question, deep inside a list of entities.
    const nested = await gql(
      '{ heritageObjects(first: 100) { edges { node { id consultations(first: 5) { edges { node { id survey { questions { kind textAnswers(first: 1) { totalCount } } } } } } } } } }',
      {},
      await as('errors-resident'),
    );
    expect(nested.errors?.length).toBeGreaterThan(0);
    for (const error of nested.errors!) {
      expect(error.extensions).toEqual({ code: 'FORBIDDEN' });
      expect(error.path!.slice(0, 2)).toEqual(['heritageObjects', 'edges']);
      expect(error.path!.at(-1)).toBe('textAnswers');
      // The path leads to the question the refusal is about.
      expect(at(nested.data, error.path!.slice(0, -1))).toMatchObject({ kind: expect.any(String), textAnswers: null });
    }
    for (const answer of [districts, mine, nested]) expectPublicExtensions(answer);
  });

  it('answers a subgraph\u02bcs unexpected error as INTERNAL_SERVER_ERROR at its field, without internals, and the rest whole', async () => {
    const [{ id }] = (await graph.sql('heritage', 'select id from heritage_object order by id limit 1')) as { id: string }[];
    // The heritage subgraph's table goes missing: every statement on it fails in the driver.
    await graph.sql('heritage', 'alter table heritage_object rename to heritage_object_gone');
    try {
      const root = await gql(MONUMENT_AND_PETITIONS, { id });
      expect(root.data.petitions.totalCount).toBeGreaterThan(0);
      expect(root.data.heritageObject).toBeNull();
      expect(root.errors).toEqual([{ message: 'Внутрішня помилка сервера.', path: ['heritageObject'], extensions: { code: 'INTERNAL_SERVER_ERROR', service: 'heritage' } }]);

      const entities = await gql('{ city(id: "kyiv") { name districts { id name heritageObjects(first: 1) { totalCount } } } }');
      const list = entities.data.city.districts as { id: string; heritageObjects: unknown }[];
      expect(list).toHaveLength(10);
      expect(list.every((d) => d.id && d.heritageObjects === null)).toBe(true);
      const districtsWithErrors = new Set(entities.errors!.map((e) => JSON.stringify(e.path!.slice(0, 4))));
      expect(districtsWithErrors).toEqual(new Set(list.map((_, i) => JSON.stringify(['city', 'districts', i, 'heritageObjects']))));
      expect(entities.errors!.every((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' && e.extensions?.service === 'heritage')).toBe(true);

      for (const answer of [root, entities]) {
        expectPublicExtensions(answer);
        expect(JSON.stringify(answer)).not.toMatch(/heritage_object|no such table|relation|select |SQLITE|SERVICE_UNAVAILABLE/i);
      }
    } finally {
      await graph.sql('heritage', 'alter table heritage_object_gone rename to heritage_object');
    }
    expect((await gql(MONUMENT_AND_PETITIONS, { id })).data.heritageObject).toEqual({ id, name: expect.any(String) });
  });

  it('says SERVICE_UNAVAILABLE only when a subgraph cannot be reached, naming it, with no path', async () => {
    const [{ id }] = (await graph.sql('heritage', 'select id from heritage_object order by id limit 1')) as { id: string }[];
    await graph.stopSubgraph('heritage');
    const answer = await gql(MONUMENT_AND_PETITIONS, { id });
    expect(answer.data.petitions.totalCount).toBeGreaterThan(0);
    expect(answer.data.heritageObject).toBeNull();
    expect(answer.errors).toEqual([{ message: 'Сервіс культурної спадщини не відповів, тож його поля у відповіді порожні (null).', extensions: { code: 'SERVICE_UNAVAILABLE', service: 'heritage' } }]);
  });
});
