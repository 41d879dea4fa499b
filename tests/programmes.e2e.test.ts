/**
 * Programme accountability through the gateway, on SQLite and PostgreSQL: every operation
 * of schema/operations/programmes.graphql with its cross-subgraph fields filled
 * (`City.programmes`, `Organization.programmeMeasures` beside the registry's name,
 * `Measure.consultations`), officials recording progress and every refusal, the open-data
 * files, and `npm run import` (dist) against the running graph's database: a registry
 * organisation linked, a second import a no-op, a file that is no such document refused.
 *
 * Figures are the documents' (see tests/programmes.import.units.test.ts for where each is).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../scripts/paths.js';
import { DEMO_DRAFT_REPORT, demoProgramme } from '../subgraphs/programmes/demo/programmes.demo-ids.js';
import { testDialects } from './support/databases.js';
import { TEST_GATEWAY_SECRET } from './support/gateway-signing.js';
import { as, graphql, startGraph, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

const dialects = await testDialects();
const DAY_MS = 24 * 60 * 60 * 1000;
const PROGRAMME_2020 = demoProgramme('003');
const PLAN_2025 = demoProgramme(DEMO_DRAFT_REPORT.programme);
const VINNYTSIA_PLAN = demoProgramme('004');
const REPORT_2023_Q1 = PROGRAMME_2020.reportId('2023-01-01', '2023-03-31');
const DRAFT = PLAN_2025.reportId(DEMO_DRAFT_REPORT.periodStart, DEMO_DRAFT_REPORT.periodEnd);

const CREATE_CONSULTATION = /* GraphQL */ `
  mutation ($input: ConsultationInput!) { createConsultation(input: $input) { consultation { id title measure { id number title } } } }
`;
const UPDATE_CONSULTATION = /* GraphQL */ `
  mutation ($id: ID!, $input: ConsultationInput!) { updateConsultation(id: $id, input: $input) { consultation { id measure { id } } } }
`;

const statusMap = (counts: { status: string; count: number }[]) => Object.fromEntries(counts.map((c) => [c.status, c.count]));

