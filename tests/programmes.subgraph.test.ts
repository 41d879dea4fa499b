/**
 * The programmes subgraph in-process, on SQLite and PostgreSQL: its migrations, the demo
 * data (the five seed documents, imported on first start), the operations of
 * ../shared/operations/programmes.graphql as this subgraph answers them, the idempotent
 * import, matching parties to the registry (a registry subgraph runs beside it), and the
 * officials' report workflow with every kind of bad input.
 *
 * Expected figures come from reading the documents (see tests/programmes.import.units.test.ts
 * for where each is in them), not from the importer.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SubgraphName } from '../lib/subgraphs.js';
import { openDatabase, ormOptions } from '../subgraphs/shared/database.js';
import type { Viewer } from '../lib/identity.js';
import { createPeerQuery } from '../subgraphs/shared/peers.js';
import { createSubgraph, seedVolume } from '../subgraphs/shared/subgraph.js';
import { generatedId } from '../subgraphs/shared/volume.js';
import { PROGRAMME_VOLUMES } from '../subgraphs/programmes/demo/programmes.volume.js';
import { DEMO_DOCUMENTS } from '../subgraphs/programmes/demo/documents/index.js';
import { importDocument, ImportRefusedError } from '../subgraphs/programmes/document/import.command.js';
import { registryMatcher } from '../subgraphs/programmes/party/organization-matching.js';
import { programmesSubgraph } from '../subgraphs/programmes/programmes.subgraph.js';
import { registrySubgraph } from '../subgraphs/registry/registry.subgraph.js';
import { noPeers, scratchDatabase, testDialects, testSubgraphConfig, type ScratchDatabase } from './support/databases.js';
import { postAsGateway, TEST_GATEWAY_SECRET } from './support/gateway-signing.js';

const PROGRAMMES: SubgraphName = 'programmes';
type Server = Awaited<ReturnType<typeof createSubgraph>>;
interface GraphQLResponse {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

const dialects = await testDialects();
const scratch: ScratchDatabase[] = [];
const statements: string[] = [];
let server: Server;
let registry: Server;
let url: string;
let registryUrl: string;

const OFFICIAL_KYIV: Viewer = { id: 'official-kyiv-1', grants: [{ role: 'official', city: 'kyiv' }] };
const OFFICIAL_VINNYTSIA: Viewer = { id: 'official-vinnytsia-1', grants: [{ role: 'official', city: 'vinnytsia' }] };
const RESIDENT: Viewer = { id: 'demo-resident-kyiv-1', grants: [] };

async function gql(query: string, variables: Record<string, unknown> = {}, viewer: Viewer | null = null): Promise<GraphQLResponse> {
  const response = await postAsGateway(url, PROGRAMMES, { query, variables }, { viewer });
  return (await response.json()) as GraphQLResponse;
}

async function ok(query: string, variables: Record<string, unknown> = {}, viewer: Viewer | null = null): Promise<Record<string, any>> {
  const result = await gql(query, variables, viewer);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** The single error of a failed operation, with its code and field. */
async function failure(query: string, variables: Record<string, unknown>, viewer: Viewer | null) {
  const result = await gql(query, variables, viewer);
  expect(result.errors, JSON.stringify(result.data)).toHaveLength(1);
  const [error] = result.errors!;
  expect(error!.message).not.toMatch(/\bat\s.+:\d+:\d+|select |insert |update /i); // no stack, no SQL
  return { code: error!.extensions?.code, field: error!.extensions?.field, message: error!.message };
}

async function sql<T>(query: string, bindings: unknown[] = []): Promise<T[]> {
  const em = server.orm.em.fork() as SqlEntityManager;
  return (await em.execute(query, bindings as never[])) as T[];
}

const TABLES = ['programme_document', 'programme', 'programme_goal', 'measure', 'measure_party', 'measure_funding', 'programme_report', 'measure_progress', 'measure_progress_change'];

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) counts[table] = Number((await sql<{ n: number | string }>(`select count(*) as n from ${table}`))[0]!.n);
  return counts;
}

