import 'reflect-metadata';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { consultationsSubgraph } from '../subgraphs/consultations/consultations.subgraph.js';
import { demoConsultations } from '../subgraphs/consultations/demo/consultations.data.js';
import { demoId } from '../subgraphs/shared/demo-ids.js';
import { dbDate } from '../subgraphs/shared/queries.js';
import { createSubgraph } from '../subgraphs/shared/subgraph.js';
import { scratchDatabase, testDialects, testSubgraphConfig, type ScratchDatabase } from './support/databases.js';
import { postAsGateway } from './support/gateway-signing.js';

type Server = Awaited<ReturnType<typeof createSubgraph>>;
interface GraphQLResponse {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

const dialects = await testDialects();
let database: ScratchDatabase;
const statements: string[] = [];
let server: Server;
let url: string;

async function gql(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await postAsGateway(url, 'consultations', { query, variables }, { headers });
  return (await response.json()) as GraphQLResponse;
}

/** Runs a query and returns its data (failing on any error) and how many SQL statements it cost. */
async function measured(query: string, variables: Record<string, unknown> = {}): Promise<{ data: Record<string, any>; sql: number }> {
  statements.length = 0;
  const result = await gql(query, variables);
  expect(result.errors).toBeUndefined();
  return { data: result.data!, sql: statements.length };
}

async function ok(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Record<string, any>> {
  const result = await gql(query, variables, headers);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** Raw SQL against the subgraph's database; Date bindings are converted as the dialect stores them. */
async function sql<T>(query: string, bindings: unknown[] = []): Promise<T[]> {
  const em = server.orm.em.fork() as SqlEntityManager;
  const values = bindings.map((b) => (b instanceof Date ? dbDate(em, b) : b));
  return (await em.execute(query, values as never[])) as T[];
}

/** The status each demo consultation must have now (the seeder places them relative to the same clock). */
function expectedStatus(demo: (typeof demoConsultations)[number]): 'PLANNED' | 'OPEN' | 'CLOSED' {
  if (demo.opensInDays > 0) return 'PLANNED';
  if (demo.closesInDays > 0) return 'OPEN';
  return 'CLOSED';
}

const LIST = /* GraphQL */ `
  query List($first: Int, $after: String, $filter: ConsultationFilter) {
    consultations(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id title status format opensAt closesAt participantCount city { id } district { id } } }
    }
  }
`;

/** Every node of a filtered list, following the cursors, with the totalCount of each page. */
async function all(filter: Record<string, unknown> | null, first = 7): Promise<{ nodes: any[]; totals: number[] }> {
  const nodes: any[] = [];
  const totals: number[] = [];
  let after: string | null = null;
  for (;;) {
    const data = await ok(LIST, { first, after, filter });
    const connection = data.consultations;
    totals.push(connection.totalCount);
    nodes.push(...connection.edges.map((edge: any) => edge.node));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return { nodes, totals };
}

describe.each(dialects)('the consultations subgraph on %s', (dialect) => {
  beforeAll(async () => {
    database = scratchDatabase(dialect, 'consultations');
    if (!consultationsSubgraph.migrations.sqlite.length) {
      throw new Error('The consultations subgraph has no migrations yet: run `npm run migrations:create -- consultations` first');
    }
    server = await createSubgraph(
      consultationsSubgraph,
      testSubgraphConfig('consultations', database),
      { onQuery: (statement) => statements.push(statement) },
    );
    url = await server.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await server?.close();
    await database.drop();
  });

  describe('the demo data', () => {
    test('is there', () => {
      expect(demoConsultations.length).toBeGreaterThan(3);
      expect(new Set(demoConsultations.map((d) => d.slug)).size).toBe(demoConsultations.length);
    });
  });

  describe('Query.consultations', () => {
    test('filters by city, with the right totalCount, latest opening first, across keyset pages', async () => {
      for (const city of ['kyiv', 'vinnytsia']) {
        const expected = demoConsultations.filter((d) => d.city === city);
        const { nodes, totals } = await all({ city });
        expect(new Set(totals)).toEqual(new Set([expected.length]));
        expect(nodes.map((n) => n.id).sort()).toEqual(expected.map((d) => demoId('consultation', d.slug)).sort());
        expect(nodes.every((n) => n.city.id === city)).toBe(true);
        const order = nodes.map((n) => [Date.parse(n.opensAt), n.id] as const);
        const sorted = [...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
        expect(order).toEqual(sorted);
      }
      const { nodes, totals } = await all(null, 3);
      expect(totals[0]).toBe(demoConsultations.length);
      expect(new Set(nodes.map((n) => n.id)).size).toBe(demoConsultations.length);
    });

    test('derives the status from the dates, and filters by it', async () => {
      const { nodes } = await all(null, 100);
      const byId = new Map(nodes.map((n) => [n.id, n]));
      for (const demo of demoConsultations) {
        const node = byId.get(demoId('consultation', demo.slug));
        expect(node?.status, demo.slug).toBe(expectedStatus(demo));
        expect(Date.parse(node.opensAt)).toBeLessThan(Date.parse(node.closesAt));
      }
      for (const status of ['PLANNED', 'OPEN', 'CLOSED'] as const) {
        const expected = demoConsultations.filter((d) => expectedStatus(d) === status);
        for (const city of ['kyiv', 'vinnytsia']) {
          const inCity = expected.filter((d) => d.city === city);
          const { nodes: found, totals } = await all({ city, status });
          expect(totals[0], `${city} ${status}`).toBe(inCity.length);
          expect(found.map((n) => n.id).sort()).toEqual(inCity.map((d) => demoId('consultation', d.slug)).sort());
          expect(found.every((n) => n.status === status)).toBe(true);
        }
      }
    });

    test('filters by district, format, organizer and heritage object', async () => {
      const districts = [...new Set(demoConsultations.map((d) => d.district).filter((d): d is string => !!d))];
      expect(districts.length).toBeGreaterThan(0);
      for (const district of districts) {
        const expected = demoConsultations.filter((d) => d.district === district);
        const { nodes, totals } = await all({ district });
        expect(totals[0], district).toBe(expected.length);
        expect(nodes.every((n) => n.district?.id === district)).toBe(true);
      }
      const format = demoConsultations[0]!.format;
      expect((await all({ format })).totals[0]).toBe(demoConsultations.filter((d) => d.format === format).length);

      const organizer = demoConsultations.flatMap((d) => d.organizers)[0];
      if (organizer) {
        const expected = demoConsultations.filter((d) => d.organizers.includes(organizer));
        expect((await all({ organizer: demoId('organization', organizer) })).totals[0]).toBe(expected.length);
      }
      const heritage = demoConsultations.flatMap((d) => d.heritageObjects)[0];
      if (heritage) {
        const expected = demoConsultations.filter((d) => d.heritageObjects.includes(heritage));
        expect((await all({ heritageObject: demoId('heritage', heritage) })).totals[0]).toBe(expected.length);
      }
      // Ids that are not UUIDs match nothing rather than failing.
      expect((await all({ organizer: 'not-a-uuid' })).totals[0]).toBe(0);
      expect((await all({ heritageObject: 'not-a-uuid' })).totals[0]).toBe(0);
    });

    test('costs two statements per page (count and keyset page), whatever the page size', async () => {
      expect((await measured(LIST, { first: 1, filter: { city: 'kyiv' } })).sql).toBe(2);
      expect((await measured(LIST, { first: 100, filter: { city: 'kyiv' } })).sql).toBe(2);
    });
  });

  describe('Query.consultation', () => {
    const PAGE = /* GraphQL */ `
      query Page($id: ID!) {
        consultation(id: $id) {
          id title description format status opensAt closesAt participantCount viewerHasResponded
          city { id } district { id name }
          organizers { id } heritageObjects { id }
          survey { questions { id text kind required scaleMin scaleMax options { id text responseCount } } }
          outcome { publishedAt summary }
        }
      }
    `;

    test('answers in the language asked for, falling back to Ukrainian', async () => {
      const translated = demoConsultations.find((d) => d.titleEn)!;
      const id = demoId('consultation', translated.slug);
      const en = await ok(PAGE, { id }, { 'accept-language': 'en-GB,en;q=0.9,uk;q=0.5' });
      const uk = await ok(PAGE, { id }, { 'accept-language': 'uk' });
      const none = await ok(PAGE, { id });
      expect(en.consultation.title).toBe(translated.titleEn);
      expect(en.consultation.description).toBe(translated.descriptionEn ?? translated.descriptionUk);
      expect(uk.consultation.title).toBe(translated.titleUk);
      expect(none.consultation.title).toBe(translated.titleUk);
      expect(uk.consultation.description).toBe(translated.descriptionUk);
      if (translated.district) expect(en.consultation.district.name).not.toBe(uk.consultation.district.name);

      const untranslated = demoConsultations.find((d) => !d.titleEn);
      if (untranslated) {
        const data = await ok(PAGE, { id: demoId('consultation', untranslated.slug) }, { 'accept-language': 'en' });
        expect(data.consultation.title).toBe(untranslated.titleUk);
      }
    });

    test('shows the full page: links, outcome, viewerHasResponded', async () => {
      for (const demo of demoConsultations) {
        const { consultation } = await ok(PAGE, { id: demoId('consultation', demo.slug) });
        expect(consultation.viewerHasResponded).toBe(false);
        expect(consultation.city.id).toBe(demo.city);
        expect(consultation.district?.id ?? null).toBe(demo.district);
        expect(consultation.organizers.map((o: any) => o.id).sort()).toEqual([...new Set(demo.organizers)].map((s) => demoId('organization', s)).sort());
        expect(consultation.heritageObjects.map((o: any) => o.id).sort()).toEqual([...new Set(demo.heritageObjects)].map((s) => demoId('heritage', s)).sort());
        const published = expectedStatus(demo) === 'CLOSED' && !!demo.outcomeUk;
        expect(consultation.outcome === null, demo.slug).toBe(!published);
        if (published) {
          expect(consultation.outcome.summary).toBe(demo.outcomeUk);
          expect(Date.parse(consultation.outcome.publishedAt)).toBeGreaterThanOrEqual(Date.parse(consultation.closesAt));
        }
        expect(consultation.survey === null).toBe(!demo.survey?.length);
      }
    });

    test('survey questions and options in order, with counts equal to the response rows', async () => {
      const withSurvey = demoConsultations.filter((d) => d.survey?.length);
      expect(withSurvey.length).toBeGreaterThan(0);
      let responsesSeen = 0;
      for (const demo of withSurvey) {
        const id = demoId('consultation', demo.slug);
        const { consultation } = await ok(PAGE, { id });
        const [{ responses }] = await sql<{ responses: number }>('select count(*) as responses from survey_response where consultation_id = ?', [id]);
        responsesSeen += Number(responses);
        expect(consultation.participantCount, demo.slug).toBe(demo.offlineParticipants + Number(responses));
        if (expectedStatus(demo) !== 'PLANNED' && demo.surveyResponses > 0) expect(Number(responses), demo.slug).toBe(demo.surveyResponses);
        if (expectedStatus(demo) === 'PLANNED') expect(Number(responses)).toBe(0);

        const questions = consultation.survey.questions;
        expect(questions.map((q: any) => q.text)).toEqual(demo.survey!.map((q) => q.textUk));
        for (const [i, question] of questions.entries()) {
          const spec = demo.survey![i]!;
          expect(question.kind).toBe(spec.kind);
          expect(question.required).toBe(spec.required);
          const rows = await sql<{ option_id: string | null; answers: number; responses: number }>(
            'select option_id, count(*) as answers, count(distinct response_id) as responses from survey_answer where question_id = ? group by option_id',
            [question.id],
          );
          const answeredBy = await sql<{ n: number }>('select count(distinct response_id) as n from survey_answer where question_id = ?', [question.id]);
          if (spec.required) expect(Number(answeredBy[0]!.n), `${demo.slug} q${i}`).toBe(Number(responses));
          else expect(Number(answeredBy[0]!.n)).toBeLessThanOrEqual(Number(responses));

          if (spec.kind === 'SINGLE_CHOICE' || spec.kind === 'MULTIPLE_CHOICE') {
            expect(question.options.map((o: any) => o.text)).toEqual(spec.options.map((o) => o.textUk));
            for (const option of question.options) {
              const row = rows.find((r) => r.option_id === option.id);
              expect(option.responseCount).toBe(Number(row?.answers ?? 0));
            }
            const sum = question.options.reduce((total: number, o: any) => total + o.responseCount, 0);
            if (spec.kind === 'SINGLE_CHOICE') {
              // One option per answering response: the counts add up to the responses.
              expect(sum).toBe(Number(answeredBy[0]!.n));
              if (spec.required) expect(sum).toBe(Number(responses));
            } else {
              expect(sum).toBeGreaterThanOrEqual(Number(answeredBy[0]!.n));
              expect(sum).toBeLessThanOrEqual(3 * Number(answeredBy[0]!.n));
            }
          } else {
            expect(question.options).toEqual([]);
            if (spec.kind === 'SCALE') {
              expect([question.scaleMin, question.scaleMax]).toEqual([1, 5]);
              const [range] = await sql<{ lo: number; hi: number }>('select min(value) as lo, max(value) as hi from survey_answer where question_id = ?', [question.id]);
              if (range?.lo !== null && range?.lo !== undefined) {
                expect(Number(range.lo)).toBeGreaterThanOrEqual(1);
                expect(Number(range.hi)).toBeLessThanOrEqual(5);
              }
            } else {
              expect(question.scaleMin).toBeNull();
            }
          }
        }
      }
      expect(responsesSeen).toBeGreaterThan(0);
      // Denormalised counts equal the rows, for every consultation.
      const drift = await sql('select c.id from consultation c where c.response_count <> (select count(*) from survey_response r where r.consultation_id = c.id)');
      expect(drift).toEqual([]);
      const optionDrift = await sql('select o.id from survey_option o where o.response_count <> (select count(*) from survey_answer a where a.option_id = o.id)');
      expect(optionDrift).toEqual([]);
      // Responses fall within the open period, up to now.
      const outside = await sql(
        'select r.id from survey_response r join consultation c on c.id = r.consultation_id where r.submitted_at < c.opens_at or r.submitted_at > c.closes_at or r.submitted_at > ?',
        [new Date()],
      );
      expect(outside).toEqual([]);
    });

    test('is null for an unknown id, a non-UUID id included', async () => {
      expect((await ok(PAGE, { id: '00000000-0000-4000-8000-000000000000' })).consultation).toBeNull();
      expect((await ok(PAGE, { id: 'no-such-consultation' })).consultation).toBeNull();
    });
  });

  describe('federation', () => {
    const ENTITIES = /* GraphQL */ `
      query Entities($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Consultation {
            id title status participantCount
            organizers { id } heritageObjects { id }
            survey { questions { id options { id responseCount } } }
          }
        }
      }
    `;
    const ORGANIZATIONS = /* GraphQL */ `
      query Organizations($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Organization { id consultations { totalCount edges { node { id title } } } }
        }
      }
    `;

    test('resolves Consultation references in a constant number of statements', async () => {
      const ids = demoConsultations.map((d) => demoId('consultation', d.slug));
      const one = await measured(ENTITIES, { representations: [{ __typename: 'Consultation', id: ids[0] }] });
      const many = await measured(ENTITIES, {
        representations: [...ids, 'not-a-uuid', '00000000-0000-4000-8000-000000000000'].map((id) => ({ __typename: 'Consultation', id })),
      });
      expect(many.data._entities.slice(0, ids.length).map((e: any) => e.id)).toEqual(ids);
      expect(many.data._entities.slice(ids.length)).toEqual([null, null]);
      console.info(`_entities Consultation: ${one.sql} statements for 1 representation, ${many.sql} for ${ids.length + 2}`);
      expect(many.sql).toBe(one.sql);
      expect(many.sql).toBeLessThanOrEqual(5); // consultations, organisers, heritage links, questions, options
    });

    test('adds consultations to organisations, batched into one statement', async () => {
      const slugs = [...new Set(demoConsultations.flatMap((d) => d.organizers))];
      expect(slugs.length).toBeGreaterThan(1);
      const reps = slugs.map((slug) => ({ __typename: 'Organization', id: demoId('organization', slug) }));
      const one = await measured(ORGANIZATIONS, { representations: reps.slice(0, 1) });
      const many = await measured(ORGANIZATIONS, { representations: [...reps, { __typename: 'Organization', id: 'not-a-uuid' }] });
      console.info(`_entities Organization.consultations: ${one.sql} statements for 1 representation, ${many.sql} for ${reps.length + 1}`);
      expect(many.sql).toBe(one.sql);
      expect(many.sql).toBe(1);
      slugs.forEach((slug, i) => {
        const expected = demoConsultations.filter((d) => d.organizers.includes(slug)).map((d) => demoId('consultation', d.slug));
        const connection = many.data._entities[i].consultations;
        expect(connection.totalCount, slug).toBe(expected.length);
        expect(connection.edges.map((e: any) => e.node.id).sort()).toEqual(expected.slice(0, 20).sort());
      });
      expect(many.data._entities.at(-1).consultations.totalCount).toBe(0);

      const counts = await measured(
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Organization { consultations(filter: { status: CLOSED }) { totalCount } } } }`,
        { representations: reps },
      );
      expect(counts.sql).toBe(1);
      slugs.forEach((slug, i) => {
        const expected = demoConsultations.filter((d) => d.organizers.includes(slug) && expectedStatus(d) === 'CLOSED').length;
        expect(counts.data._entities[i].consultations.totalCount).toBe(expected);
      });
    });

    test('adds consultations to districts and heritage objects, and pages them', async () => {
      const districts = [...new Set(demoConsultations.map((d) => d.district).filter((d): d is string => !!d))];
      const { data, sql: statementsUsed } = await measured(
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on District { id consultations(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } } }`,
        { representations: districts.map((id) => ({ __typename: 'District', id })) },
      );
      expect(statementsUsed).toBe(1);
      districts.forEach((district, i) => {
        const expected = demoConsultations.filter((d) => d.district === district).length;
        const connection = data._entities[i].consultations;
        expect(connection.totalCount).toBe(expected);
        expect(connection.edges.length).toBe(Math.min(1, expected));
        expect(connection.pageInfo.hasNextPage).toBe(expected > 1);
      });
      // The second page of the busiest district.
      const busiest = districts.reduce((a, b) =>
        demoConsultations.filter((d) => d.district === b).length > demoConsultations.filter((d) => d.district === a).length ? b : a,
      );
      const first = data._entities[districts.indexOf(busiest)].consultations;
      if (first.pageInfo.hasNextPage) {
        const next = await ok(
          `query($representations: [_Any!]!, $after: String) { _entities(representations: $representations) { ... on District { consultations(first: 1, after: $after) { edges { node { id } } } } } }`,
          { representations: [{ __typename: 'District', id: busiest }], after: first.pageInfo.endCursor },
        );
        expect(next._entities[0].consultations.edges[0].node.id).not.toBe(first.edges[0].node.id);
      }

      const heritage = [...new Set(demoConsultations.flatMap((d) => d.heritageObjects))];
      if (heritage.length) {
        const result = await measured(
          `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on HeritageObject { consultations { totalCount edges { node { id status } } } } } }`,
          { representations: heritage.map((slug) => ({ __typename: 'HeritageObject', id: demoId('heritage', slug) })) },
        );
        expect(result.sql).toBe(1);
        heritage.forEach((slug, i) => {
          expect(result.data._entities[i].consultations.totalCount).toBe(demoConsultations.filter((d) => d.heritageObjects.includes(slug)).length);
        });
      }
    });

    test('City.consultationStats: one GROUP BY for all cities', async () => {
      const QUERY = `query($representations: [_Any!]!, $year: Int) { _entities(representations: $representations) { ... on City { id consultationStats(year: $year) { year total participants } } } }`;
      const representations = [{ __typename: 'City', id: 'kyiv' }, { __typename: 'City', id: 'vinnytsia' }];
      const { data, sql: used } = await measured(QUERY, { representations });
      expect(used).toBe(1);
      for (const [i, city] of ['kyiv', 'vinnytsia'].entries()) {
        const [row] = await sql<{ total: number; participants: number }>(
          'select count(*) as total, sum(offline_participants + (select count(*) from survey_response r where r.consultation_id = c.id)) as participants from consultation c where city = ?',
          [city],
        );
        expect(data._entities[i].consultationStats).toEqual({ year: null, total: Number(row!.total), participants: Number(row!.participants ?? 0) });
        expect(data._entities[i].consultationStats.total).toBe(demoConsultations.filter((d) => d.city === city).length);
      }
      const year = new Date().getUTCFullYear();
      const thisYear = await ok(QUERY, { representations, year });
      const openedThisYear = await sql<{ id: string }>('select id from consultation where city = ? and opens_at >= ? and opens_at < ?', [
        'kyiv',
        new Date(Date.UTC(year, 0, 1)),
        new Date(Date.UTC(year + 1, 0, 1)),
      ]);
      expect(thisYear._entities[0].consultationStats.total).toBe(openedThisYear.length);
      expect(thisYear._entities[0].consultationStats.year).toBe(year);
    });
  });

  describe('errors', () => {
    async function badInput(query: string, variables: Record<string, unknown> = {}): Promise<string | undefined> {
      const result = await gql(query, variables);
      expect(result.errors?.length).toBeGreaterThan(0);
      expect(result.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(result.errors)).not.toMatch(/stacktrace|select /i);
      return result.errors![0]!.extensions?.field;
    }

    test('a page size out of range names `first`', async () => {
      expect(await badInput(LIST, { first: -1 })).toBe('first');
      expect(await badInput(LIST, { first: 101 })).toBe('first');
      expect(
        await badInput(
          `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Organization { consultations(first: 101) { totalCount } } } }`,
          { representations: [{ __typename: 'Organization', id: demoId('organization', 'x') }] },
        ),
      ).toBe('first');
    });

    test('a malformed cursor names `after`', async () => {
      expect(await badInput(LIST, { after: '!!not a cursor!!' })).toBe('after');
      expect(await badInput(LIST, { after: Buffer.from('["x"]').toString('base64url') })).toBe('after');
      expect(await badInput(LIST, { after: Buffer.from('[1, 2]').toString('base64url') })).toBe('after');
      expect(
        await badInput(
          `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on District { consultations(after: "nope") { totalCount } } } }`,
          { representations: [{ __typename: 'District', id: 'kyiv-podilskyi' }] },
        ),
      ).toBe('after');
    });

    test('an unknown city or district in a filter names the field', async () => {
      expect(await badInput(LIST, { filter: { city: 'atlantis' } })).toBe('filter.city');
      expect(await badInput(LIST, { filter: { district: 'atlantis-centre' } })).toBe('filter.district');
      expect(await badInput(LIST, { filter: { city: 'vinnytsia', district: 'kyiv-podilskyi' } })).toBe('filter.district');
    });

    test('a year out of range names `year`', async () => {
      expect(
        await badInput(`query { _entities(representations: [{ __typename: "City", id: "kyiv" }]) { ... on City { consultationStats(year: 1900) { total } } } }`),
      ).toBe('year');
    });
  });
});