/** `npm run import` as built (dist), against the graph's programmes database, matching parties in its registry. */
function runImport(graph: RunningGraph, files: string[]): Promise<{ code: number | null; output: string }> {
  const database = graph.databases.programmes;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GATEWAY_SECRET: TEST_GATEWAY_SECRET,
    REGISTRY_URL: graph.subgraphUrls.registry,
    LOG_LEVEL: 'silent',
    ...(database.kind === 'sqlite' ? { DATA_DIR: dirname(database.file) } : { PROGRAMMES_DATABASE_URL: database.url }),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fromRoot('dist', 'subgraphs', 'programmes', 'document', 'import.cli.js'), ...files], { cwd: fromRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** RFC 4180, read back: rows of fields (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(field), (field = '');
    else if (char === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += char;
  }
  expect(field + row.join(''), 'the file ends with CRLF').toBe('');
  return rows;
}

describe.each(dialects)('programme accountability through the gateway on %s', (dialect) => {
  let graph: RunningGraph;
  let url: string;
  const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => graphql(url, query, variables, headers);
  const ok = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const result = await gql(query, variables, headers);
    expect(result.errors).toBeUndefined();
    return result.data;
  };
  /** The codes and fields of a refused operation's errors, its data checked empty. */
  const refusal = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const result = await gql(query, variables, headers);
    for (const error of result.errors ?? []) expect(error.message).not.toMatch(/\bat\s.+:\d+:\d+|select |insert |update /i);
    return (result.errors ?? []).map((error) => [error.extensions?.code, error.extensions?.field ?? null]);
  };
  const count = async (table: string) => Number((await graph.sql<{ n: number }>('programmes', `select count(*) as n from ${table}`))[0]!.n);
  const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, url), { headers });

  beforeAll(async () => {
    graph = await startGraph({ dialect });
    url = graph.gatewayUrl;
  });
  afterAll(() => graph?.stop());

  it('CityProgrammes: a city\u02bcs programmes, from the programmes subgraph on the shared City', async () => {
    const kyiv = (await ok(OPERATIONS.CityProgrammes!, { city: 'kyiv' })).city;
    expect(kyiv.programmes.map((p: any) => p.measureCount).sort((a: number, b: number) => a - b)).toEqual([24, 27, 28, 38]);
    expect(kyiv.programmes.find((p: any) => p.id === PROGRAMME_2020.id)).toMatchObject({ kind: 'TARGET_PROGRAMME', startYear: 2020, endYear: 2024, measureCount: 28 });
    const vinnytsia = (await ok(OPERATIONS.CityProgrammes!, { city: 'vinnytsia' })).city;
    expect(vinnytsia.programmes).toEqual([expect.objectContaining({ id: VINNYTSIA_PLAN.id, kind: 'STRATEGY_PLAN', measureCount: 27 })]);
  });

  it('ProgrammePage: goals, status counts, the published report and the measures by status', async () => {
    const programme = (await ok(OPERATIONS.ProgrammePage!, { id: PROGRAMME_2020.id, first: 10 })).programme;
    expect(programme.goals.map((g: any) => g.number)).toEqual(['1', '2']);
    expect(statusMap(programme.statusCounts)).toEqual({ DONE: 3, IN_PROGRESS: 0, PARTIALLY_DONE: 15, NOT_DONE: 7, NOT_REPORTED: 3 });
    expect(programme.reports.map((r: any) => r.id)).toEqual([REPORT_2023_Q1]);
    expect([programme.measures.totalCount, programme.measures.edges.length, programme.measures.pageInfo.hasNextPage]).toEqual([28, 10, true]);
    const done = (await ok(OPERATIONS.ProgrammePage!, { id: PROGRAMME_2020.id, status: 'DONE' })).programme.measures;
    expect(done.edges.map((e: any) => e.node.number)).toEqual(['1.15', '1.21', '2.2']);
    // Anonymous callers do not see the demo draft; an official of the city does.
    expect((await ok(OPERATIONS.ProgrammePage!, { id: PLAN_2025.id })).programme.reports).toEqual([]);
    expect((await ok(OPERATIONS.ProgrammePage!, { id: PLAN_2025.id }, await as('official-kyiv-e2e', ['official:kyiv']))).programme.reports.map((r: any) => r.id)).toEqual([DRAFT]);
  });

  it('ProgrammeReport: the stated totals beside the sums of the lines', async () => {
    const report = (await ok(OPERATIONS.ProgrammeReport!, { id: REPORT_2023_Q1 })).programmeReport;
    expect(report).toMatchObject({ periodStart: '2023-01-01', periodEnd: '2023-03-31', programme: { id: PROGRAMME_2020.id } });
    expect(report.totals).toEqual({ plannedStated: '80799.1', spentStated: '12466.72', deviationStated: '68332.38', plannedSum: '105695', spentSum: '12466.72' });
  });

  describe('a consultation carrying out a measure', () => {
    const input = (measureId: string | null) => ({
      city: 'kyiv',
      title: 'Обговорення порядку фінансової підтримки ОСН',
      description: 'Обговорюємо, як місто підтримує органи самоорганізації населення і що варто змінити в порядку.',
      format: 'PUBLIC_MEETING',
      opensAt: new Date(Date.now() + 2 * DAY_MS).toISOString(),
      closesAt: new Date(Date.now() + 20 * DAY_MS).toISOString(),
      measureId,
    });
    const measure = PROGRAMME_2020.measureId('1.21');
    let official: Record<string, string>;
    beforeAll(async () => {
      official = await as('official-kyiv-e2e', ['official:kyiv']);
    });

    it('is named by an official, checked against the programmes subgraph, and listed on MeasurePage', async () => {
      const consultations = async () => (await graph.sql('consultations', 'select count(*) as n from consultation'))[0];
      const before = await consultations();
      expect(await refusal(CREATE_CONSULTATION, { input: input('00000000-0000-4000-8000-000000000000') }, official)).toEqual([['BAD_USER_INPUT', 'input.measureId']]);
      expect(await refusal(CREATE_CONSULTATION, { input: input('not-a-uuid') }, official)).toEqual([['BAD_USER_INPUT', 'input.measureId']]);
      expect(await refusal(CREATE_CONSULTATION, { input: input(VINNYTSIA_PLAN.measureId(VINNYTSIA_PLAN.document.measures[0]!.key)) }, official)).toEqual([['BAD_USER_INPUT', 'input.measureId']]);
      expect(await consultations()).toEqual(before);

      const created = (await ok(CREATE_CONSULTATION, { input: input(measure) }, official)).createConsultation.consultation;
      expect(created.measure).toEqual({
        id: measure,
        number: '1.21',
        title: 'Забезпечення здійснення фінансової підтримки діяльності органів самоорганізації населення міста Києва',
      });
      const page = (await ok(OPERATIONS.MeasurePage!, { id: measure })).measure;
      expect(page).toMatchObject({ number: '1.21', status: 'DONE', funding: expect.arrayContaining([{ source: 'Бюджет міста Києва', year: 2023, planned: '49091.6' }]) });
      expect(page.progress).toEqual([expect.objectContaining({ report: expect.objectContaining({ id: REPORT_2023_Q1 }), status: 'DONE', spent: '9076.19' })]);
      expect(page.consultations).toEqual({ totalCount: 1, edges: [{ node: { id: created.id, title: created.title, status: 'PLANNED' } }] });

      // An edit keeps it unless it names another; null removes it.
      expect((await ok(UPDATE_CONSULTATION, { id: created.id, input: { title: 'Обговорення порядку підтримки ОСН' } }, official)).updateConsultation.consultation.measure).toEqual({ id: measure });
      expect((await ok(UPDATE_CONSULTATION, { id: created.id, input: { measureId: null } }, official)).updateConsultation.consultation.measure).toBeNull();
      expect((await ok(OPERATIONS.MeasurePage!, { id: measure })).measure.consultations.totalCount).toBe(0);
    });
  });

  describe('an official records progress in a draft report', () => {
    const measure = PLAN_2025.measureId(PLAN_2025.document.measures[0]!.key);
    const record = (overrides: Record<string, unknown> = {}) => ({
      input: { measureId: measure, reportId: DRAFT, status: 'IN_PROGRESS', text: 'Підготовлено проєкт рішення.', spent: '12.50', evidenceUrls: ['https://kyivcity.gov.ua/news/1'], ...overrides },
    });
    let official: Record<string, string>;
    beforeAll(async () => {
      official = await as('official-kyiv-e2e', ['official:kyiv']);
    });

    it('records it, kept with who and when; the measure shows it to officials', async () => {
      const changes = await count('measure_progress_change');
      const answer = (await ok(OPERATIONS.RecordMeasureProgress!, record(), official)).recordMeasureProgress.measure;
      expect(answer.id).toBe(measure);
      expect(answer.progress).toContainEqual({ report: { id: DRAFT }, status: 'IN_PROGRESS', text: 'Підготовлено проєкт рішення.', spent: '12.5' });
      expect(await count('measure_progress_change')).toBe(changes + 1);
      const [change] = await graph.sql<{ changed_by: string }>('programmes', 'select changed_by from measure_progress_change order by changed_at desc limit 1');
      expect(change!.changed_by).toBe('official-kyiv-e2e');
      // Residents see no draft: the measure stays as its published reports say.
      expect((await ok(OPERATIONS.MeasurePage!, { id: measure })).measure).toMatchObject({ status: 'NOT_REPORTED', progress: [] });
    });

    it('refuses, changing nothing: anonymous, a resident, another city\u02bcs official, a published report, unknown ids, bad input', async () => {
      const changes = await count('measure_progress_change');
      const published = PROGRAMME_2020.measureId('1.21');
      const cases: [Record<string, unknown>, Record<string, string>, [string, string | null]][] = [
        [record(), {}, ['UNAUTHENTICATED', null]],
        [record(), await as('demo-resident-kyiv-1'), ['FORBIDDEN', null]],
        [record(), await as('official-vinnytsia-e2e', ['official:vinnytsia']), ['FORBIDDEN', null]],
        [record({ measureId: published, reportId: REPORT_2023_Q1 }), official, ['CONFLICT', 'input.reportId']],
        [record({ reportId: REPORT_2023_Q1 }), official, ['BAD_USER_INPUT', 'input.reportId']],
        [record({ measureId: '00000000-0000-4000-8000-000000000000' }), official, ['NOT_FOUND', 'input.measureId']],
        [record({ reportId: '00000000-0000-4000-8000-000000000000' }), official, ['NOT_FOUND', 'input.reportId']],
        [record({ spent: '-1' }), official, ['BAD_USER_INPUT', 'input.spent']],
        [record({ spent: '12,5' }), official, ['BAD_USER_INPUT', 'input.spent']],
        [record({ evidenceUrls: ['http://kyivcity.gov.ua/'] }), official, ['BAD_USER_INPUT', 'input.evidenceUrls[0]']],
      ];
      for (const [variables, headers, expected] of cases) {
        expect(await refusal(OPERATIONS.RecordMeasureProgress!, variables, headers), JSON.stringify(variables)).toEqual([expected]);
      }
      // A status outside the enum never reaches the subgraph: the variable is refused, naming the field.
      const status = await gql(OPERATIONS.RecordMeasureProgress!, record({ status: 'FINISHED' }), official);
      expect(status.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(status.errors?.[0]?.message).toContain('input.status');
      expect(await count('measure_progress_change')).toBe(changes);
    });
  });

  describe('open data', () => {
    it('serves a programme as CSV (RFC 4180, UTF-8 with BOM) and JSON, with the same header and rows', async () => {
      const csvAnswer = await get(`/open-data/programmes/${PROGRAMME_2020.id}.csv`);
      expect(csvAnswer.status).toBe(200);
      expect(csvAnswer.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(csvAnswer.headers.get('cache-control')).toMatch(/^max-age=\d+, (public|private)$/);
      const bytes = new Uint8Array(await csvAnswer.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes.slice(3)));
      const json = (await (await get(`/open-data/programmes/${PROGRAMME_2020.id}.json`)).json()) as { programme: any; fields: string[]; rows: Record<string, unknown>[] };
      expect(header).toEqual(json.fields);
      expect(json.programme).toMatchObject({ id: PROGRAMME_2020.id, kind: 'TARGET_PROGRAMME', startYear: 2020, endYear: 2024, city: 'kyiv' });
      expect(rows).toHaveLength(28);
      expect(json.rows).toHaveLength(28);
      expect(rows.map((row) => row.map((value, i) => [header![i], value]))).toEqual(json.rows.map((row) => Object.entries(row).map(([field, value]) => [field, value === null ? '' : String(value)])));
      const row = json.rows.find((r) => r.number === '1.21')!;
      // Line 67: 215 652,3 over five years, summed exactly.
      expect(row).toMatchObject({ measure_id: PROGRAMME_2020.measureId('1.21'), status: 'DONE', goal_number: '1', planned_total: '215652.3', source_document: '003_d01330ca29f1f7e4.txt' });
      expect(row.funding).toBe('Бюджет міста Києва 2020: 33230.8; Бюджет міста Києва 2021: 35146.9; Бюджет міста Києва 2022: 43317; Бюджет міста Києва 2023: 49091.6; Бюджет міста Києва 2024: 54866');
      const plain = new Uint8Array(await (await get(`/open-data/programmes/${PROGRAMME_2020.id}.csv?bom=false`)).arrayBuffer());
      expect(new TextDecoder().decode(plain.slice(0, 12))).toBe('programme_id');
    });

    it('serves a published report, one row per entry, its totals beside them; not a draft', async () => {
      const json = (await (await get(`/open-data/programme-reports/${REPORT_2023_Q1}.json`)).json()) as { report: any; fields: string[]; rows: Record<string, unknown>[] };
      const entries = Number((await graph.sql<{ n: number }>('programmes', 'select count(*) as n from measure_progress where report_id = ?', [REPORT_2023_Q1]))[0]!.n);
      expect(json.rows).toHaveLength(entries);
      expect(json.report.totals).toMatchObject({ plannedStated: '80799.1', spentStated: '12466.72', spentSum: '12466.72' });
      expect(json.rows.find((r) => r.measure_number === '1.21')).toMatchObject({ status: 'DONE', spent: '9076.19', programme_id: PROGRAMME_2020.id });
      const csv = await (await get(`/open-data/programme-reports/${REPORT_2023_Q1}.csv`)).text();
      const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
      expect(header).toEqual(json.fields);
      expect(rows).toHaveLength(entries);
      // Texts with commas, quotes and line breaks come back whole.
      expect(rows.map((r) => r[header!.indexOf('text')])).toEqual(json.rows.map((r) => r.text ?? ''));
      expect((await get(`/open-data/programme-reports/${DRAFT}.json`)).status).toBe(404);
    });

    it('answers 404 for unknown ids and other files, 400 for a bad parameter', async () => {
      expect((await get('/open-data/programmes/00000000-0000-4000-8000-000000000000.csv')).status).toBe(404);
      expect((await get('/open-data/programmes/not-a-uuid.json')).status).toBe(404);
      expect((await get(`/open-data/programmes/${PROGRAMME_2020.id}.xml`)).status).toBe(404);
      expect((await get(`/open-data/programmes/${PROGRAMME_2020.id}.csv?bom=maybe`)).status).toBe(400);
    });
  });

  describe('npm run import', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'programmes-import-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('imports a plan naming a registry organisation, linked on OrganizationProgrammes; a second import changes nothing', async () => {
      const [organization] = await graph.sql<{ id: string; name_uk: string }>('registry', "select id, name_uk from organization where name_uk = 'Громадська організація «Друзі Золотих воріт»'");
      const plan = join(dir, 'golden-gate-plan.txt');
      writeFileSync(
        plan,
        [
          '1.\tЕкскурсії для мешканців до Золотих воріт.\tпротягом 2026 - 2027 років\tДепартамент суспільних комунікацій\tГО «Друзі Золотих воріт»\tПроведено екскурсії.',
          '2.\tВиставка про історію Золотих воріт у місті Києві.\tпротягом 2026 - 2027 років\tДепартамент культури\tГО «Друзі Золотих воріт», громадська організація «Неіснуюча у реєстрі»\tВідкрито виставку.',
          '3.\tКонсультації з мешканцями Києва.\tпротягом 2026 - 2027 років\tДепартамент суспільних комунікацій\t\tПроведено консультації.',
        ].join('\n'),
      );
      const first = await runImport(graph, [plan]);
      expect(first, first.output).toMatchObject({ code: 0 });
      expect(first.output).toMatch(/imported — .*3 measures/);

      const profile = (await ok(OPERATIONS.OrganizationProgrammes!, { id: organization!.id })).organization;
      expect(profile.name).toBe(organization!.name_uk);
      expect(profile.programmeMeasures.totalCount).toBe(2);
      expect(profile.programmeMeasures.edges.map((e: any) => e.node.number)).toEqual(['1', '2']);
      const measure = (await ok(OPERATIONS.MeasurePage!, { id: profile.programmeMeasures.edges[1].node.id })).measure;
      expect(measure.partners).toEqual([
        { name: 'ГО «Друзі Золотих воріт»', organization: { id: organization!.id, name: organization!.name_uk } },
        { name: 'громадська організація «Неіснуюча у реєстрі»', organization: null },
      ]);

      const tables = ['programme_document', 'programme', 'programme_goal', 'measure', 'measure_party', 'measure_funding', 'programme_report', 'measure_progress', 'measure_progress_change'];
      const before = await Promise.all(tables.map(count));
      const second = await runImport(graph, [plan]);
      expect(second, second.output).toMatchObject({ code: 0 });
      expect(second.output).toContain('imported before, nothing changed');
      expect(await Promise.all(tables.map(count))).toEqual(before);

      const notADocument = join(dir, 'minutes.txt');
      writeFileSync(notADocument, 'Протокол засідання громадської ради.\nПрисутні: 12 осіб.\n');
      const refused = await runImport(graph, [notADocument]);
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(/minutes\.txt is not a programme, plan or report/);
      expect(await Promise.all(tables.map(count))).toEqual(before);
    });
  });
});