// The contract's operations (../shared/operations/programmes.graphql), as this subgraph alone
// answers them: MeasurePage without `consultations` (the consultations subgraph adds it to
// Measure), OrganizationProgrammes through `_entities` (the registry owns `organization`).
const CITY_PROGRAMMES = /* GraphQL */ `
  query CityProgrammes($city: ID!) {
    city(id: $city) { id programmes { id title kind startYear endYear measureCount } }
  }
`;
const PROGRAMME_PAGE = /* GraphQL */ `
  query ProgrammePage($id: ID!, $status: MeasureStatus, $first: Int = 50, $after: String) {
    programme(id: $id) {
      id title kind startYear endYear approvedBy
      source { document }
      goals { number title }
      statusCounts { status count }
      reports { id title periodStart periodEnd }
      measures(first: $first, after: $after, filter: { status: $status }) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id number title deadline status executors } }
      }
    }
  }
`;
const MEASURE_PAGE = /* GraphQL */ `
  query MeasurePage($id: ID!) {
    measure(id: $id) {
      id number title
      goal { number title }
      deadline executors
      partners { name organization { id } }
      expectedResults
      funding { source year planned }
      status
      progress { report { id title } status statusText text spent reasons }
    }
  }
`;
const PROGRAMME_REPORT = /* GraphQL */ `
  query ProgrammeReport($id: ID!) {
    programmeReport(id: $id) {
      id title periodStart periodEnd
      programme { id title }
      statusCounts { status count }
      totals { plannedStated spentStated deviationStated plannedSum spentSum }
    }
  }
`;
const ORGANIZATION_PROGRAMMES = /* GraphQL */ `
  query OrganizationProgrammes($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Organization { id programmeMeasures(first: 10) { totalCount edges { node { id number title status } } } }
    }
  }
`;
const RECORD = /* GraphQL */ `
  mutation RecordMeasureProgress($input: RecordMeasureProgressInput!) {
    recordMeasureProgress(input: $input) {
      measure { id status progress { report { id } status text spent } }
    }
  }
`;
const OPEN = /* GraphQL */ `
  mutation Open($input: OpenProgrammeReportInput!) {
    openProgrammeReport(input: $input) { report { id title state periodStart periodEnd } }
  }
`;
const PUBLISH = /* GraphQL */ `
  mutation Publish($id: ID!) { publishProgrammeReport(id: $id) { report { id state publishedAt } } }
`;

const PROGRAMME_2020 = 'Сприяння розвитку громадянського суспільства у місті Києві на 2020–2024 роки';

async function programmeId(title: string): Promise<string> {
  const [row] = await sql<{ id: string }>('select id from programme where title = ?', [title]);
  return row!.id;
}

async function measureId(programme: string, number: string): Promise<string> {
  const [row] = await sql<{ id: string }>('select id from measure where programme_id = ? and measure_key = ?', [programme, number]);
  return row!.id;
}

const statusMap = (counts: { status: string; count: number }[]) => Object.fromEntries(counts.map((c) => [c.status, c.count]));

