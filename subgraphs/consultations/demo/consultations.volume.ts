import type { SqlEntityManager } from '@mikro-orm/knex';
import { DAY_MS, seededRandom } from '../../shared/demo-ids.js';
import {
  generatedId,
  generatedPlace,
  indicesByDistrict,
  insertInBatches,
  pick,
  publishedOrganization,
  rowIds,
  skewedCounts,
  STREETS,
  timesBetween,
  volumesAt,
} from '../../shared/volume.js';
import { Consultation } from '../consultation/consultation.entity.js';
import { ConsultationFormat as F } from '../consultation/consultation.enums.js';
import { ConsultationHeritageObject } from '../links/consultation-heritage-object.entity.js';
import { ConsultationOrganizer } from '../links/consultation-organizer.entity.js';
import { SurveyAnswer } from '../response/survey-answer.entity.js';
import { SurveyResponse } from '../response/survey-response.entity.js';
import { SurveyOption } from '../survey/survey-option.entity.js';
import { SurveyQuestion } from '../survey/survey-question.entity.js';
import { SCALE_MAX, SCALE_MIN, SurveyQuestionKind as K } from '../survey/survey.enums.js';
import { OPTIONAL_ANSWER_RATE, OPTIONAL_TEXT_RATE, pickSeveral, TEXT_ANSWERS } from './consultations.seeder.js';

/** How cities consult: surveys and discussions of draft acts above all; the survey formats always ask questions. */
const FORMATS: [F, number][] = [
  [F.ONLINE_SURVEY, 25], [F.PUBLIC_MEETING, 15], [F.PUBLIC_DISCUSSION_OF_DRAFT_ACT, 15], [F.QUESTIONNAIRE, 10],
  [F.EXPRESS_POLL, 10], [F.ROUND_TABLE, 7], [F.WORKING_GROUP, 5], [F.WEBINAR, 5], [F.DIALOGUE_EVENT, 4],
  [F.STRATEGIC_SESSION, 2], [F.SOCIOLOGICAL_RESEARCH, 2],
];
const SURVEY_FORMATS = new Set([F.ONLINE_SURVEY, F.QUESTIONNAIRE, F.EXPRESS_POLL, F.SOCIOLOGICAL_RESEARCH]);
const MEETING_FORMATS = new Set([F.PUBLIC_MEETING, F.ROUND_TABLE, F.WORKING_GROUP, F.DIALOGUE_EVENT, F.STRATEGIC_SESSION]);
const TOPICS: [string, string][] = [
  ['Благоустрій скверу на вулиці {street}', 'Improving the square on {street} Street'],
  ['Проєкт реконструкції вулиці {street}', 'Reconstruction plan for {street} Street'],
  ['Реставрація пам\u02bcятки на вулиці {street}', 'Restoring the monument on {street} Street'],
  ['Концепція розвитку громадського транспорту', 'Public transport development concept'],
  ['Облаштування укриттів у школах', 'Shelters in schools'],
  ['Проєкт рішення про правила благоустрою', 'Draft decision on the public amenities rules'],
  ['Бюджет участі: пріоритети району', 'Participatory budget: the district\u02bcs priorities'],
  ['Перейменування вулиць і провулків', 'Renaming streets and lanes'],
];
const DESCRIPTIONS: [string, string][] = [
  ['Міська рада збирає думки мешканців до ухвалення рішення. Результати оприлюднять після завершення.', 'The city council gathers residents\u02bc views before it decides. The results are published when it ends.'],
  ['Департамент представить варіанти й відповість на запитання; пропозиції приймаються до закриття.', 'The department presents the options and answers questions; proposals are accepted until it closes.'],
];
const OUTCOMES: [string, string][] = [
  ['Пропозиції мешканців враховано в остаточному проєкті.', 'Residents\u02bc proposals are reflected in the final design.'],
  ['За результатами консультації проєкт доопрацьовується.', 'Following the consultation the project is being revised.'],
];
type Question = { textUk: string; textEn: string; kind: K; required: boolean; options?: [string, string][] };
/** Every survey starts with a rating and a yes/no, then asks some of the rest. */
const FIRST: Question[] = [
  { textUk: 'Як ви оцінюєте нинішній стан?', textEn: 'How do you rate the current state?', kind: K.SCALE, required: true },
  { textUk: 'Чи підтримуєте ви запропоноване рішення?', textEn: 'Do you support the proposal?', kind: K.SINGLE_CHOICE, required: true, options: [['Так', 'Yes'], ['Ні', 'No'], ['Важко відповісти', 'Not sure']] },
];
const MORE: Question[] = [
  { textUk: 'Що для вас найважливіше?', textEn: 'What matters most to you?', kind: K.MULTIPLE_CHOICE, required: false, options: [['Безпека', 'Safety'], ['Озеленення', 'Greenery'], ['Освітлення', 'Lighting'], ['Доступність', 'Accessibility'], ['Збереження історичного вигляду', 'Keeping the historic look']] },
  { textUk: 'Як часто ви тут буваєте?', textEn: 'How often are you here?', kind: K.SINGLE_CHOICE, required: false, options: [['Щодня', 'Daily'], ['Щотижня', 'Weekly'], ['Кілька разів на рік', 'A few times a year']] },
  { textUk: 'Ваш вік', textEn: 'Your age', kind: K.SINGLE_CHOICE, required: false, options: [['18–29', '18–29'], ['30–44', '30–44'], ['45–59', '45–59'], ['60+', '60+']] },
  { textUk: 'Ваші пропозиції', textEn: 'Your suggestions', kind: K.TEXT, required: false },
];
const ORGANIZED_SHARE = 0.35;
const ABOUT_HERITAGE = 0.1;
const CITYWIDE_SHARE = 0.2;
const RESIDENTS: Record<string, number> = { kyiv: 300_000, vinnytsia: 40_000 };
/** Responses inserted per round (their answers right after): bounded memory whatever the scale. */
const CHUNK = 20_000;

