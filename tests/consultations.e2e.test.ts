import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from './support/databases.js';
import { as, graphql, startGraph, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

const dialects = await testDialects();
const DAY_MS = 86_400_000;

const CREATE = /* GraphQL */ `
  mutation Create($input: ConsultationInput!) {
    createConsultation(input: $input) { consultation { id status title format organizers { id } survey { questions { id kind required options { id text } } } } }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($id: ID!, $input: ConsultationInput!) {
    updateConsultation(id: $id, input: $input) { consultation { id title survey { questions { id kind required options { id text } } } } }
  }
`;
const RESULTS = /* GraphQL */ `
  query Results($id: ID!) {
    consultation(id: $id) { id status participantCount viewerHasResponded survey { questions { id kind options { id responseCount } } } }
  }
`;
const TEXT_ANSWERS = /* GraphQL */ `
  query TextAnswers($id: ID!) {
    consultation(id: $id) { survey { questions { kind textAnswers(first: 100) { totalCount edges { node { text } } } } } }
  }
`;

type Result = Awaited<ReturnType<typeof graphql>>;
const codeOf = (result: Result) => result.errors?.map((e) => [e.extensions?.code, e.extensions?.field]);

describe.each(dialects)('public consultations through the gateway, on %s', (dialect) => {
  let graph: RunningGraph;
  let url: string;
  let official: Record<string, string>;
  let id: string;
  let questions: { id: string; kind: string; required: boolean; options: { id: string; text: string }[] }[];
  const gql = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => graphql(url, query, variables, headers);
  const count = async (table: string) => Number(((await graph.sql('consultations', `select count(*) as n from ${table}`)) as { n: number }[])[0]!.n);
  const answers = (choice = 0) => [
    { questionId: questions[0]!.id, optionIds: [questions[0]!.options[choice]!.id] },
    { questionId: questions[1]!.id, optionIds: [questions[1]!.options[0]!.id, questions[1]!.options[2]!.id] },
    { questionId: questions[2]!.id, text: 'Більше лавок і тіні біля дитячого майданчика.' },
    { questionId: questions[3]!.id, value: 4 },
  ];

  beforeAll(async () => {
    graph = await startGraph({ dialect });
    url = graph.gatewayUrl;
    official = await as('official-kyiv', ['official:kyiv']);
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('lets an official of the city plan a consultation with its survey; nobody else', async () => {
    const [{ id: organizer }] = (await graph.sql('registry', "select id from organization where status = 'REGISTERED' and city = 'kyiv' order by id limit 1")) as { id: string }[];
    const input = {
      city: 'kyiv',
      district: 'kyiv-podilskyi',
      title: 'Оновлення скверу на Контрактовій площі',
      description: 'Обговорюємо, яким стане сквер: озеленення, лавки, освітлення та доступність для всіх.',
      format: 'ONLINE_SURVEY',
      opensAt: new Date(Date.now() + 2 * DAY_MS).toISOString(),
      closesAt: new Date(Date.now() + 30 * DAY_MS).toISOString(),
      organizerIds: [organizer],
      survey: [
        { text: 'Що найважливіше?', kind: 'SINGLE_CHOICE', required: true, options: ['Зелень', 'Лавки', 'Світло'] },
        { text: 'Що додати?', kind: 'MULTIPLE_CHOICE', options: ['Фонтан', 'Велопарковку', 'Туалет', 'Сцену'] },
        { text: 'Ваші пропозиції', kind: 'TEXT' },
        { text: 'Як оцінюєте сквер зараз?', kind: 'SCALE', required: true },
      ],
    };
    const before = [await count('consultation'), await count('survey_question'), await count('consultation_organizer')];
    expect(codeOf(await gql(CREATE, { input }, await as('resident-1')))).toEqual([['FORBIDDEN', undefined]]);
    expect(codeOf(await gql(CREATE, { input }, await as('official-vn', ['official:vinnytsia'])))).toEqual([['FORBIDDEN', undefined]]);
    expect(codeOf(await gql(CREATE, { input: { ...input, closesAt: input.opensAt } }, official))).toEqual([['BAD_USER_INPUT', 'input.closesAt']]);
    expect(codeOf(await gql(CREATE, { input: { ...input, survey: [{ text: 'Так чи ні?', kind: 'SINGLE_CHOICE', options: ['Так'] }] } }, official))).toEqual([
      ['BAD_USER_INPUT', 'input.survey[0].options'],
    ]);
    expect(codeOf(await gql(CREATE, { input: { ...input, organizerIds: ['00000000-0000-4000-8000-000000000000'] } }, official))).toEqual([
      ['BAD_USER_INPUT', 'input.organizerIds'],
    ]);
    expect([await count('consultation'), await count('survey_question'), await count('consultation_organizer')]).toEqual(before);

    const created = await gql(CREATE, { input }, official);
    expect(created.errors).toBeUndefined();
    const consultation = created.data.createConsultation.consultation;
    expect(consultation).toMatchObject({ status: 'PLANNED', format: 'ONLINE_SURVEY', organizers: [{ id: organizer }] });
    id = consultation.id;
    questions = consultation.survey.questions;
    expect(questions.map((q) => q.kind)).toEqual(['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TEXT', 'SCALE']);
  });

  it('edits it while planned; a planned consultation takes no answers', async () => {
    const edited = await gql(UPDATE, { id, input: { title: 'Оновлення скверу на Контрактовій площі (2-й етап)' } }, official);
    expect(edited.errors).toBeUndefined();
    expect(edited.data.updateConsultation.consultation.title).toMatch(/2-й етап/);
    expect(edited.data.updateConsultation.consultation.survey.questions.map((q: { id: string }) => q.id)).toEqual(questions.map((q) => q.id));
    expect(codeOf(await gql(OPERATIONS.RespondToSurvey!, { id, answers: answers() }, await as('resident-1')))).toEqual([['CONFLICT', 'consultationId']]);
    expect(await graph.sql('consultations', 'select id from survey_response where consultation_id = ?', [id])).toEqual([]);
  });

  it('refuses bad answers naming the question, storing nothing', async () => {
    await graph.sql('consultations', 'update consultation set opens_at = ? where id = ?', [new Date(Date.now() - 1000), id]);
    const resident = await as('resident-bad');
    const before = [await count('survey_response'), await count('survey_answer')];
    const base = answers();
    const cases: [unknown[], string, string | undefined][] = [
      [[...base, { questionId: '00000000-0000-4000-8000-000000000000', text: 'x' }], 'answers[4].questionId', undefined],
      [[{ ...base[0], optionIds: [questions[0]!.options[0]!.id, questions[0]!.options[1]!.id] }, ...base.slice(1)], 'answers[0].optionIds', questions[0]!.id],
      [[{ ...base[0], optionIds: [questions[1]!.options[0]!.id] }, ...base.slice(1)], 'answers[0].optionIds', questions[0]!.id],
      [[...base.slice(0, 3), { questionId: questions[3]!.id, value: 6 }], 'answers[3].value', questions[3]!.id],
      [[...base.slice(0, 2), { questionId: questions[2]!.id, text: 'ш'.repeat(2001) }, base[3]], 'answers[2].text', questions[2]!.id],
      [base.slice(0, 3), 'answers', questions[3]!.id],
      [[base[0], base[0], ...base.slice(1)], 'answers[1].questionId', questions[0]!.id],
    ];
    for (const [given, field, questionId] of cases) {
      const result = await gql(OPERATIONS.RespondToSurvey!, { id, answers: given }, resident);
      expect(codeOf(result), field).toEqual([['BAD_USER_INPUT', field]]);
      expect(result.errors![0]!.extensions!.questionId).toBe(questionId);
    }
    expect([await count('survey_response'), await count('survey_answer')]).toEqual(before);
  });

  it('takes each resident\u02bcs answers once, counting exactly under concurrent calls', async () => {
    const residents = await Promise.all(Array.from({ length: 30 }, (_, i) => as(`resident-${i}`)));
    const repeat = await as('resident-repeat');
    const results = await Promise.all([
      ...residents.map((headers, i) => gql(OPERATIONS.RespondToSurvey!, { id, answers: answers(i % 3) }, headers)),
      // One resident's retries of the same answers, at once: counted once, all answered alike.
      ...Array.from({ length: 10 }, () => gql(OPERATIONS.RespondToSurvey!, { id, answers: answers(0) }, repeat)),
    ]);
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(results.every((r) => r.data.respondToSurvey.consultation.viewerHasResponded)).toBe(true);

    const { data } = await gql(RESULTS, { id }, repeat);
    expect(data.consultation.participantCount).toBe(31);
    expect(data.consultation.viewerHasResponded).toBe(true);
    const rows = (await graph.sql('consultations', 'select option_id, count(*) as n from survey_answer where option_id is not null group by option_id')) as { option_id: string; n: number }[];
    const stored = new Map(rows.map((r) => [r.option_id, Number(r.n)]));
    for (const question of data.consultation.survey.questions) {
      for (const option of question.options) expect(option.responseCount, option.id).toBe(stored.get(option.id) ?? 0);
    }
    const single = data.consultation.survey.questions[0].options.map((o: { responseCount: number }) => o.responseCount);
    expect(single.reduce((a: number, b: number) => a + b, 0)).toBe(31);
    expect(data.consultation.survey.questions[1].options.map((o: { responseCount: number }) => o.responseCount)).toEqual([31, 0, 31, 0]);

    const mine = await gql(OPERATIONS.MyParticipation!, {}, repeat);
    expect(mine.data.me.respondedConsultations.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([id]);
  });

  it('shows free-text answers to officials of the city only, without who wrote them', async () => {
    const forResident = await gql(TEXT_ANSWERS, { id }, await as('resident-1'));
    expect(forResident.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const forOtherCity = await gql(TEXT_ANSWERS, { id }, await as('official-vn', ['official:vinnytsia']));
    expect(forOtherCity.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const forOfficial = await gql(TEXT_ANSWERS, { id }, official);
    expect(forOfficial.errors).toBeUndefined();
    const text = forOfficial.data.consultation.survey.questions.find((q: { kind: string }) => q.kind === 'TEXT');
    expect(text.textAnswers.totalCount).toBe(31);
    expect(Object.keys(text.textAnswers.edges[0].node)).toEqual(['text']);
  });

  it('no longer edits an open consultation, and takes no answers once closed', async () => {
    expect(codeOf(await gql(UPDATE, { id, input: { title: 'Нова назва консультації' } }, official))).toEqual([['CONFLICT', 'id']]);
    await graph.sql('consultations', 'update consultation set closes_at = ? where id = ?', [new Date(Date.now() - 500), id]);
    expect(codeOf(await gql(OPERATIONS.RespondToSurvey!, { id, answers: answers() }, await as('resident-late')))).toEqual([['CONFLICT', 'consultationId']]);
    // resident-1 answered with choice 1: the same answers again are still a success.
    const repeat = await gql(OPERATIONS.RespondToSurvey!, { id, answers: answers(1) }, await as('resident-1'));
    expect(repeat.errors).toBeUndefined();
    expect(repeat.data.respondToSurvey.consultation.participantCount).toBe(31);
  });

  it('lets an official of the city publish the outcome after it closes, once', async () => {
    const summary = 'За результатами опитування у сквері встановлять лавки й освітлення; фонтан включено до плану на 2027 рік.';
    expect(codeOf(await gql(OPERATIONS.PublishConsultationOutcome!, { id, summary }, await as('resident-1')))).toEqual([['FORBIDDEN', undefined]]);
    expect(codeOf(await gql(OPERATIONS.PublishConsultationOutcome!, { id, summary: 'Дякуємо' }, official))).toEqual([['BAD_USER_INPUT', 'summary']]);
    const published = await gql(OPERATIONS.PublishConsultationOutcome!, { id, summary }, official);
    expect(published.errors).toBeUndefined();
    expect(published.data.publishConsultationOutcome.consultation.outcome.summary).toBe(summary);
    const retried = await gql(OPERATIONS.PublishConsultationOutcome!, { id, summary }, official);
    expect(retried.data.publishConsultationOutcome.consultation.outcome).toEqual(published.data.publishConsultationOutcome.consultation.outcome);
    expect(codeOf(await gql(OPERATIONS.PublishConsultationOutcome!, { id, summary: `${summary} Уточнення.` }, official))).toEqual([['CONFLICT', 'id']]);

    const [open] = (await graph.sql('consultations', "select id from consultation where city = 'kyiv' and opens_at < ? and closes_at > ? limit 1", [new Date(), new Date()])) as { id: string }[];
    if (open) expect(codeOf(await gql(OPERATIONS.PublishConsultationOutcome!, { id: open.id, summary }, official))).toEqual([['CONFLICT', 'id']]);
  });
});
