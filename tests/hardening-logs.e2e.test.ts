import { randomBytes } from 'node:crypto';
import { stdnum } from 'stdnum';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from './support/databases.js';
import { as, devToken, graphql, startGraph, type RunningGraph } from './support/graph.js';
import { SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import { OPERATIONS } from './support/operations.js';
import { DEMO_DRAFT_REPORT, demoProgramme } from '../subgraphs/programmes/demo/programmes.demo-ids.js';

const dialects = await testDialects();

/** A log line as written: pino's JSON. */
type Line = Record<string, any> & { level: number; msg: string; name: string };

/** A valid EDRPOU code no demo organisation has: random first digits and the check digit that fits. */
function freshEdrpou(): string {
  for (;;) {
    const first7 = String(10_000_00 + Math.floor(Math.random() * 80_000_00)).padStart(7, '0');
    for (let digit = 0; digit < 10; digit++) if (stdnum.UA.edrpou.validate(`${first7}${digit}`).isValid) return `${first7}${digit}`;
  }
}

const OPEN_SURVEYS = /* GraphQL */ `
  query { consultations(first: 50, filter: { city: "kyiv", status: OPEN }) { edges { node { id survey { questions { id kind options { id } } } } } } }
`;

describe.each(dialects)('logs without personal data, on %s', (dialect) => {
  let graph: RunningGraph;
  let url: string;
  const written: string[] = [];
  const lines = () => written.flatMap((chunk) => chunk.split('\n')).filter(Boolean);
  const parsed = () => lines().map((line) => JSON.parse(line) as Line);
  const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => graphql(url, query, variables, headers);

  // What was written, each unique to this run: none of it may appear in any log line.
  const unique = randomBytes(6).toString('hex');
  const subject = `subject-${unique}`;
  const secrets = {
    subject,
    title: `Пішохідний міст ${unique}-title`,
    body: `Просимо збудувати пішохідний міст через залізницю біля школи, текст ${unique}-body, щоб діти ходили безпечно.`,
    failingBody: `Той самий міст, але інший текст ${unique}-failing, щоб запис упав у базі даних після перевірок.`,
    surveyText: `Більше тіні й лавок ${unique}-survey`,
    note: `Тріщина на фасаді біля входу ${unique}-note`,
    progress: `Проєкт рішення оприлюднено ${unique}-progress`,
    official: `official-${unique}`,
    integrator: `integrator-${unique}`,
    webhookDescription: `Сповіщення редакції ${unique}-webhook`,
    organisation: `Громадська організація «Сусіди ${unique}-org»`,
    badTokenSubject: `subject-${unique}-bad-token`,
    getVariable: `${unique}-get-variable`,
  };
  const failingRequestId = `logs-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    graph = await startGraph({ dialect, logs: { write: (chunk: string) => void written.push(chunk) } });
    url = graph.gatewayUrl;
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('runs writes with known subjects and texts, one of which fails in the database', async () => {
    const resident = await as(subject);

    const submitted = await gql(OPERATIONS.SubmitPetition!, { input: { city: 'kyiv', title: secrets.title, body: secrets.body } }, resident);
    expect(submitted.errors).toBeUndefined();

    const open = (await gql(OPERATIONS.Petitions!, { city: 'kyiv', status: 'OPEN', first: 1 })).data.petitions.edges[0].node.id;
    const signed = await gql(OPERATIONS.SignPetition!, { id: open, channel: 'MOBILE_APP' }, resident);
    expect(signed.errors).toBeUndefined();

    const surveys = (await gql(OPEN_SURVEYS)).data.consultations.edges.map((e: any) => e.node);
    const survey = surveys.find((c: any) => c.survey?.questions.some((q: any) => q.kind === 'TEXT'));
    expect(survey).toBeDefined();
    const answers = survey.survey.questions.map((q: { id: string; kind: string; options: { id: string }[] }) =>
      q.kind === 'TEXT' ? { questionId: q.id, text: secrets.surveyText } : q.kind === 'SCALE' ? { questionId: q.id, value: 3 } : { questionId: q.id, optionIds: [q.options[0]!.id] },
    );
    const answered = await gql(OPERATIONS.RespondToSurvey!, { id: survey.id, answers }, resident);
    expect(answered.errors).toBeUndefined();

    const [monument] = (await graph.sql('heritage', "select id from heritage_object where city = 'kyiv' order by protection_number limit 1")) as { id: string }[];
    const reported = await gql(OPERATIONS.ReportHeritageCondition!, { input: { heritageObjectId: monument!.id, condition: 'DAMAGED', note: secrets.note } }, resident);
    expect(reported.errors).toBeUndefined();

    const registration = {
      edrpou: freshEdrpou(),
      name: secrets.organisation,
      legalForm: 'PUBLIC_ORGANIZATION',
      city: 'kyiv',
      activityAreas: ['освіта'],
      financialReport: { title: 'Фінансовий звіт за 2025 рік', year: 2025, url: 'https://example.org/reports/2025.pdf' },
    };
    const registered = await gql(OPERATIONS.RegisterOrganization!, { input: registration }, resident);
    expect(registered.errors).toBeUndefined();

    // An official records progress in the demo draft report on Kyiv's plan 2025–2027.
    const plan = demoProgramme(DEMO_DRAFT_REPORT.programme);
    const progress = {
      measureId: plan.measureId(plan.document.measures[0]!.key),
      reportId: plan.reportId(DEMO_DRAFT_REPORT.periodStart, DEMO_DRAFT_REPORT.periodEnd),
      status: 'IN_PROGRESS',
      text: secrets.progress,
    };
    const recorded = await gql(OPERATIONS.RecordMeasureProgress!, { input: progress }, await as(secrets.official, ['official:kyiv']));
    expect(recorded.errors).toBeUndefined();

    // An integrator registers a webhook (a local receiver: loopback is allowed outside production).
    const hook = await gql(
      OPERATIONS.RegisterWebhook!,
      { input: { city: 'kyiv', url: 'http://127.0.0.1:9/hooks', eventTypes: ['PETITION_ANSWERED'], description: secrets.webhookDescription } },
      await as(secrets.integrator, ['integrator:kyiv']),
    );
    expect(hook.errors).toBeUndefined();

    // A trap in the database: a second petition with this title violates a unique index. The
    // driver's error then holds the statement with its values (title, body, author) and, on
    // PostgreSQL, a `detail` naming the key: exactly what must not reach a log line.
    await graph.sql('petitions', `create unique index hardening_logs_trap on petition (title_uk) where title_uk like '%${unique}%'`);
    const failed = await gql(OPERATIONS.SubmitPetition!, { input: { city: 'kyiv', title: secrets.title, body: secrets.failingBody } }, { ...resident, 'x-request-id': failingRequestId });
    expect(failed.errors).toEqual([{ message: 'Внутрішня помилка сервера.', path: ['submitPetition'], extensions: { code: 'INTERNAL_SERVER_ERROR', service: 'petitions' } }]);

    // A token that does not verify, for another subject; and a GET whose query string carries a variable.
    const [header, payload] = (await devToken(secrets.badTokenSubject)).split('.');
    const refused = await gql('{ me { id } }', {}, { authorization: `Bearer ${header}.${payload}.${randomBytes(64).toString('base64url')}` });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const search = new URL(url);
    search.searchParams.set('query', 'query($s: String) { organizations(first: 1, filter: { city: "kyiv", search: $s }) { totalCount } }');
    search.searchParams.set('variables', JSON.stringify({ s: secrets.getVariable }));
    expect((await fetch(search, { headers: { 'apollo-require-preflight': 'true' } })).status).toBe(200);

    // The values did reach the databases (so the statements carried them).
    expect(await graph.sql('petitions', 'select id from petition where title_uk = ? and author = ?', [secrets.title, subject])).toHaveLength(1);
    expect(await graph.sql('registry', 'select id from organization where name_uk = ?', [secrets.organisation])).toHaveLength(1);
  });

  it('wrote every service\u02bcs lines at trace, SQL statements included, and none holds a subject or a text', () => {
    const all = parsed();
    const services = new Set(all.map((line) => line.name));
    expect([...services].sort()).toEqual([...SUBGRAPH_NAMES, 'gateway'].sort());
    const statements = all.filter((line) => line.msg === 'SQL statement');
    for (const name of SUBGRAPH_NAMES) {
      expect(statements.some((line) => line.name === name && /insert into/i.test(line.sql)), name).toBe(true);
    }
    const leaks = Object.entries(secrets).flatMap(([what, secret]) => lines().filter((line) => line.includes(secret)).map((line) => `${what}: ${line}`));
    expect(leaks).toEqual([]);
    // Nor the parts of a secret a serializer might cut it into.
    expect(lines().filter((line) => line.includes(unique))).toEqual([]);
  });

  it('logs the failed write as an error with its request id and the statement\u02bcs fingerprint, the gateway\u02bcs line with the same id', () => {
    const ofRequest = parsed().filter((line) => line.reqId === failingRequestId);
    const masked = ofRequest.find((line) => line.name === 'petitions' && line.level >= 50);
    expect(masked).toMatchObject({
      msg: 'masked an internal error',
      statement: expect.stringMatching(/^[0-9a-f]{16}$/),
      err: { type: 'GraphQLError', path: ['submitPetition'], cause: { type: 'UniqueConstraintViolationException' } },
    });
    const failure = ofRequest.find((line) => line.name === 'petitions' && line.msg === 'SQL statement failed');
    expect(failure).toMatchObject({ statement: masked!.statement, sql: expect.stringMatching(/^insert into .?petition.? /i) });
    expect(failure!.sql).not.toMatch(/'/);
    expect(ofRequest.find((line) => line.name === 'gateway' && line.level >= 40)).toMatchObject({ msg: 'subgraph petitions answered an internal error', err: { extensions: { code: 'INTERNAL_SERVER_ERROR' } } });
  });
});
