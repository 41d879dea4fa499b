/**
 * Domain events recorded by the subgraphs' writes (issue 18): each write that changes state
 * records exactly its events in its subgraph's outbox (`outbox_event`), in the same
 * transaction; a retried write that changes nothing, a write refused by validation or by a
 * conflict, and a write nobody outside may see yet (a petition in moderation, a draft
 * report) record nothing. Events carry public figures only: never who signed, answered,
 * reported or decided, nor what a resident wrote.
 *
 * Each subgraph runs in-process on a copy of its demo database, on SQLite and PostgreSQL;
 * requests are signed as the gateway signs them.
 */
import 'reflect-metadata';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { stdnum } from 'stdnum';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Viewer } from '../lib/identity.js';
import type { SubgraphName } from '../lib/subgraphs.js';
import { consultationsSubgraph } from '../subgraphs/consultations/consultations.subgraph.js';
import { demoConsultations } from '../subgraphs/consultations/demo/consultations.data.js';
import { heritageSubgraph } from '../subgraphs/heritage/heritage.subgraph.js';
import { DEFAULT_PETITION_RULES } from '../subgraphs/petitions/petition/petition.rules.js';
import { createPetitionsSubgraph } from '../subgraphs/petitions/petitions.subgraph.js';
import { DEMO_DOCUMENTS } from '../subgraphs/programmes/demo/documents/index.js';
import { DEMO_DRAFT_REPORT, demoProgramme } from '../subgraphs/programmes/demo/programmes.demo-ids.js';
import { importDocument, ImportRefusedError } from '../subgraphs/programmes/document/import.command.js';
import { programmesSubgraph } from '../subgraphs/programmes/programmes.subgraph.js';
import { ProgrammeReport } from '../subgraphs/programmes/report/programme-report.entity.js';
import { registrySubgraph } from '../subgraphs/registry/registry.subgraph.js';
import { demoId } from '../subgraphs/shared/demo-ids.js';
import { OutboxEvent } from '../subgraphs/shared/outbox/outbox-event.entity.js';
import { createSubgraph, type SubgraphDefinition } from '../subgraphs/shared/subgraph.js';
import { testDialects, testSubgraphConfig, type ScratchDatabase } from './support/databases.js';
import { postAsGateway } from './support/gateway-signing.js';
import { demoDatabase } from './support/templates.js';

type Server = Awaited<ReturnType<typeof createSubgraph>>;
interface GraphQLResponse {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}
/** An outbox row as the tests compare it. */
interface Recorded {
  type: string;
  city: string;
  entity: { type: string; id: string };
  data: Record<string, unknown>;
}

const dialects = await testDialects();

// Everyone who acts in these tests: none of their subjects may appear in any event.
const RESIDENTS: Viewer[] = Array.from({ length: 8 }, (_, i) => ({ id: `events-resident-${i + 1}`, grants: [] }));
const [ALICE, BOHDAN, CHRYSTIA] = RESIDENTS as [Viewer, Viewer, Viewer];
const MODERATOR: Viewer = { id: 'events-moderator-kyiv', grants: [{ role: 'moderator', city: 'kyiv' }] };
const OFFICIAL: Viewer = { id: 'events-official-kyiv', grants: [{ role: 'official', city: 'kyiv' }] };
const INSPECTOR: Viewer = { id: 'events-inspector-kyiv', grants: [{ role: 'inspector', city: 'kyiv' }] };
const REGISTRAR: Viewer = { id: 'events-registrar-kyiv', grants: [{ role: 'registrar', city: 'kyiv' }] };
const PEOPLE = [...RESIDENTS, MODERATOR, OFFICIAL, INSPECTOR, REGISTRAR].map((viewer) => viewer.id);
// What residents (and staff) write: free text stays in its entity, never in an event.
const TEXTS = {
  title: 'Лавки та питні фонтанчики на Контрактовій площі',
  body: 'Просимо встановити лавки та питні фонтанчики на Контрактовій площі, бо влітку там немає де відпочити в тіні.',
  rejection: 'Питання не належить до повноважень міської ради.',
  response: 'Міська рада доручила департаменту благоустрою встановити лавки до кінця року.',
  answer: 'Потрібні лавки біля ставка та більше тіні.',
  outcome: 'За результатами консультації концепцію доопрацьовано: збережено алею та додано лавки.',
  note: 'Тріщини на фасаді після обстрілу, відпала штукатурка.',
  progress: 'Захід виконується: підготовлено технічне завдання.',
};