describe.each(dialects)('the programmes subgraph on %s', (dialect) => {
  beforeAll(async () => {
    const registryDatabase = scratchDatabase(dialect, 'registry');
    const database = scratchDatabase(dialect, PROGRAMMES);
    scratch.push(registryDatabase, database);
    registry = await createSubgraph(registrySubgraph, testSubgraphConfig('registry', registryDatabase));
    registryUrl = await registry.listen(0, '127.0.0.1');
    server = await createSubgraph(programmesSubgraph, testSubgraphConfig(PROGRAMMES, database), { onQuery: (statement) => statements.push(statement) });
    url = await server.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await server?.close();
    await registry?.close();
    await Promise.all(scratch.splice(0).map((s) => s.drop()));
  });

  test('its committed migrations build exactly its entities', async () => {
    const database = scratchDatabase(dialect, PROGRAMMES);
    scratch.push(database);
    const options = { database: database.config, entities: programmesSubgraph.entities, migrations: programmesSubgraph.migrations };
    await (await openDatabase(options)).close();
    const orm = await MikroORM.init(ormOptions(options));
    try {
      expect(programmesSubgraph.migrations[dialect].length).toBeGreaterThan(0);
      expect((await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
    } finally {
      await orm.close();
    }
  });

  describe('the demo data: the five documents, imported on first start', () => {
    test('CityProgrammes: Kyiv has the four Kyiv documents\u02bc programmes, Vinnytsia its plan', async () => {
      const kyiv = (await ok(CITY_PROGRAMMES, { city: 'kyiv' })).city;
      expect(kyiv.id).toBe('kyiv');
      const byTitle = Object.fromEntries(kyiv.programmes.map((p: any) => [p.title, p]));
      expect(Object.keys(byTitle)).toHaveLength(4);
      expect(byTitle['План заходів на 2025–2027 роки']).toMatchObject({ kind: 'ACTION_PLAN', startYear: 2025, endYear: 2027, measureCount: 27 });
      expect(byTitle[PROGRAMME_2020]).toMatchObject({ kind: 'TARGET_PROGRAMME', startYear: 2020, endYear: 2024, measureCount: 28 });
      expect(byTitle['План дій із впровадження у місті Києві Ініціативи «Партнерство «Відкритий Уряд» у 2025-2026 роках']).toMatchObject({ kind: 'ACTION_PLAN', measureCount: 38 });
      expect(
        byTitle['План заходів щодо реалізації міської цільової програми «Сприяння розвитку громадянського суспільства» у місті Києві на 2023 - 2024 роки'],
      ).toMatchObject({ kind: 'ACTION_PLAN', startYear: 2023, endYear: 2024, measureCount: 24 });
      // Latest first.
      expect(kyiv.programmes.map((p: any) => p.startYear)).toEqual([2025, 2025, 2023, 2020]);
      const vinnytsia = (await ok(CITY_PROGRAMMES, { city: 'vinnytsia' })).city;
      expect(vinnytsia.programmes).toEqual([
        expect.objectContaining({ title: 'План реалізації Стратегії партнерства між ІГС та ВМР на 2023-2024 рр.', kind: 'STRATEGY_PLAN', measureCount: 27 }),
      ]);
    });

    test('ProgrammePage: the 2020–2024 programme, its goals, statuses, report and measures page by page', async () => {
      const id = await programmeId(PROGRAMME_2020);
      const first = (await ok(PROGRAMME_PAGE, { id, first: 10 })).programme;
      expect(first).toMatchObject({ title: PROGRAMME_2020, kind: 'TARGET_PROGRAMME', startYear: 2020, endYear: 2024, approvedBy: null });
      expect(first.source).toEqual({ document: '003_d01330ca29f1f7e4.txt' });
      expect(first.goals.map((g: any) => g.number)).toEqual(['1', '2']);
      expect(statusMap(first.statusCounts)).toEqual({ DONE: 3, IN_PROGRESS: 0, PARTIALLY_DONE: 15, NOT_DONE: 7, NOT_REPORTED: 3 });
      expect(first.reports).toEqual([expect.objectContaining({ periodStart: '2023-01-01', periodEnd: '2023-03-31' })]);
      expect(first.measures.totalCount).toBe(28);
      expect(first.measures.pageInfo.hasNextPage).toBe(true);
      const numbers: string[] = first.measures.edges.map((e: any) => e.node.number);
      let after = first.measures.pageInfo.endCursor;
      for (;;) {
        const page = (await ok(PROGRAMME_PAGE, { id, first: 10, after })).programme.measures;
        numbers.push(...page.edges.map((e: any) => e.node.number));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(numbers).toHaveLength(28);
      expect(numbers.slice(0, 10)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8.1', '1.8.2', '1.8.3']);
      expect(numbers.at(-1)).toBe('2.2');
      const done = (await ok(PROGRAMME_PAGE, { id, status: 'DONE' })).programme.measures;
      expect(done.totalCount).toBe(3);
      expect(done.edges.map((e: any) => [e.node.number, e.node.status])).toEqual([['1.15', 'DONE'], ['1.21', 'DONE'], ['2.2', 'DONE']]);
    });

    test('ProgrammePage costs the same number of statements for 5 measures as for 38', async () => {
      const id = await programmeId('План дій із впровадження у місті Києві Ініціативи «Партнерство «Відкритий Уряд» у 2025-2026 роках');
      statements.length = 0;
      const small = (await ok(PROGRAMME_PAGE, { id, first: 5 })).programme;
      const few = statements.length;
      statements.length = 0;
      const all = (await ok(PROGRAMME_PAGE, { id, first: 50 })).programme;
      expect(all.measures.edges).toHaveLength(38);
      expect(small.measures.edges).toHaveLength(5);
      expect(statements.length).toBe(few);
      expect(all.goals).toHaveLength(5);
      expect(all.approvedBy).toBe('Рішення Київської міської ради від _____ № _____');
      expect(all.measures.edges.find((e: any) => e.node.number === '4.6').node.executors).toEqual([
        'Київська міська рада',
        'Департамент суспільних комунікацій виконавчого органу Київської міської ради (Київської міської державної адміністрації)',
      ]);
    });

    test('MeasurePage: measure 1.21 with its funding in exact decimals and its progress', async () => {
      const id = await measureId(await programmeId(PROGRAMME_2020), '1.21');
      const measure = (await ok(MEASURE_PAGE, { id })).measure;
      expect(measure).toMatchObject({
        number: '1.21',
        title: 'Забезпечення здійснення фінансової підтримки діяльності органів самоорганізації населення міста Києва',
        goal: { number: '1', title: 'Налагодження комунікації «влада - громадськість»' },
        deadline: '2020-2024',
        executors: ['Департамент суспільних комунікацій виконавчого органу Київської міської ради (Київської міської державної адміністрації)'],
        partners: [],
        status: 'DONE',
      });
      // Line 67: "Всього: 215 652,3 2020 рік - 33 230,8 … 2024 рік - 54 866,0", as exact decimal strings.
      expect(measure.funding).toEqual([
        { source: 'Бюджет міста Києва', year: 2020, planned: '33230.8' },
        { source: 'Бюджет міста Києва', year: 2021, planned: '35146.9' },
        { source: 'Бюджет міста Києва', year: 2022, planned: '43317' },
        { source: 'Бюджет міста Києва', year: 2023, planned: '49091.6' },
        { source: 'Бюджет міста Києва', year: 2024, planned: '54866' },
      ]);
      expect(measure.progress).toEqual([
        expect.objectContaining({ status: 'DONE', statusText: 'Виконано (завдання, заплановані на звітний період, виконані)', spent: '9076.19', reasons: null }),
      ]);
      expect(measure.progress[0].report.title).toMatch(/за січень – березень 2023 року$/);
    });

    test('MeasurePage: a step of the OGP plan names its commitment\u02bcs partners; a Vinnytsia measure its funding sources without amounts', async () => {
      const ogp = await programmeId('План дій із впровадження у місті Києві Ініціативи «Партнерство «Відкритий Уряд» у 2025-2026 роках');
      const step = (await ok(MEASURE_PAGE, { id: await measureId(ogp, '2.2') })).measure;
      expect(step.goal.number).toBe('2');
      expect(step.partners.map((p: any) => p.name)).toContain('громадська організація «Україна Інкогніта»');
      expect(step.partners.every((p: any) => p.organization === null)).toBe(true);
      expect(step.status).toBe('NOT_REPORTED');
      expect(step.progress).toEqual([]);
      const vinnytsia = await programmeId('План реалізації Стратегії партнерства між ІГС та ВМР на 2023-2024 рр.');
      const repeated = (await ok(MEASURE_PAGE, { id: await measureId(vinnytsia, '1.4.3#2') })).measure;
      expect(repeated).toMatchObject({ number: '1.4.3', title: 'Діджиталізація мережі ІГС', goal: { number: '1.3' } });
      expect(repeated.funding).toEqual([{ source: 'Грантові кошти', year: null, planned: null }]);
    });

    test('ProgrammeReport: the stated totals beside the sums of the lines', async () => {
      const [report] = await sql<{ id: string }>('select id from programme_report where programme_id = ?', [await programmeId(PROGRAMME_2020)]);
      const data = (await ok(PROGRAMME_REPORT, { id: report!.id })).programmeReport;
      expect(data).toMatchObject({ periodStart: '2023-01-01', periodEnd: '2023-03-31', programme: { title: PROGRAMME_2020 } });
      expect(data.totals).toEqual({ plannedStated: '80799.1', spentStated: '12466.72', deviationStated: '68332.38', plannedSum: '105695', spentSum: '12466.72' });
      expect(statusMap(data.statusCounts)).toEqual({ DONE: 3, IN_PROGRESS: 0, PARTIALLY_DONE: 15, NOT_DONE: 7, NOT_REPORTED: 3 });
      const differences = (await ok(`query($id: ID!) { programmeReport(id: $id) { totals { plannedDifference spentDifference deviationSum } } }`, { id: report!.id })).programmeReport.totals;
      expect(differences).toEqual({ plannedDifference: '24895.9', spentDifference: '0', deviationSum: '93228.28' });
    });

    test('ProgrammeReport: the 2023 report on the 2023–2024 plan states no money', async () => {
      const id = await programmeId('План заходів щодо реалізації міської цільової програми «Сприяння розвитку громадянського суспільства» у місті Києві на 2023 - 2024 роки');
      const [report] = await sql<{ id: string }>('select id from programme_report where programme_id = ?', [id]);
      const data = (await ok(PROGRAMME_REPORT, { id: report!.id })).programmeReport;
      expect(data.totals).toEqual({ plannedStated: null, spentStated: null, deviationStated: null, plannedSum: null, spentSum: null });
      expect(statusMap(data.statusCounts)).toEqual({ DONE: 3, IN_PROGRESS: 20, PARTIALLY_DONE: 0, NOT_DONE: 1, NOT_REPORTED: 0 });
    });

    test('unknown ids are null', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      expect((await ok(`query($id: ID!) { programme(id: $id) { id } measure(id: $id) { id } programmeReport(id: $id) { id } }`, { id: missing }))).toEqual({
        programme: null,
        measure: null,
        programmeReport: null,
      });
      expect((await ok(`{ measure(id: "not-a-uuid") { id } }`)).measure).toBeNull();
    });
  });

  describe('importing', () => {
    test('a second import of every document changes nothing', async () => {
      const before = await rowCounts();
      const em = server.orm.em.fork() as SqlEntityManager;
      for (const document of DEMO_DOCUMENTS) {
        expect(await importDocument(em, document.name, document.text, { importedBy: 'test', now: new Date() })).toMatchObject({ status: 'unchanged' });
      }
      expect(await rowCounts()).toEqual(before);
      // Two reports the documents are, and the demo draft report an official is writing (see programmes.demo-ids.ts).
      expect(before).toMatchObject({ programme_document: 5, programme: 5, measure: 27 + 24 + 38 + 28 + 27, programme_report: 2 + 1, measure_progress: 24 + 28 });
    });

    test('a document with an unreadable line is refused with its errors, and nothing of it is written', async () => {
      const before = await rowCounts();
      const report = DEMO_DOCUMENTS[3]!;
      const broken = report.text.replace('2021 рік - 2600,0', '2021 рік - 26O0,0');
      const em = server.orm.em.fork() as SqlEntityManager;
      const refusal = await importDocument(em, 'broken.txt', broken, { importedBy: 'test', now: new Date() }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ImportRefusedError);
      expect((refusal as ImportRefusedError).issues).toEqual([expect.objectContaining({ severity: 'error', line: 9 })]);
      expect(await rowCounts()).toEqual(before);
    });

    test('a file that is no such document is refused with the reason', async () => {
      const em = server.orm.em.fork() as SqlEntityManager;
      const refusal = await importDocument(em, 'notes.txt', 'Протокол зустрічі\n\nОбговорили плани на весну.', { importedBy: 'test', now: new Date() }).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(ImportRefusedError);
      expect((refusal as Error).message).toMatch(/^notes\.txt is not a programme, plan or report: No table/);
    });

    test('a report for a period the programme already has is refused whole, in one transaction', async () => {
      const before = await rowCounts();
      const em = server.orm.em.fork() as SqlEntityManager;
      // The same report with one more line at the end: other bytes, the same programme and period.
      const again = `${DEMO_DOCUMENTS[3]!.text}\n`;
      const refusal = await importDocument(em, 'again.txt', again, { importedBy: 'test', now: new Date() }).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(ImportRefusedError);
      expect((refusal as Error).message).toMatch(/already has a report for 2023-01-01 – 2023-03-31/);
      expect(await rowCounts()).toEqual(before);
    });

    test('parties are matched to registry organisations by name, and the organisation lists its measures', async () => {
      const found = await postAsGateway(registryUrl, 'registry', { query: '{ organizations(first: 5, filter: { search: "Друзі Золотих воріт" }) { edges { node { id name } } } }' });
      const [organization] = ((await found.json()) as any).data.organizations.edges.map((e: any) => e.node);
      expect(organization.name).toBe('Громадська організація «Друзі Золотих воріт»');
      // A plan naming it the way documents abbreviate legal forms ("ГО"), as a partner of two measures.
      const plan = [
        '1.\tЕкскурсії для мешканців до Золотих воріт.\tпротягом 2026 - 2027 років\tДепартамент суспільних комунікацій\tГО «Друзі Золотих воріт»\tПроведено екскурсії.',
        '2.\tВиставка про історію Золотих воріт у місті Києві.\tпротягом 2026 - 2027 років\tДепартамент культури\tГО «Друзі Золотих воріт», громадська організація «Неіснуюча у реєстрі»\tВідкрито виставку.',
        '3.\tКонсультації з мешканцями Києва.\tпротягом 2026 - 2027 років\tДепартамент суспільних комунікацій\t\tПроведено консультації.',
      ].join('\n');
      const peers = createPeerQuery({ peers: { ...noPeers(), registry: registryUrl }, gatewaySecret: TEST_GATEWAY_SECRET });
      const em = server.orm.em.fork() as SqlEntityManager;
      const outcome = await importDocument(em, 'golden-gate-plan.txt', plan, { importedBy: 'test', now: new Date(), matcher: registryMatcher(peers) });
      expect(outcome).toMatchObject({ status: 'imported', counts: { measures: 3, parties: 6 } });
      const data = await ok(ORGANIZATION_PROGRAMMES, { representations: [{ __typename: 'Organization', id: organization.id }] });
      const measures = data._entities[0].programmeMeasures;
      expect(measures.totalCount).toBe(2);
      expect(measures.edges.map((e: any) => [e.node.number, e.node.status])).toEqual([['1', 'NOT_REPORTED'], ['2', 'NOT_REPORTED']]);
      const id = measures.edges[1].node.id;
      const page = (await ok(MEASURE_PAGE, { id })).measure;
      expect(page.partners).toEqual([
        { name: 'ГО «Друзі Золотих воріт»', organization: { id: organization.id } },
        { name: 'громадська організація «Неіснуюча у реєстрі»', organization: null },
      ]);
      const nobody = await ok(ORGANIZATION_PROGRAMMES, { representations: [{ __typename: 'Organization', id: '00000000-0000-4000-8000-000000000000' }] });
      expect(nobody._entities[0].programmeMeasures.totalCount).toBe(0);
    });
  });

  describe('officials report on a programme', () => {
    let programme: string;
    let reportId: string;
    let measure: string;
    let vinnytsiaMeasure: string;
    const record = (input: Record<string, unknown>) => ({ input: { measureId: measure, reportId, status: 'IN_PROGRESS', text: 'Виплачено фінансову підтримку 120 ОСН.', ...input } });

    beforeAll(async () => {
      programme = await programmeId(PROGRAMME_2020);
      measure = await measureId(programme, '1.21');
      vinnytsiaMeasure = await measureId(await programmeId('План реалізації Стратегії партнерства між ІГС та ВМР на 2023-2024 рр.'), '2.4.1');
    });

    test('an official of the city opens a draft report that residents do not see', async () => {
      const input = { programmeId: programme, title: 'Інформація про виконання програми за квітень – червень 2023 року', periodStart: '2023-04-01', periodEnd: '2023-06-30' };
      expect(await failure(OPEN, { input }, null)).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await failure(OPEN, { input }, RESIDENT)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await failure(OPEN, { input }, OFFICIAL_VINNYTSIA)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await failure(OPEN, { input: { ...input, periodStart: '2023-02-30' } }, OFFICIAL_KYIV)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.periodStart' });
      expect(await failure(OPEN, { input: { ...input, periodEnd: '2023-03-01' } }, OFFICIAL_KYIV)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.periodEnd' });
      expect(await failure(OPEN, { input: { ...input, programmeId: '00000000-0000-4000-8000-000000000000' } }, OFFICIAL_KYIV)).toMatchObject({ code: 'NOT_FOUND', field: 'input.programmeId' });
      expect(await failure(OPEN, { input: { ...input, periodStart: '2023-01-01', periodEnd: '2023-03-31' } }, OFFICIAL_KYIV)).toMatchObject({ code: 'CONFLICT' });
      const opened = (await ok(OPEN, { input }, OFFICIAL_KYIV)).openProgrammeReport.report;
      expect(opened).toMatchObject({ state: 'DRAFT', periodStart: '2023-04-01', periodEnd: '2023-06-30' });
      reportId = opened.id;
      expect(await failure(OPEN, { input }, OFFICIAL_KYIV)).toMatchObject({ code: 'CONFLICT', field: 'input.periodStart' });
      expect((await ok(PROGRAMME_REPORT, { id: reportId })).programmeReport).toBeNull();
      expect((await ok(PROGRAMME_REPORT, { id: reportId }, RESIDENT)).programmeReport).toBeNull();
      expect((await ok(PROGRAMME_REPORT, { id: reportId }, OFFICIAL_KYIV)).programmeReport.id).toBe(reportId);
      expect((await ok(PROGRAMME_PAGE, { id: programme })).programme.reports).toHaveLength(1);
      expect((await ok(PROGRAMME_PAGE, { id: programme }, OFFICIAL_KYIV)).programme.reports).toHaveLength(2);
    });

    test('bad input is refused, naming the field, and writes nothing', async () => {
      const before = await rowCounts();
      const cases: [Record<string, unknown>, string][] = [
        [{ spent: '-5' }, 'input.spent'],
        [{ spent: '12,5' }, 'input.spent'],
        [{ spent: '1e3' }, 'input.spent'],
        [{ spent: 'багато' }, 'input.spent'],
        [{ spent: 12.5 }, 'input.spent'],
        [{ evidenceUrls: ['http://kyivcity.gov.ua/news/1'] }, 'input.evidenceUrls[0]'],
        [{ evidenceUrls: ['https://kyivcity.gov.ua/ok', 'javascript:alert(1)'] }, 'input.evidenceUrls[1]'],
        [{ text: '   ' }, 'input.text'],
        [{ status: 'NOT_REPORTED' }, 'input.status'],
      ];
      for (const [input, field] of cases) {
        expect(await failure(RECORD, record(input), OFFICIAL_KYIV), JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      const badEnum = await failure(RECORD, record({ status: 'FINISHED' }), OFFICIAL_KYIV);
      expect(badEnum.code).toBe('BAD_USER_INPUT');
      expect(badEnum.message).toContain('input.status');
      expect(await failure(RECORD, record({ measureId: '00000000-0000-4000-8000-000000000000' }), OFFICIAL_KYIV)).toMatchObject({ code: 'NOT_FOUND', field: 'input.measureId' });
      expect(await failure(RECORD, record({ reportId: '00000000-0000-4000-8000-000000000000' }), OFFICIAL_KYIV)).toMatchObject({ code: 'NOT_FOUND', field: 'input.reportId' });
      expect(await failure(RECORD, record({}), OFFICIAL_VINNYTSIA)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await failure(RECORD, record({ measureId: vinnytsiaMeasure }), OFFICIAL_KYIV)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await failure(RECORD, record({ measureId: await measureId(await programmeId('План заходів на 2025–2027 роки'), '4') }), OFFICIAL_KYIV)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.reportId',
      });
      expect(await failure(RECORD, record({}), RESIDENT)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await failure(RECORD, record({}), null)).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await rowCounts()).toEqual(before);
    });

    test('an official records progress; each change is kept with who and when', async () => {
      const first = (await ok(RECORD, record({ spent: '1234.50', evidenceUrls: ['https://dsk.kyivcity.gov.ua/news/1'] }), OFFICIAL_KYIV)).recordMeasureProgress.measure;
      // The published status stands until the draft is published.
      expect(first.status).toBe('DONE');
      expect(first.progress).toEqual([
        { report: { id: expect.any(String) }, status: 'DONE', text: expect.stringMatching(/^Відповідно до поданих заяв/), spent: '9076.19' },
        { report: { id: reportId }, status: 'IN_PROGRESS', text: 'Виплачено фінансову підтримку 120 ОСН.', spent: '1234.5' },
      ]);
      const second = (await ok(RECORD, record({ status: 'PARTIALLY_DONE', text: 'Виплачено підтримку 100 ОСН.', spent: '10000.005', reasons: 'Не всі ОСН подали кошториси.' }), OFFICIAL_KYIV))
        .recordMeasureProgress.measure;
      expect(second.progress.at(-1)).toEqual({ report: { id: reportId }, status: 'PARTIALLY_DONE', text: 'Виплачено підтримку 100 ОСН.', spent: '10000.005' });
      const changes = await sql<{ changed_by: string; status: string; spent: string }>(
        'select c.changed_by, c.status, c.spent from measure_progress_change c join measure_progress p on p.id = c.progress_id where p.report_id = ? order by c.changed_at, c.status',
        [reportId],
      );
      expect(changes.map((c) => [c.changed_by, c.status])).toEqual([
        ['official-kyiv-1', 'IN_PROGRESS'],
        ['official-kyiv-1', 'PARTIALLY_DONE'],
      ]);
      expect(changes.map((c) => String(c.spent).replace(/\.?0+$/, ''))).toEqual(['1234.5', '10000.005']);
      // Residents do not see the draft's entry.
      expect((await ok(MEASURE_PAGE, { id: measure })).measure.progress).toHaveLength(1);
      const totals = (await ok(PROGRAMME_REPORT, { id: reportId }, OFFICIAL_KYIV)).programmeReport.totals;
      expect(totals).toEqual({ plannedStated: null, spentStated: null, deviationStated: null, plannedSum: '105695', spentSum: '10000.005' });
    });

    test('publishing makes the report public and immutable, and its statuses the measures\u02bc', async () => {
      expect(await failure(PUBLISH, { id: reportId }, OFFICIAL_VINNYTSIA)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await failure(PUBLISH, { id: '00000000-0000-4000-8000-000000000000' }, OFFICIAL_KYIV)).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      const published = (await ok(PUBLISH, { id: reportId }, OFFICIAL_KYIV)).publishProgrammeReport.report;
      expect(published.state).toBe('PUBLISHED');
      expect(Date.parse(published.publishedAt)).not.toBeNaN();
      const again = (await ok(PUBLISH, { id: reportId }, OFFICIAL_KYIV)).publishProgrammeReport.report;
      expect(again.publishedAt).toBe(published.publishedAt);
      const before = await rowCounts();
      expect(await failure(RECORD, record({}), OFFICIAL_KYIV)).toMatchObject({ code: 'CONFLICT', field: 'input.reportId' });
      expect(await rowCounts()).toEqual(before);
      const page = (await ok(MEASURE_PAGE, { id: measure })).measure;
      expect(page.status).toBe('PARTIALLY_DONE');
      expect(page.progress.map((p: any) => p.status)).toEqual(['DONE', 'PARTIALLY_DONE']);
      const counts = statusMap((await ok(PROGRAMME_PAGE, { id: programme })).programme.statusCounts);
      expect(counts).toEqual({ DONE: 2, IN_PROGRESS: 0, PARTIALLY_DONE: 16, NOT_DONE: 7, NOT_REPORTED: 3 });
      const report = (await ok(PROGRAMME_REPORT, { id: reportId })).programmeReport;
      expect(statusMap(report.statusCounts)).toEqual({ DONE: 0, IN_PROGRESS: 0, PARTIALLY_DONE: 1, NOT_DONE: 0, NOT_REPORTED: 27 });
    });
  });
});

describe('generated data at scale 0.01 (SQLite)', () => {
  test('has the volumes of the formula, record 0 linked to organisation 0, statuses as the latest report says', async () => {
    const database = scratchDatabase('sqlite', PROGRAMMES);
    const orm = await openDatabase({ database: database.config, entities: programmesSubgraph.entities, migrations: programmesSubgraph.migrations });
    try {
      const counts = await seedVolume(orm, programmesSubgraph, 0.01, new Date());
      expect(counts).toMatchObject({ programme: PROGRAMME_VOLUMES.programmes / 100, measure: PROGRAMME_VOLUMES.measures / 100, programme_report: (PROGRAMME_VOLUMES.programmes / 100) * PROGRAMME_VOLUMES.reportsPerProgramme });
      const em = orm.em.fork() as SqlEntityManager;
      const [first] = await em.execute('select organization_id from measure_party where role = ? and organization_id is not null order by id limit 1', ['PARTNER']);
      expect(first).toBeDefined();
      const linked = await em.execute('select count(*) as n from measure_party where organization_id = ?', [generatedId('organization', 0)]);
      expect(Number(linked[0].n)).toBeGreaterThan(0);
      // A measure's status is what the latest report with an entry for it says.
      const wrong = await em.execute(`select m.id from measure m where m.status != coalesce((select p.status from measure_progress p join programme_report r on r.id = p.report_id
        where p.measure_id = m.id order by r.period_end desc limit 1), 'NOT_REPORTED')`);
      expect(wrong).toEqual([]);
    } finally {
      await orm.close();
      await database.drop();
    }
  });
});