interface Survey {
  questions: Partial<SurveyQuestion>[];
  options: Partial<SurveyOption>[][];
  weights: number[][];
}

/**
 * Consultations at `scale` (see shared/volume.ts), relative to `now`: past ones, open ones
 * and a few planned; surveys for the survey formats (and half the discussions of draft
 * acts), organisers and monuments of their district; survey responses heavy-tailed over
 * the surveys that have opened, each with an answer of the right shape for every required
 * question and most optional ones. Counts are of rows: `responseCount` from the responses
 * written, each option's count from the answers (one statement at the end).
 */
export async function seedConsultationVolume(em: SqlEntityManager, now: Date, scale: number): Promise<void> {
  const volumes = volumesAt(scale);
  const random = seededRandom(20_260_002);
  const nowMs = now.getTime();
  const organizations = indicesByDistrict('organization', volumes.organizations, publishedOrganization);
  const monuments = indicesByDistrict('heritage', volumes.heritageObjects);
  const questionId = rowIds('survey-question');
  const optionId = rowIds('survey-option');
  const consultations: Partial<Consultation>[] = [];
  const organizers: { consultation: string; organizationId: string }[] = [];
  const heritageLinks: { consultation: string; heritageObjectId: string }[] = [];
  const surveys = new Map<number, Survey>();
  let questionCount = 0;
  let optionCount = 0;

  for (let i = 0; i < volumes.consultations; i++) {
    const { city, district } = generatedPlace('consultation', i);
    const id = generatedId('consultation', i);
    // The first is an open online survey, so that any scale has somewhere to put its responses.
    const format = i === 0 ? F.ONLINE_SURVEY : FORMATS[pick(random, FORMATS.map((f) => f[1]))]![0];
    const planned = i > 0 && random() < 0.04;
    const opensAt = i === 0 ? nowMs - 10 * DAY_MS : planned ? nowMs + Math.floor(random() * 30 * DAY_MS) : nowMs - Math.floor(5 * 365 * DAY_MS * random() ** 1.8);
    const closesAt = opensAt + (format === F.EXPRESS_POLL ? 7 : 14 + Math.floor(random() * 32)) * DAY_MS;
    const [street, streetEn] = STREETS[city]![Math.floor(random() * STREETS[city]!.length)]!;
    const [topicUk, topicEn] = TOPICS[Math.floor(random() * TOPICS.length)]!;
    const [descriptionUk, descriptionEn] = DESCRIPTIONS[Math.floor(random() * DESCRIPTIONS.length)]!;
    const [outcomeUk, outcomeEn] = OUTCOMES[Math.floor(random() * OUTCOMES.length)]!;
    const outcome = closesAt + 5 * DAY_MS <= nowMs && random() < 0.5;
    const place = i > 0 && random() < CITYWIDE_SHARE ? null : district;
    consultations.push({
      id,
      city,
      district: place,
      titleUk: topicUk.replace('{street}', street),
      titleEn: topicEn.replace('{street}', streetEn),
      descriptionUk,
      descriptionEn,
      format,
      opensAt: new Date(opensAt),
      closesAt: new Date(closesAt),
      offlineParticipants: MEETING_FORMATS.has(format) ? 10 + Math.floor(random() * 290) : 0,
      responseCount: 0,
      outcomePublishedAt: outcome ? new Date(closesAt + 5 * DAY_MS) : null,
      outcomeUk: outcome ? outcomeUk : null,
      outcomeEn: outcome ? outcomeEn : null,
      // Opened or closed before the generated data begins: taken as recorded (see consultation.transitions.ts).
      openedEventAt: opensAt <= nowMs ? now : null,
      closedEventAt: closesAt <= nowMs ? now : null,
    });
    // Consultation 0 is organised by organisation 0 about monument 0 (see SHOWCASE).
    const hosts = organizations.get(district)!;
    if (hosts.length && (i === 0 || random() < ORGANIZED_SHARE)) {
      const first = i === 0 ? 0 : Math.floor(random() * hosts.length);
      const howMany = Math.min(hosts.length, random() < 0.8 ? 1 : 2);
      for (let k = 0; k < howMany; k++) organizers.push({ consultation: id, organizationId: generatedId('organization', hosts[(first + k) % hosts.length]!) });
    }
    const nearby = monuments.get(district)!;
    if (place && nearby.length && (i === 0 || random() < ABOUT_HERITAGE)) {
      heritageLinks.push({ consultation: id, heritageObjectId: generatedId('heritage', nearby[i === 0 ? 0 : Math.floor(random() * nearby.length)]!) });
    }
    if (!SURVEY_FORMATS.has(format) && !(format === F.PUBLIC_DISCUSSION_OF_DRAFT_ACT && random() < 0.5)) continue;
    const asked = format === F.EXPRESS_POLL ? FIRST.slice(1) : [...FIRST, ...MORE.filter(() => random() < 0.5)];
    const survey: Survey = { questions: [], options: [], weights: [] };
    asked.forEach((question, position) => {
      const row: Partial<SurveyQuestion> = {
        id: questionId(questionCount++),
        consultation: id as never,
        position,
        textUk: question.textUk,
        textEn: question.textEn,
        kind: question.kind,
        required: question.required,
        scaleMin: question.kind === K.SCALE ? SCALE_MIN : null,
        scaleMax: question.kind === K.SCALE ? SCALE_MAX : null,
      };
      const options = (question.options ?? []).map(([textUk, textEn], k) => ({ id: optionId(optionCount++), question: row.id as never, position: k, textUk, textEn, responseCount: 0 }));
      survey.questions.push(row);
      survey.options.push(options);
      // Each question leans its own way, so results are not uniform (as in the demo).
      const values = question.kind === K.SCALE ? SCALE_MAX - SCALE_MIN + 1 : options.length;
      survey.weights.push(Array.from({ length: values }, (_, v) => 0.2 + (question.kind === K.SCALE ? v * 0.25 : 0) + random()));
    });
    surveys.set(i, survey);
  }

  // Responses only where a survey has opened; heavy-tailed like any participation.
  const open = [...surveys.keys()].filter((i) => consultations[i]!.opensAt!.getTime() < nowMs);
  const counts = skewedCounts(random, open.length, volumes.surveyResponses, 1.2, 3000);
  open.forEach((i, k) => (consultations[i]!.responseCount = counts[k]!));

  await insertInBatches(em, Consultation, consultations);
  await insertInBatches(em, ConsultationOrganizer, organizers as never[]);
  await insertInBatches(em, ConsultationHeritageObject, heritageLinks as never[]);
  await insertInBatches(em, SurveyQuestion, [...surveys.values()].flatMap((s) => s.questions));
  await insertInBatches(em, SurveyOption, [...surveys.values()].flatMap((s) => s.options.flat()));

  const responseId = rowIds('survey-response');
  const answerId = rowIds('survey-answer');
  let responses: Partial<SurveyResponse>[] = [];
  let answers: Partial<SurveyAnswer>[] = [];
  const flush = async () => {
    await insertInBatches(em, SurveyResponse, responses);
    await insertInBatches(em, SurveyAnswer, answers);
    responses = [];
    answers = [];
  };
  let responseCount = 0;
  let answerCount = 0;
  for (const i of open) {
    const consultation = consultations[i]!;
    const survey = surveys.get(i)!;
    const times = timesBetween(random, consultation.responseCount!, consultation.opensAt!.getTime(), Math.min(consultation.closesAt!.getTime(), nowMs), 1.5);
    const pool = Math.max(RESIDENTS[consultation.city!]!, times.length);
    const firstRespondent = Math.floor(random() * pool);
    for (let k = 0; k < times.length; k++) {
      const response = responseId(responseCount++);
      responses.push({ id: response, consultation: consultation.id as never, respondent: `gen-resident-${consultation.city}-${(firstRespondent + k) % pool}`, submittedAt: new Date(times[k]!) });
      survey.questions.forEach((question, q) => {
        if (!question.required && random() >= (question.kind === K.TEXT ? OPTIONAL_TEXT_RATE : OPTIONAL_ANSWER_RATE)) return;
        const answer = (option: string | null, text: string | null, value: number | null) =>
          answers.push({ id: answerId(answerCount++), response: response as never, question: question.id as never, option: option as never, text, value });
        const weights = survey.weights[q]!;
        if (question.kind === K.TEXT) answer(null, TEXT_ANSWERS[Math.floor(random() * TEXT_ANSWERS.length)]!, null);
        else if (question.kind === K.SCALE) answer(null, null, SCALE_MIN + pick(random, weights));
        else {
          const chosen = question.kind === K.SINGLE_CHOICE ? [pick(random, weights)] : pickSeveral(random, weights, 3);
          for (const o of chosen) answer(survey.options[q]![o]!.id!, null, null);
        }
      });
      if (responses.length === CHUNK) await flush();
    }
  }
  await flush();
  // Each option's count is the number of answers that chose it, counted from the rows just written.
  await em.execute('update survey_option set response_count = (select count(*) from survey_answer a where a.option_id = survey_option.id)');
}