/** Kyiv's petitions need two signatures here, so that a test reaches the threshold. */
const petitionsSubgraph = createPetitionsSubgraph({
  rules: { ...DEFAULT_PETITION_RULES, kyiv: { ...DEFAULT_PETITION_RULES.kyiv!, threshold: 2 } },
});

/** A valid EDRPOU code other than `taken`: the first check digit stdnum accepts after `prefix`. */
function edrpou(prefix: string): string {
  for (let digit = 0; digit <= 9; digit++) {
    const code = `${prefix}${digit}`;
    if (stdnum.UA.edrpou.validate(code).isValid) return code;
  }
  throw new Error(`no valid EDRPOU code starts with ${prefix}`);
}

describe.each(dialects)('events recorded by the writes, on %s', (dialect) => {
  const servers = new Map<SubgraphName, { server: Server; url: string; database: ScratchDatabase }>();

  async function start(name: SubgraphName, definition: SubgraphDefinition): Promise<void> {
    const database = await demoDatabase(dialect, name);
    const server = await createSubgraph(definition, testSubgraphConfig(name, database));
    servers.set(name, { server, url: await server.listen(0, '127.0.0.1'), database });
  }

  const em = (name: SubgraphName) => servers.get(name)!.server.orm.em.fork() as SqlEntityManager;

  async function gql(name: SubgraphName, query: string, variables: Record<string, unknown>, viewer: Viewer | null): Promise<GraphQLResponse> {
    const response = await postAsGateway(servers.get(name)!.url, name, { query, variables }, { viewer });
    return (await response.json()) as GraphQLResponse;
  }

  async function ok(name: SubgraphName, query: string, variables: Record<string, unknown>, viewer: Viewer | null): Promise<Record<string, any>> {
    const result = await gql(name, query, variables, viewer);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data!;
  }

  /** The code (and field) of a refused write. */
  async function refused(name: SubgraphName, query: string, variables: Record<string, unknown>, viewer: Viewer | null) {
    const result = await gql(name, query, variables, viewer);
    expect(result.errors, JSON.stringify(result.data)).toHaveLength(1);
    return { code: result.errors![0]!.extensions?.code, field: result.errors![0]!.extensions?.field };
  }

  /** Every outbox row of the subgraph, oldest first. */
  async function outbox(name: SubgraphName): Promise<OutboxEvent[]> {
    return em(name).find(OutboxEvent, {}, { orderBy: { seq: 'asc' } });
  }

  /** Runs `write` and returns the events it recorded in the subgraph's outbox. */
  async function recordedBy(name: SubgraphName, write: () => Promise<unknown>): Promise<Recorded[]> {
    const before = (await outbox(name)).at(-1)?.seq ?? 0;
    await write();
    const rows = await em(name).find(OutboxEvent, { seq: { $gt: before } }, { orderBy: { seq: 'asc' } });
    return rows.map((row) => ({ type: row.type, city: row.city, entity: { type: row.entityType, id: row.entityId }, data: JSON.parse(row.data) as Record<string, unknown> }));
  }

  beforeAll(async () => {
    await start('petitions', petitionsSubgraph);
    await start('consultations', consultationsSubgraph);
    await start('heritage', heritageSubgraph);
    await start('registry', registrySubgraph);
    await start('programmes', programmesSubgraph);
  });

  afterAll(async () => {
    for (const { server, database } of servers.values()) {
      await server.close();
      await database.drop();
    }
    servers.clear();
  });

  test('the demo data records no events: what a city starts with is no news', async () => {
    for (const name of servers.keys()) expect(await outbox(name), name).toEqual([]);
  });

  describe('petitions', () => {
    const SUBMIT = /* GraphQL */ `
      mutation($input: SubmitPetitionInput!) { submitPetition(input: $input) { petition { id status } } }
    `;
    const MODERATE = /* GraphQL */ `
      mutation($id: ID!, $decision: ModerationDecision!, $reason: String) {
        moderatePetition(id: $id, decision: $decision, reason: $reason) { petition { id status closesAt signatureThreshold } }
      }
    `;
    const SIGN = /* GraphQL */ `
      mutation($id: ID!, $district: ID) { signPetition(id: $id, channel: WEB, district: $district) { petition { id signatureCount thresholdReachedAt } } }
    `;
    const RESPOND = /* GraphQL */ `
      mutation($id: ID!, $body: String!) { respondToPetition(id: $id, body: $body) { petition { id response { respondedAt } } } }
    `;
    const submit = async (author: Viewer, title: string) =>
      (await ok('petitions', SUBMIT, { input: { city: 'kyiv', district: 'kyiv-podilskyi', title, body: TEXTS.body } }, author)).submitPetition.petition.id as string;
    const petition = (id: string) => ({ type: 'Petition', id });

    test('moderation: admitting records PetitionPublished, rejecting PetitionRejected; submitting, a refused or repeated decision nothing', async () => {
      let id = '';
      expect(await recordedBy('petitions', async () => (id = await submit(ALICE, TEXTS.title)))).toEqual([]);
      // A retried submission returns the same petition and records nothing either.
      expect(await recordedBy('petitions', async () => expect(await submit(ALICE, TEXTS.title)).toBe(id))).toEqual([]);

      expect(await recordedBy('petitions', async () => expect(await refused('petitions', MODERATE, { id, decision: 'REJECT' }, MODERATOR)).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' }))).toEqual([]);
      expect(await recordedBy('petitions', async () => expect((await refused('petitions', MODERATE, { id, decision: 'ADMIT' }, ALICE)).code).toBe('FORBIDDEN'))).toEqual([]);

      let admitted: any;
      const published = await recordedBy('petitions', async () => (admitted = (await ok('petitions', MODERATE, { id, decision: 'ADMIT' }, MODERATOR)).moderatePetition.petition));
      expect(published).toEqual([
        { type: 'PetitionPublished', city: 'kyiv', entity: petition(id), data: { status: 'OPEN', signatureThreshold: 2, closesAt: new Date(admitted.closesAt).toISOString() } },
      ]);
      expect(await recordedBy('petitions', async () => expect((await refused('petitions', MODERATE, { id, decision: 'ADMIT' }, MODERATOR)).code).toBe('CONFLICT'))).toEqual([]);

      const other = await submit(BOHDAN, `${TEXTS.title} (ще раз)`);
      const rejected = await recordedBy('petitions', () => ok('petitions', MODERATE, { id: other, decision: 'REJECT', reason: TEXTS.rejection }, MODERATOR));
      expect(rejected).toEqual([{ type: 'PetitionRejected', city: 'kyiv', entity: petition(other), data: { status: 'REJECTED' } }]);
    });

    test('signatures: each new one records the count; the one reaching the threshold also PetitionThresholdReached; repeats and refusals nothing', async () => {
      const id = await submit(CHRYSTIA, 'Велодоріжка вздовж Набережного шосе');
      await ok('petitions', MODERATE, { id, decision: 'ADMIT' }, MODERATOR);
      const sign = (viewer: Viewer, district?: string) => ok('petitions', SIGN, { id, district }, viewer);

      expect(await recordedBy('petitions', () => sign(ALICE))).toEqual([{ type: 'PetitionSignatureCountChanged', city: 'kyiv', entity: petition(id), data: { signatureCount: 1 } }]);
      expect(await recordedBy('petitions', () => sign(ALICE))).toEqual([]);
      // A district of another city: refused, nothing signed, nothing recorded.
      expect(await recordedBy('petitions', async () => expect(await refused('petitions', SIGN, { id, district: 'vinnytsia-zamostia' }, BOHDAN)).toEqual({ code: 'BAD_USER_INPUT', field: 'district' }))).toEqual([]);

      let answer: any;
      const reaching = await recordedBy('petitions', async () => (answer = (await sign(BOHDAN)).signPetition.petition));
      expect(answer.signatureCount).toBe(2);
      expect(reaching).toEqual([
        { type: 'PetitionSignatureCountChanged', city: 'kyiv', entity: petition(id), data: { signatureCount: 2 } },
        {
          type: 'PetitionThresholdReached',
          city: 'kyiv',
          entity: petition(id),
          data: { signatureCount: 2, signatureThreshold: 2, thresholdReachedAt: new Date(answer.thresholdReachedAt).toISOString() },
        },
      ]);
      // Past the threshold, signatures are counted but the threshold is reached only once.
      expect(await recordedBy('petitions', () => sign(CHRYSTIA))).toEqual([{ type: 'PetitionSignatureCountChanged', city: 'kyiv', entity: petition(id), data: { signatureCount: 3 } }]);

      // Signing a petition that is not open: CONFLICT, nothing recorded.
      const waiting = await submit(ALICE, 'Ще одна петиція, що чекає модерації');
      expect(await recordedBy('petitions', async () => expect((await refused('petitions', SIGN, { id: waiting }, ALICE)).code).toBe('CONFLICT'))).toEqual([]);
    });

    test('concurrent signatures: one count event each, every count once, and exactly one threshold event', async () => {
      const id = await submit(ALICE, 'Укриття біля кожної школи Подолу');
      await ok('petitions', MODERATE, { id, decision: 'ADMIT' }, MODERATOR);
      const signers = RESIDENTS.slice(0, 6);
      const events = await recordedBy('petitions', () => Promise.all(signers.map((viewer) => ok('petitions', SIGN, { id }, viewer))));
      const counts = events.filter((e) => e.type === 'PetitionSignatureCountChanged').map((e) => e.data.signatureCount);
      expect([...counts].sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 4, 5, 6]);
      const reached = events.filter((e) => e.type === 'PetitionThresholdReached');
      expect(reached).toHaveLength(1);
      expect(reached[0]!.data).toMatchObject({ signatureCount: 2, signatureThreshold: 2 });
      expect(events).toHaveLength(7);
    });

    test('the official answer records PetitionAnswered once; a refused or repeated answer nothing', async () => {
      const id = await submit(BOHDAN, 'Нічне освітлення парку Наталка');
      await ok('petitions', MODERATE, { id, decision: 'ADMIT' }, MODERATOR);
      expect(await recordedBy('petitions', async () => expect((await refused('petitions', RESPOND, { id, body: TEXTS.response }, OFFICIAL)).code).toBe('CONFLICT'))).toEqual([]); // below the threshold
      await ok('petitions', SIGN, { id }, ALICE);
      await ok('petitions', SIGN, { id }, BOHDAN);
      expect(await recordedBy('petitions', async () => expect(await refused('petitions', RESPOND, { id, body: 'Коротко.' }, OFFICIAL)).toEqual({ code: 'BAD_USER_INPUT', field: 'body' }))).toEqual([]);

      let answer: any;
      const answered = await recordedBy('petitions', async () => (answer = (await ok('petitions', RESPOND, { id, body: TEXTS.response }, OFFICIAL)).respondToPetition.petition));
      expect(answered).toEqual([{ type: 'PetitionAnswered', city: 'kyiv', entity: petition(id), data: { respondedAt: new Date(answer.response.respondedAt).toISOString() } }]);
      expect(await recordedBy('petitions', async () => expect((await refused('petitions', RESPOND, { id, body: TEXTS.response }, OFFICIAL)).code).toBe('CONFLICT'))).toEqual([]);
    });
  });

  describe('consultations', () => {
    const SURVEY = /* GraphQL */ `
      query($id: ID!) { consultation(id: $id) { id participantCount survey { questions { id kind scaleMin options { id } } } } }
    `;
    const RESPOND = /* GraphQL */ `
      mutation($id: ID!, $answers: [SurveyAnswerInput!]!) { respondToSurvey(consultationId: $id, answers: $answers) { consultation { id participantCount } } }
    `;
    const PUBLISH = /* GraphQL */ `
      mutation($id: ID!, $summary: String!) { publishConsultationOutcome(id: $id, summary: $summary) { consultation { id outcome { publishedAt } } } }
    `;
    const open = demoConsultations.find((d) => d.city === 'kyiv' && d.opensInDays <= 0 && d.closesInDays > 1 && d.survey?.length)!;
    const closed = demoConsultations.find((d) => d.city === 'kyiv' && d.closesInDays < 0 && !d.outcomeUk)!;

    test('a new survey response records the participant count; a retry, other answers or bad answers nothing', async () => {
      const id = demoId('consultation', open.slug);
      const { consultation } = await ok('consultations', SURVEY, { id }, null);
      const answers = consultation.survey.questions.map((q: any) =>
        q.kind === 'TEXT' ? { questionId: q.id, text: TEXTS.answer } : q.kind === 'SCALE' ? { questionId: q.id, value: q.scaleMin } : { questionId: q.id, optionIds: [q.options[0].id] },
      );
      let after = 0;
      const events = await recordedBy('consultations', async () => (after = (await ok('consultations', RESPOND, { id, answers }, ALICE)).respondToSurvey.consultation.participantCount));
      expect(after).toBe(consultation.participantCount + 1);
      expect(events).toEqual([{ type: 'ConsultationParticipantCountChanged', city: 'kyiv', entity: { type: 'Consultation', id }, data: { participantCount: after } }]);

      expect(await recordedBy('consultations', () => ok('consultations', RESPOND, { id, answers }, ALICE))).toEqual([]);
      const choice = consultation.survey.questions.findIndex((q: any) => q.kind === 'SINGLE_CHOICE' || q.kind === 'MULTIPLE_CHOICE');
      if (choice >= 0 && consultation.survey.questions[choice].options.length > 1) {
        const different = answers.map((a: any, i: number) => (i === choice ? { ...a, optionIds: [consultation.survey.questions[choice].options[1].id] } : a));
        expect(await recordedBy('consultations', async () => expect((await refused('consultations', RESPOND, { id, answers: different }, ALICE)).code).toBe('CONFLICT'))).toEqual([]);
      }
      const unknownQuestion = [{ questionId: '00000000-0000-4000-8000-000000000000', text: TEXTS.answer }];
      expect(await recordedBy('consultations', async () => expect((await refused('consultations', RESPOND, { id, answers: unknownQuestion }, BOHDAN)).code).toBe('BAD_USER_INPUT'))).toEqual([]);
    });

    test('publishing the outcome records ConsultationOutcomePublished once; a too short, early, retried or other summary nothing', async () => {
      const id = demoId('consultation', closed.slug);
      expect(await recordedBy('consultations', async () => expect(await refused('consultations', PUBLISH, { id, summary: 'Мало.' }, OFFICIAL)).toEqual({ code: 'BAD_USER_INPUT', field: 'summary' }))).toEqual([]);
      const stillOpen = demoId('consultation', open.slug);
      expect(await recordedBy('consultations', async () => expect((await refused('consultations', PUBLISH, { id: stillOpen, summary: TEXTS.outcome }, OFFICIAL)).code).toBe('CONFLICT'))).toEqual([]);

      let answer: any;
      const events = await recordedBy('consultations', async () => (answer = (await ok('consultations', PUBLISH, { id, summary: TEXTS.outcome }, OFFICIAL)).publishConsultationOutcome.consultation));
      expect(events).toEqual([
        { type: 'ConsultationOutcomePublished', city: 'kyiv', entity: { type: 'Consultation', id }, data: { outcomePublishedAt: new Date(answer.outcome.publishedAt).toISOString() } },
      ]);
      expect(await recordedBy('consultations', () => ok('consultations', PUBLISH, { id, summary: TEXTS.outcome }, OFFICIAL))).toEqual([]);
      expect(await recordedBy('consultations', async () => expect((await refused('consultations', PUBLISH, { id, summary: `${TEXTS.outcome} Інше.` }, OFFICIAL)).code).toBe('CONFLICT'))).toEqual([]);
    });
  });

  describe('heritage', () => {
    const OBJECTS = /* GraphQL */ `
      query { heritageObjects(first: 1, filter: { city: "kyiv" }) { edges { node { id condition } } } }
    `;
    const REPORT = /* GraphQL */ `
      mutation($input: ReportHeritageConditionInput!) { reportHeritageCondition(input: $input) { report { id status } } }
    `;
    const REVIEW = /* GraphQL */ `
      mutation($id: ID!, $decision: ReviewDecision!, $reason: String) { reviewHeritageReport(id: $id, decision: $decision, reason: $reason) { report { id status } } }
    `;
    const RECORD = /* GraphQL */ `
      mutation($id: ID!, $condition: HeritageCondition!, $note: String) { recordHeritageCondition(heritageObjectId: $id, condition: $condition, note: $note) { heritageObject { id condition } } }
    `;

    test('an accepted report or an official record that changes the condition records it; the same condition again, a declined or pending report nothing', async () => {
      const node = (await ok('heritage', OBJECTS, {}, null)).heritageObjects.edges[0].node;
      const id = node.id as string;
      const changed = node.condition === 'EMERGENCY' ? 'UNSATISFACTORY' : 'EMERGENCY';
      const report = async (viewer: Viewer, condition: string) =>
        (await ok('heritage', REPORT, { input: { heritageObjectId: id, condition, note: TEXTS.note } }, viewer)).reportHeritageCondition.report.id as string;

      let accepted = '';
      expect(await recordedBy('heritage', async () => (accepted = await report(ALICE, changed)))).toEqual([]);
      expect(await recordedBy('heritage', async () => expect(await refused('heritage', REVIEW, { id: accepted, decision: 'DECLINE', reason: 'Ні.' }, INSPECTOR)).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' }))).toEqual([]);
      const byReport = await recordedBy('heritage', () => ok('heritage', REVIEW, { id: accepted, decision: 'ACCEPT' }, INSPECTOR));
      expect(byReport).toEqual([{ type: 'HeritageConditionChanged', city: 'kyiv', entity: { type: 'HeritageObject', id }, data: { condition: changed } }]);
      expect(await recordedBy('heritage', async () => expect((await refused('heritage', REVIEW, { id: accepted, decision: 'ACCEPT' }, INSPECTOR)).code).toBe('CONFLICT'))).toEqual([]);

      // The same condition recorded again is history, not a change.
      expect(await recordedBy('heritage', () => ok('heritage', RECORD, { id, condition: changed }, INSPECTOR))).toEqual([]);
      const declined = await report(BOHDAN, 'GOOD');
      expect(await recordedBy('heritage', () => ok('heritage', REVIEW, { id: declined, decision: 'DECLINE', reason: 'Фотографії не підтверджують стан.' }, INSPECTOR))).toEqual([]);
      expect(await recordedBy('heritage', async () => expect((await refused('heritage', RECORD, { id, condition: 'GOOD', note: 'x'.repeat(2_001) }, INSPECTOR)).code).toBe('BAD_USER_INPUT'))).toEqual([]);

      const official = await recordedBy('heritage', () => ok('heritage', RECORD, { id, condition: 'SATISFACTORY', note: TEXTS.note }, INSPECTOR));
      expect(official).toEqual([{ type: 'HeritageConditionChanged', city: 'kyiv', entity: { type: 'HeritageObject', id }, data: { condition: 'SATISFACTORY' } }]);
    });
  });

  describe('registry', () => {
    const REGISTER = /* GraphQL */ `
      mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id status } } }
    `;
    const VERIFY = /* GraphQL */ `
      mutation($id: ID!, $decision: VerificationDecision!, $reason: String) { verifyOrganization(id: $id, decision: $decision, reason: $reason) { organization { id status } } }
    `;
    const apply = async (viewer: Viewer, code: string, name: string) =>
      (
        await ok(
          'registry',
          REGISTER,
          {
            input: {
              edrpou: code,
              name,
              legalForm: 'CHARITY',
              city: 'kyiv',
              activityAreas: ['благоустрій'],
              financialReport: { title: 'Фінансовий звіт за 2025 рік', year: 2025, url: 'https://example.org/reports/2025.pdf' },
            },
          },
          viewer,
        )
      ).registerOrganization.organization.id as string;

    test('approval records OrganizationRegistered; applying, declining, refused or repeated decisions nothing', async () => {
      let id = '';
      expect(await recordedBy('registry', async () => (id = await apply(ALICE, edrpou('4312765'), 'Благодійний фонд «Сад на Подолі»')))).toEqual([]);
      expect(await recordedBy('registry', async () => expect((await refused('registry', VERIFY, { id, decision: 'APPROVE' }, ALICE)).code).toBe('FORBIDDEN'))).toEqual([]);
      const registered = await recordedBy('registry', () => ok('registry', VERIFY, { id, decision: 'APPROVE' }, REGISTRAR));
      expect(registered).toEqual([{ type: 'OrganizationRegistered', city: 'kyiv', entity: { type: 'Organization', id }, data: { legalForm: 'CHARITY' } }]);
      expect(await recordedBy('registry', async () => expect((await refused('registry', VERIFY, { id, decision: 'APPROVE' }, REGISTRAR)).code).toBe('CONFLICT'))).toEqual([]);

      const declined = await apply(BOHDAN, edrpou('4312766'), 'Благодійний фонд «Тиха вулиця»');
      expect(await recordedBy('registry', async () => expect(await refused('registry', VERIFY, { id: declined, decision: 'DECLINE' }, REGISTRAR)).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' }))).toEqual([]);
      expect(await recordedBy('registry', () => ok('registry', VERIFY, { id: declined, decision: 'DECLINE', reason: 'Фінансовий звіт не відповідає вимогам.' }, REGISTRAR))).toEqual([]);
    });
  });

  describe('programmes', () => {
    const RECORD = /* GraphQL */ `
      mutation($input: RecordMeasureProgressInput!) { recordMeasureProgress(input: $input) { measure { id } } }
    `;
    const PUBLISH = /* GraphQL */ `
      mutation($id: ID!) { publishProgrammeReport(id: $id) { report { id state } } }
    `;
    const plan = demoProgramme(DEMO_DRAFT_REPORT.programme);
    const draft = plan.reportId(DEMO_DRAFT_REPORT.periodStart, DEMO_DRAFT_REPORT.periodEnd);

    test('publishing a report records ProgrammeProgressRecorded for its programme; drafting, refused and repeated publishing nothing', async () => {
      const [measure] = await em('programmes').execute<{ id: string }[]>('select id from measure where programme_id = ? order by position limit 1', [plan.id]);
      const input = { measureId: measure!.id, reportId: draft, status: 'IN_PROGRESS', text: TEXTS.progress };
      // A draft is the officials' own until published: nothing public happened yet.
      expect(await recordedBy('programmes', () => ok('programmes', RECORD, { input }, OFFICIAL))).toEqual([]);
      expect(await recordedBy('programmes', async () => expect((await refused('programmes', RECORD, { input: { ...input, text: '' } }, OFFICIAL)).code).toBe('BAD_USER_INPUT'))).toEqual([]);
      expect(await recordedBy('programmes', async () => expect((await refused('programmes', PUBLISH, { id: draft }, ALICE)).code).toBe('FORBIDDEN'))).toEqual([]);

      const published = await recordedBy('programmes', () => ok('programmes', PUBLISH, { id: draft }, OFFICIAL));
      expect(published).toEqual([
        {
          type: 'ProgrammeProgressRecorded',
          city: 'kyiv',
          entity: { type: 'Programme', id: plan.id },
          data: { reportId: draft, periodStart: DEMO_DRAFT_REPORT.periodStart, periodEnd: DEMO_DRAFT_REPORT.periodEnd, measuresReported: 1 },
        },
      ]);
      expect(await recordedBy('programmes', () => ok('programmes', PUBLISH, { id: draft }, OFFICIAL))).toEqual([]);
    });

    test('importing a report records ProgrammeProgressRecorded; a document imported before, or refused, nothing', async () => {
      const seed = DEMO_DOCUMENTS.find((document) => document.name.startsWith('003'))!;
      const programme = demoProgramme('003');
      const options = { importedBy: 'test', now: new Date() };
      expect(await recordedBy('programmes', async () => expect(await importDocument(em('programmes'), seed.name, seed.text, options)).toMatchObject({ status: 'unchanged' }))).toEqual([]);
      // Other bytes, the same period: the programme has that report already, so the whole document is refused.
      const again = `${seed.text}\n`;
      expect(await recordedBy('programmes', async () => expect(await importDocument(em('programmes'), 'again.txt', again, options).catch((e: unknown) => e)).toBeInstanceOf(ImportRefusedError))).toEqual([]);

      const nextQuarter = seed.text.replace('за січень – березень 2023 року', 'за квітень – червень 2023 року');
      expect(nextQuarter).not.toBe(seed.text);
      let outcome: any;
      const imported = await recordedBy('programmes', async () => (outcome = await importDocument(em('programmes'), 'q2.txt', nextQuarter, options)));
      expect(outcome).toMatchObject({ status: 'imported', programmeId: programme.id, counts: { reports: 1 } });
      const report = await em('programmes').findOneOrFail(ProgrammeReport, { programme: programme.id, periodStart: { $gt: '2023-03-31' } });
      expect(imported).toEqual([
        {
          type: 'ProgrammeProgressRecorded',
          city: 'kyiv',
          entity: { type: 'Programme', id: programme.id },
          data: { reportId: report.id, periodStart: report.periodStart, periodEnd: report.periodEnd, measuresReported: outcome.counts.progressEntries },
        },
      ]);
      expect(outcome.counts.progressEntries).toBeGreaterThan(0);
    });
  });

  test('no event names a person or carries what anyone wrote', async () => {
    const all = (await Promise.all([...servers.keys()].map((name) => outbox(name)))).flat();
    expect(new Set(all.map((row) => row.type)).size).toBeGreaterThanOrEqual(10);
    for (const row of all) {
      const text = JSON.stringify(row);
      for (const person of PEOPLE) expect(text, `${row.type} names ${person}`).not.toContain(person);
      for (const written of Object.values(TEXTS)) expect(text, `${row.type} carries "${written}"`).not.toContain(written);
      // Public figures only: scalars, no nested objects.
      for (const value of Object.values(JSON.parse(row.data) as Record<string, unknown>)) expect(['string', 'number', 'boolean']).toContain(typeof value);
    }
  });
});
