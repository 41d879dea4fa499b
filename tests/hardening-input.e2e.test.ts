import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphName } from '../lib/subgraphs.js';
import { testDialects } from './support/databases.js';
import { as, graphql, postJson, startGraph, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

/**
 * Every input that enters the graph (issue 15, "Bad input"): texts with control characters
 * or beyond their length, malformed or wrong-typed cursors, dates no database stores,
 * token subjects of OIDC's full 255 characters and JSON nested without bound. Each is
 * answered as the client's mistake (BAD_USER_INPUT naming the field, 400, 401) rather
 * than an outage, and leaves nothing stored; on SQLite and PostgreSQL alike.
 */
const dialects = await testDialects();

type Result = Awaited<ReturnType<typeof graphql>>;
const codeOf = (result: Result) => result.errors?.map((e) => [e.extensions?.code, e.extensions?.field]);
const base64 = (text: string) => Buffer.from(text).toString('base64url');
const MOST_CONTROLS = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\ud800'];

const SUBMIT = 'mutation($input: SubmitPetitionInput!) { submitPetition(input: $input) { petition { id } } }';
const MODERATE = 'mutation($id: ID!, $reason: String) { moderatePetition(id: $id, decision: REJECT, reason: $reason) { petition { id } } }';
const RESPOND_PETITION = 'mutation($id: ID!, $body: String!) { respondToPetition(id: $id, body: $body) { petition { id } } }';
const SIGN = 'mutation($id: ID!) { signPetition(id: $id, channel: WEB) { petition { id signatureCount } } }';
const RESPOND_SURVEY = 'mutation($id: ID!, $answers: [SurveyAnswerInput!]!) { respondToSurvey(consultationId: $id, answers: $answers) { consultation { id } } }';
const CREATE_CONSULTATION = 'mutation($input: ConsultationInput!) { createConsultation(input: $input) { consultation { id } } }';
const OUTCOME = 'mutation($id: ID!, $summary: String!) { publishConsultationOutcome(id: $id, summary: $summary) { consultation { id } } }';
const REPORT = 'mutation($input: ReportHeritageConditionInput!) { reportHeritageCondition(input: $input) { report { id } } }';
const REVIEW = 'mutation($id: ID!, $reason: String) { reviewHeritageReport(id: $id, decision: DECLINE, reason: $reason) { report { id } } }';
const RECORD = 'mutation($id: ID!, $note: String) { recordHeritageCondition(heritageObjectId: $id, condition: GOOD, note: $note) { heritageObject { id } } }';
const REGISTER = 'mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id } } }';
const VERIFY = 'mutation($id: ID!, $reason: String) { verifyOrganization(id: $id, decision: DECLINE, reason: $reason) { organization { id } } }';
const CHANGE_STATUS = 'mutation($id: ID!, $reason: String!) { changeOrganizationStatus(id: $id, status: SUSPENDED, reason: $reason) { organization { id } } }';
const PUBLISH_DOCUMENT = 'mutation($id: ID!, $document: DocumentInput!) { publishOrganizationDocument(organizationId: $id, kind: STATUTE, document: $document) { organization { id } } }';
const ADD_REPRESENTATIVE = 'mutation($id: ID!, $resident: ID!) { addOrganizationRepresentative(organizationId: $id, resident: $resident) { organization { id } } }';

describe.each(dialects)('input hardening through the gateway, on %s', (dialect) => {
  let graph: RunningGraph;
  let url: string;
  const ids = {} as {
    openPetition: string;
    moderatedPetition: string;
    kyivPetition: string;
    consultation: string;
    closedConsultation: string;
    heritageObject: string;
    pendingReport: string;
    registered: string;
    pending: string;
  };
  let questions: { id: string; kind: string; required: boolean; scaleMin: number | null; options: { id: string }[] }[];
  const staff = {} as Record<'moderator' | 'official' | 'inspector' | 'registrar' | 'representative', Record<string, string>>;
  const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => graphql(url, query, variables, headers);
  /** What a write could have changed, read with SQL: compared before and after each refusal. */
  const state = async (subgraph: SubgraphName, sql: string, bindings: unknown[] = []) => JSON.stringify(await graph.sql(subgraph, sql, bindings));

  const petition = (overrides: Record<string, unknown> = {}) => ({
    city: 'kyiv',
    title: 'Облаштувати пандуси біля всіх входів до метро',
    body: 'Більшість входів до станцій метро не мають пандусів. Просимо облаштувати їх до кінця року і залучити громадські організації до приймання робіт.',
    ...overrides,
  });
  const consultation = (overrides: Record<string, unknown> = {}) => ({
    city: 'kyiv',
    title: 'Нова схема руху на Подолі',
    description: 'Обговорення нової схеми руху транспорту на Подолі, з опитуванням мешканців.',
    format: 'ONLINE_SURVEY',
    opensAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    closesAt: new Date(Date.now() + 37 * 86_400_000).toISOString(),
    survey: [{ text: 'Чи підтримуєте ви нову схему?', kind: 'SINGLE_CHOICE', options: ['Так', 'Ні'], optionsEn: ['Yes', 'No'] }],
    ...overrides,
  });
  const organization = (overrides: Record<string, unknown> = {}) => ({
    edrpou: '40075815',
    name: 'Громадська організація «Сусіди Оболоні»',
    legalForm: 'PUBLIC_ORGANIZATION',
    city: 'kyiv',
    activityAreas: ['благоустрій', 'освіта'],
    financialReport: { title: 'Фінансовий звіт за 2025 рік', year: 2025, url: 'https://example.org/reports/2025.pdf' },
    ...overrides,
  });
  /** A complete, valid response to the open consultation's survey, its text answer given. */
  const answers = (text = 'Більше лавок і тіні біля дитячого майданчика.') =>
    questions.map((q) =>
      q.kind === 'TEXT'
        ? { questionId: q.id, text }
        : q.kind === 'SCALE'
          ? { questionId: q.id, value: q.scaleMin ?? 1 }
          : { questionId: q.id, optionIds: [q.options[0]!.id] },
    );
  const textAnswerIndex = () => questions.findIndex((q) => q.kind === 'TEXT');

  beforeAll(async () => {
    graph = await startGraph({ dialect });
    url = graph.gatewayUrl;
    // Staff of every city, so that each write reaches the check of its text.
    staff.moderator = await as('moderator-hardening', ['moderator']);
    staff.official = await as('official-hardening', ['official']);
    staff.inspector = await as('inspector-hardening', ['inspector']);
    staff.registrar = await as('registrar-hardening', ['registrar']);
    const now = new Date();
    const one = async (subgraph: SubgraphName, sql: string, bindings: unknown[] = []) => ((await graph.sql(subgraph, sql, bindings)) as { id: string }[])[0]!.id;
    ids.openPetition = await one('petitions', "select id from petition where city = 'kyiv' and status = 'OPEN' and closes_at > ? order by id limit 1", [now]);
    ids.kyivPetition = await one('petitions', "select id from petition where city = 'kyiv' order by id limit 1");
    ids.consultation = await one(
      'consultations',
      "select c.id from consultation c join survey_question q on q.consultation_id = c.id where q.kind = 'TEXT' and c.opens_at <= ? and c.closes_at > ? order by c.id limit 1",
      [now, now],
    );
    ids.closedConsultation = await one('consultations', "select id from consultation where city = 'kyiv' and closes_at <= ? order by id limit 1", [now]);
    ids.heritageObject = await one('heritage', "select id from heritage_object where city = 'kyiv' order by id limit 1");
    ids.registered = await one('registry', "select id from organization where city = 'kyiv' and status = 'REGISTERED' order by id limit 1");
    ids.pending = await one('registry', "select id from organization where status = 'PENDING' order by id limit 1");
    const submitted = await gql(SUBMIT, { input: petition() }, await as('author-hardening'));
    expect(submitted.errors).toBeUndefined();
    ids.moderatedPetition = submitted.data.submitPetition.petition.id;
    const reported = await gql(REPORT, { input: { heritageObjectId: ids.heritageObject, condition: 'DAMAGED', note: 'Тріщина на фасаді.' } }, await as('reporter-hardening'));
    expect(reported.errors).toBeUndefined();
    ids.pendingReport = reported.data.reportHeritageCondition.report.id;
    staff.representative = await as('representative-hardening');
    expect((await gql(ADD_REPRESENTATIVE, { id: ids.registered, resident: 'representative-hardening' }, staff.registrar)).errors).toBeUndefined();
    const page = await gql('query($id: ID!) { consultation(id: $id) { survey { questions { id kind required scaleMin options { id } } } } }', { id: ids.consultation });
    questions = page.data.consultation.survey.questions;
  });
  afterAll(async () => {
    await graph?.stop();
  });

  /** One kind of text a client writes: how to send it, the field it is, and the rows it would change. */
  interface TextCase {
    field: string;
    send(text: string): Promise<Result>;
    stored(): Promise<string>;
  }
  const textCases = (): TextCase[] => {
    const resident = as('resident-hardening');
    return [
      { field: 'input.title', send: async (t) => gql(SUBMIT, { input: petition({ title: t }) }, await resident), stored: () => state('petitions', 'select count(*) as n from petition') },
      { field: 'input.body', send: async (t) => gql(SUBMIT, { input: petition({ body: t }) }, await resident), stored: () => state('petitions', 'select count(*) as n from petition') },
      {
        field: 'reason',
        send: (t) => gql(MODERATE, { id: ids.moderatedPetition, reason: t }, staff.moderator),
        stored: () => state('petitions', 'select status, rejection_reason_uk from petition where id = ?', [ids.moderatedPetition]),
      },
      {
        field: 'body',
        send: (t) => gql(RESPOND_PETITION, { id: ids.kyivPetition, body: t }, staff.official),
        stored: () => state('petitions', 'select response_uk from petition where id = ?', [ids.kyivPetition]),
      },
      {
        field: `answers[${textAnswerIndex()}].text`,
        send: async (t) => gql(RESPOND_SURVEY, { id: ids.consultation, answers: answers(t) }, await resident),
        stored: () => state('consultations', 'select (select count(*) from survey_response) as responses, (select count(*) from survey_answer) as answers'),
      },
      { field: 'input.title', send: (t) => gql(CREATE_CONSULTATION, { input: consultation({ title: t }) }, staff.official), stored: () => state('consultations', 'select count(*) as n from consultation') },
      {
        field: 'input.survey[0].options[1]',
        send: (t) => gql(CREATE_CONSULTATION, { input: consultation({ survey: [{ text: 'Чи підтримуєте?', kind: 'SINGLE_CHOICE', options: ['Так', t] }] }) }, staff.official),
        stored: () => state('consultations', 'select count(*) as n from consultation'),
      },
      {
        field: 'input.survey[0].optionsEn[0]',
        send: (t) => gql(CREATE_CONSULTATION, { input: consultation({ survey: [{ text: 'Чи підтримуєте?', kind: 'SINGLE_CHOICE', options: ['Так', 'Ні'], optionsEn: [t, 'No'] }] }) }, staff.official),
        stored: () => state('consultations', 'select count(*) as n from consultation'),
      },
      {
        field: 'summary',
        send: (t) => gql(OUTCOME, { id: ids.closedConsultation, summary: t }, staff.official),
        stored: () => state('consultations', 'select outcome_uk from consultation where id = ?', [ids.closedConsultation]),
      },
      {
        field: 'input.note',
        send: async (t) => gql(REPORT, { input: { heritageObjectId: ids.heritageObject, condition: 'DAMAGED', note: t } }, await resident),
        stored: () => state('heritage', 'select count(*) as n from heritage_report'),
      },
      {
        field: 'reason',
        send: (t) => gql(REVIEW, { id: ids.pendingReport, reason: t }, staff.inspector),
        stored: () => state('heritage', 'select status, decline_reason from heritage_report where id = ?', [ids.pendingReport]),
      },
      {
        field: 'note',
        send: (t) => gql(RECORD, { id: ids.heritageObject, note: t }, staff.inspector),
        stored: () => state('heritage', 'select count(*) as n from condition_record'),
      },
      { field: 'input.name', send: async (t) => gql(REGISTER, { input: organization({ name: t }) }, await resident), stored: () => state('registry', 'select count(*) as n from organization') },
      {
        field: 'input.activityAreas[1]',
        send: async (t) => gql(REGISTER, { input: organization({ activityAreas: ['освіта', t] }) }, await resident),
        stored: () => state('registry', 'select count(*) as n from organization'),
      },
      {
        field: 'input.financialReport.title',
        send: async (t) => gql(REGISTER, { input: organization({ financialReport: { title: t, year: 2025, url: 'https://example.org/r.pdf' } }) }, await resident),
        stored: () => state('registry', 'select count(*) as n from organization'),
      },
      {
        field: 'reason',
        send: (t) => gql(VERIFY, { id: ids.pending, reason: t }, staff.registrar),
        stored: () => state('registry', 'select status, decline_reason_uk from organization where id = ?', [ids.pending]),
      },
      {
        field: 'reason',
        send: (t) => gql(CHANGE_STATUS, { id: ids.registered, reason: t }, staff.registrar),
        stored: () => state('registry', 'select status from organization where id = ?', [ids.registered]),
      },
      {
        field: 'document.title',
        send: (t) => gql(PUBLISH_DOCUMENT, { id: ids.registered, document: { title: t, year: 2025, url: 'https://example.org/statute.pdf' } }, staff.representative),
        stored: () => state('registry', 'select count(*) as n from organization_document'),
      },
    ];
  };

  it('refuses a NUL byte and every other control character in each kind of free text, naming the field, storing nothing', async () => {
    const cases = textCases();
    for (const [i, testCase] of cases.entries()) {
      // NUL in every text, and another control character in turn (C0, DEL, C1, a lone surrogate).
      for (const bad of ['\u0000', MOST_CONTROLS[1 + (i % (MOST_CONTROLS.length - 1))]!]) {
        const before = await testCase.stored();
        const result = await testCase.send(`Текст, який виглядає цілком нормально${bad} і достатньо довгий для кожного поля.`);
        expect(codeOf(result), `${testCase.field} with U+${bad.charCodeAt(0).toString(16)}`).toEqual([['BAD_USER_INPUT', testCase.field]]);
        expect(result.errors![0]!.message).toMatch(/керівний символ U\+[0-9A-F]{4}|непарний сурогатний символ/);
        expect(await testCase.stored(), testCase.field).toBe(before);
      }
    }
  });

  it('refuses control characters in ids, filters and search words before they reach a database', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['query($id: ID!) { petition(id: $id) { id } }', { id: `${ids.openPetition}\u0000` }, 'id'],
      ['query($id: ID!) { consultation(id: $id) { id } }', { id: '\u0000' }, 'id'],
      ['query($id: ID!) { heritageObject(id: $id) { id } }', { id: '\u001b' }, 'id'],
      ['query($id: ID!) { organization(id: $id) { id } }', { id: '\ud800' }, 'id'],
      ['query($s: String) { organizations(filter: { search: $s }) { totalCount } }', { s: 'сусіди\u0000' }, 'filter.search'],
      ['query($c: ID) { petitions(filter: { city: $c }) { totalCount } }', { c: 'kyiv\u0000' }, 'filter.city'],
      ['query($o: ID) { consultations(filter: { organizer: $o }) { totalCount } }', { o: '\u0000' }, 'filter.organizer'],
      ['query($id: ID!) { city(id: $id) { id } }', { id: 'kyiv\u0000' }, 'id'],
    ];
    for (const [query, variables, field] of cases) expect(codeOf(await gql(query, variables)), query).toEqual([['BAD_USER_INPUT', field]]);
    const before = await state('petitions', 'select count(*) as n from signature');
    expect(codeOf(await gql(SIGN, { id: `${ids.openPetition}\u0000` }, await as('signer-hardening')))).toEqual([['BAD_USER_INPUT', 'id']]);
    expect(await state('petitions', 'select count(*) as n from signature')).toBe(before);
  });

  it('stores line breaks as LF whatever the client sent', async () => {
    const body = 'Перший абзац звернення, де пояснено проблему.\r\nДругий абзац, у якому запропоновано рішення.\rТретій абзац із подякою за розгляд.';
    const result = await gql(SUBMIT, { input: petition({ title: 'Петиція з різними кінцями рядків', body }) }, await as('crlf-author'));
    expect(result.errors).toBeUndefined();
    const [row] = (await graph.sql('petitions', 'select body_uk from petition where id = ?', [result.data.submitPetition.petition.id])) as { body_uk: string }[];
    expect(row!.body_uk).toBe(body.replace(/\r\n?/g, '\n'));
  });

  it('bounds the length of every free text, naming the field, storing nothing', async () => {
    const limits: Record<string, number> = {
      'input.title': 300, // consultations allow 300; petitions 200
      'input.body': 10_000,
      reason: 2_000,
      body: 20_000,
      summary: 50_000,
      'input.note': 2_000,
      note: 2_000,
      'input.name': 300,
      'input.activityAreas[1]': 100,
      'input.financialReport.title': 300,
      'document.title': 300,
      'input.survey[0].options[1]': 300,
      'input.survey[0].optionsEn[0]': 300,
    };
    limits[`answers[${textAnswerIndex()}].text`] = 2_000;
    for (const testCase of textCases()) {
      const max = limits[testCase.field]!;
      expect(max, testCase.field).toBeDefined();
      const before = await testCase.stored();
      // Counted in characters: two-byte ones where the body limit leaves room for them.
      const result = await testCase.send((max + 1) * 2 < 90_000 ? 'ї'.repeat(max + 1) : 'a'.repeat(max + 1));
      expect(codeOf(result), testCase.field).toEqual([['BAD_USER_INPUT', testCase.field]]);
      expect(result.errors![0]!.message, testCase.field).toMatch(/щонайбільше|довша за/);
      expect(await testCase.stored(), testCase.field).toBe(before);
    }
  });

  it('refuses malformed and wrong-typed cursors on every list as BAD_USER_INPUT naming `after`', async () => {
    const uuid = '6f1c3f0e-8a57-4c5e-9a43-2d0f5b7e9c11';
    const cursors = [
      base64('[1e20,"x"]'),
      base64(`[1e20,"${uuid}"]`),
      base64(`[-8.64e15,"${uuid}"]`),
      base64(`[1700000000000,"x"]`),
      base64(`[1700000000000,"${uuid}\u0000"]`),
      base64(`["\u0000","${uuid}"]`),
      base64(`[2147483648,"${uuid}"]`),
      base64(`[1e300,"${uuid}"]`),
      base64('[1,2,3]'),
      base64('[]'),
      base64('{"a":1}'),
      base64('null'),
      base64('not json'),
      'not a cursor!',
      'A'.repeat(5000),
    ];
    const lists: [string, Record<string, string>?][] = [
      ['query($after: String) { petitions(after: $after) { edges { cursor } } }'],
      ['query($after: String) { petitions(after: $after, sort: MOST_SIGNED) { edges { cursor } } }'],
      ['query($after: String) { petitions(after: $after, sort: CLOSING_SOON) { edges { cursor } } }'],
      ['query($after: String) { consultations(after: $after) { edges { cursor } } }'],
      ['query($after: String) { organizations(after: $after) { edges { cursor } } }'],
      ['query($after: String) { heritageObjects(after: $after) { edges { cursor } } }'],
      ['query($after: String) { heritageObjects(after: $after, filter: { near: { lat: 50.45, lng: 30.52, radiusMeters: 5000 } }) { edges { cursor } } }'],
      ['query($after: String) { city(id: "kyiv") { district(id: "kyiv-podilskyi") { petitions(after: $after) { edges { cursor } } } } }'],
    ];
    const signedIn = await as('cursor-reader');
    lists.push(['query($after: String) { me { signedPetitions(after: $after) { edges { cursor } } } }', signedIn]);
    lists.push(['query($after: String) { me { respondedConsultations(after: $after) { edges { cursor } } } }', signedIn]);
    for (const [query, headers] of lists) {
      for (const after of cursors) {
        const result = await gql(query, { after }, headers);
        // A cursor that happens to fit this list's shape (a position, say) may page on; none may fail otherwise.
        if (!result.errors) continue;
        expect(codeOf(result), `${query} after ${after.slice(0, 40)}`).toEqual([['BAD_USER_INPUT', 'after']]);
      }
      expect(codeOf(await gql(query, { after: base64('[1e20,"x"]') }, headers)), query).toEqual([['BAD_USER_INPUT', 'after']]);
    }
  });

  it('still pages with the cursors it issued, null sort keys included', async () => {
    const walk = async (query: string, pick: (data: any) => { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] }) => {
      let after: string | null = null;
      let seen = 0;
      let total = 0;
      for (let pages = 0; pages < 500; pages++) {
        const result = await gql(query, { after });
        expect(result.errors, query).toBeUndefined();
        const connection = pick(result.data);
        total = connection.totalCount;
        seen += connection.edges.length;
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(seen, query).toBe(total);
      expect(total, query).toBeGreaterThan(5);
    };
    const page = '{ totalCount pageInfo { hasNextPage endCursor } edges { cursor } }';
    for (const sort of ['NEWEST', 'MOST_SIGNED', 'CLOSING_SOON']) {
      await walk(`query($after: String) { petitions(first: 7, after: $after, sort: ${sort}) ${page} }`, (d) => d.petitions);
    }
    await walk(`query($after: String) { organizations(first: 7, after: $after) ${page} }`, (d) => d.organizations);
    await walk(`query($after: String) { heritageObjects(first: 7, after: $after) ${page} }`, (d) => d.heritageObjects);
    await walk(`query($after: String) { heritageObjects(first: 10, after: $after, filter: { near: { lat: 50.45, lng: 30.52, radiusMeters: 10000 } }) ${page} }`, (d) => d.heritageObjects);
  });

  it('refuses dates no database stores, naming the field, storing nothing', async () => {
    const before = await state('consultations', 'select count(*) as n from consultation');
    for (const closesAt of ['275760-09-13T00:00:00Z', '+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00Z', '0000-01-01T00:00:00Z', 8.64e15, -1, 'tomorrow']) {
      const result = await gql(CREATE_CONSULTATION, { input: consultation({ closesAt }) }, staff.official);
      expect(codeOf(result), String(closesAt)).toEqual([['BAD_USER_INPUT', 'input.closesAt']]);
    }
    // Written into the document rather than passed as a variable: the same answer.
    const literal = await gql(
      'mutation { createConsultation(input: { city: "kyiv", title: "Нова схема руху", description: "Обговорення нової схеми руху транспорту на Подолі.", format: ONLINE_SURVEY, opensAt: "2030-01-01T00:00:00Z", closesAt: "275760-09-13T00:00:00Z" }) { consultation { id } } }',
      {},
      staff.official,
    );
    expect(codeOf(literal)).toEqual([['BAD_USER_INPUT', 'input.closesAt']]);
    expect(await state('consultations', 'select count(*) as n from consultation')).toBe(before);
  });

  it('takes token subjects of 255 characters everywhere a subject is stored, and refuses 256', async () => {
    const subject = `oidc|${'x'.repeat(250)}`;
    expect(subject).toHaveLength(255);
    const resident = await as(subject);
    const rows = async (subgraph: SubgraphName, sql: string) => Number(((await graph.sql(subgraph, sql, [subject])) as { n: number | string }[])[0]!.n);

    const signed = await gql(SIGN, { id: ids.openPetition }, resident);
    expect(signed.errors).toBeUndefined();
    expect(await rows('petitions', 'select count(*) as n from signature where signer = ?')).toBe(1);

    const submitted = await gql(SUBMIT, { input: petition({ title: 'Петиція від мешканця з довгим ідентифікатором' }) }, resident);
    expect(submitted.errors).toBeUndefined();
    expect(await rows('petitions', 'select count(*) as n from petition where author = ?')).toBe(1);
    const moderator = await as(subject, ['moderator:kyiv']);
    const rejected = await gql(MODERATE, { id: submitted.data.submitPetition.petition.id, reason: 'Петиція дублює вже відкриту петицію.' }, moderator);
    expect(rejected.errors).toBeUndefined();
    expect(await rows('petitions', 'select count(*) as n from petition where moderated_by = ?')).toBe(1);

    const answered = await gql(RESPOND_SURVEY, { id: ids.consultation, answers: answers() }, resident);
    expect(answered.errors).toBeUndefined();
    expect(await rows('consultations', 'select count(*) as n from survey_response where respondent = ?')).toBe(1);

    const reported = await gql(REPORT, { input: { heritageObjectId: ids.heritageObject, condition: 'GOOD', note: 'Фасад відремонтовано.' } }, resident);
    expect(reported.errors).toBeUndefined();
    expect(await rows('heritage', 'select count(*) as n from heritage_report where reporter = ?')).toBe(1);

    const added = await gql(ADD_REPRESENTATIVE, { id: ids.registered, resident: subject }, staff.registrar);
    expect(added.errors).toBeUndefined();
    expect(await rows('registry', 'select count(*) as n from organization_representative where resident = ?')).toBe(1);

    // One more character: the gateway refuses the token itself; nothing is written under it.
    const tooLong = `${subject}y`;
    const before = await state('petitions', 'select count(*) as n from signature');
    const refused = await postJson(url, { query: SIGN, variables: { id: ids.openPetition } }, await as(tooLong));
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(await state('petitions', 'select count(*) as n from signature')).toBe(before);
    const representatives = await state('registry', 'select count(*) as n from organization_representative');
    expect(codeOf(await gql(ADD_REPRESENTATIVE, { id: ids.registered, resident: tooLong }, staff.registrar))).toEqual([['BAD_USER_INPUT', 'resident']]);
    expect(await state('registry', 'select count(*) as n from organization_representative')).toBe(representatives);
  });

  it('refuses JSON nested deeper than the bound with 400 BAD_REQUEST, before GraphQL runs', async () => {
    const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const post = async (body: string) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] } };
    };
    const query = JSON.stringify(OPERATIONS.Petitions!);
    for (const body of [
      `{"query":${query},"variables":{"city":"kyiv","after":${nested(20_000)}}}`,
      `{"query":${query},"variables":{"city":"kyiv"},"extensions":{"x":${nested(20_000)}}}`,
      `{"query":${query},"variables":{"city":"kyiv","after":${nested(65)}}}`,
    ]) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
      expect(answer.body.data).toBeUndefined();
    }
    // Within the bound, a request is read and answered (here: GraphQL refuses the list as a cursor).
    const within = await post(`{"query":${query},"variables":{"city":"kyiv","after":${nested(40)}}}`);
    expect(within.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    // The GET form carries variables and extensions as JSON in the query string.
    const get = await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}&variables=${encodeURIComponent(`{"x":${nested(100)}}`)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(400);
    expect(((await get.json()) as { errors: { extensions: { code: string } }[] }).errors.map((e) => e.extensions.code)).toEqual(['BAD_REQUEST']);
  });
});
