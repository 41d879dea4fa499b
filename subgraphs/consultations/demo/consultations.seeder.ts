import type { SqlEntityManager } from '@mikro-orm/knex';
import { DAY_MS, daysFrom, demoId, seededRandom } from '../../shared/demo-ids.js';
import { findCity, findDistrict } from '../../../lib/places.js';
import { insertInBatches, pick } from '../../shared/volume.js';
import { Consultation } from '../consultation/consultation.entity.js';
import { ConsultationFormat } from '../consultation/consultation.enums.js';
import { ConsultationHeritageObject } from '../links/consultation-heritage-object.entity.js';
import { ConsultationOrganizer } from '../links/consultation-organizer.entity.js';
import { SurveyAnswer } from '../response/survey-answer.entity.js';
import { SurveyResponse } from '../response/survey-response.entity.js';
import { SurveyOption } from '../survey/survey-option.entity.js';
import { SurveyQuestion } from '../survey/survey-question.entity.js';
import { SCALE_MAX, SCALE_MIN, SurveyQuestionKind } from '../survey/survey.enums.js';
import { demoConsultations } from './consultations.data.js';

/** Days after closing when the city publishes the outcome of a consultation. */
const OUTCOME_AFTER_DAYS = 5;
/** How often a respondent answers an optional question (free text is skipped more often). */
export const OPTIONAL_ANSWER_RATE = 0.85;
export const OPTIONAL_TEXT_RATE = 0.3;

/** Short free-text answers; never published, they only make the responses look like real ones. */
export const TEXT_ANSWERS = [
  'Підтримую, але просимо врахувати думку мешканців сусідніх будинків.',
  'Більше освітлення і лавок.',
  'Потрібен безбар\u02bcєрний доступ для людей з інвалідністю та батьків з візками.',
  'Зберегти дерева, не вирубувати.',
  'Зробіть, будь ласка, графік робіт публічним.',
  'Проти платного паркування в дворах.',
  'Хочемо велодоріжку, відокремлену від тротуару.',
  'Дякую за можливість висловитися.',
  'Важливо зберегти історичний вигляд.',
  'Потрібне укриття поруч.',
];

/** 1 to `max` distinct indices, each drawn by weight. */
export function pickSeveral(random: () => number, weights: readonly number[], max: number): number[] {
  const howMany = 1 + Math.floor(random() * Math.min(max, weights.length));
  const left = [...weights];
  const chosen: number[] = [];
  while (chosen.length < howMany) {
    const i = pick(random, left);
    chosen.push(i);
    left[i] = 0;
  }
  return chosen.sort((a, b) => a - b);
}

/**
 * Writes the demo consultations relative to `now`, with one real survey response (and its
 * answers) per counted response, from demo residents, so every count the API shows is a
 * count of rows. Responses fall within each consultation's open period up to `now`; a
 * consultation not yet open has none, whatever the data file says.
 */
export async function seedConsultations(em: SqlEntityManager, now: Date): Promise<void> {
  const random = seededRandom(2024);
  const consultations: Partial<Consultation>[] = [];
  const organizers: { consultation: string; organizationId: string }[] = [];
  const heritageLinks: { consultation: string; heritageObjectId: string }[] = [];
  const questions: Partial<SurveyQuestion>[] = [];
  const options: Partial<SurveyOption>[] = [];
  const responses: Partial<SurveyResponse>[] = [];
  const answers: Partial<SurveyAnswer>[] = [];

  for (const demo of demoConsultations) {
    if (!findCity(demo.city) || (demo.district && findDistrict(demo.district)?.cityId !== demo.city)) {
      throw new Error(`Demo consultation "${demo.slug}": unknown city or district ${demo.city}/${demo.district}`);
    }
    const id = demoId('consultation', demo.slug);
    const opensAt = daysFrom(now, demo.opensInDays);
    const closesAt = daysFrom(now, demo.closesInDays);

    // The survey: questions, and options with their counts filled in below.
    const survey = (demo.survey ?? []).map((question, qi) => {
      const kind = question.kind as SurveyQuestionKind;
      const choice = kind === SurveyQuestionKind.SINGLE_CHOICE || kind === SurveyQuestionKind.MULTIPLE_CHOICE;
      const row: Partial<SurveyQuestion> = {
        id: demoId('survey-question', `${demo.slug}:${qi}`),
        consultation: id as never,
        position: qi,
        textUk: question.textUk,
        textEn: question.textEn,
        kind,
        required: question.required,
        scaleMin: kind === SurveyQuestionKind.SCALE ? SCALE_MIN : null,
        scaleMax: kind === SurveyQuestionKind.SCALE ? SCALE_MAX : null,
      };
      const optionRows: Partial<SurveyOption>[] = choice
        ? (question.options ?? []).map((option, oi) => ({
            id: demoId('survey-option', `${demo.slug}:${qi}:${oi}`),
            question: row.id as never,
            position: oi,
            textUk: option.textUk,
            textEn: option.textEn,
            responseCount: 0,
          }))
        : [];
      // Each question leans its own way, so results are not uniform.
      const weights = kind === SurveyQuestionKind.SCALE
        ? Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, v) => 0.2 + v * 0.25 + random())
        : optionRows.map(() => 0.2 + random());
      return { row, kind, optionRows, weights };
    });

    // Responses, spread over the open period so far, earlier ones denser.
    const periodEnd = Math.min(closesAt.getTime(), now.getTime());
    const span = periodEnd - opensAt.getTime();
    const responseCount = survey.length && span > 0 ? Math.max(0, Math.floor(demo.surveyResponses)) : 0;
    const times = Array.from({ length: responseCount }, () => opensAt.getTime() + Math.floor(span * random() ** 1.5)).sort((a, b) => a - b);
    times.forEach((time, i) => {
      const responseId = demoId('survey-response', `${demo.slug}:${i}`);
      responses.push({
        id: responseId,
        consultation: id as never,
        respondent: `demo-resident-${demo.city}-${i}`,
        submittedAt: new Date(time),
      });
      survey.forEach(({ row, kind, optionRows, weights }, qi) => {
        const rate = kind === SurveyQuestionKind.TEXT ? OPTIONAL_TEXT_RATE : OPTIONAL_ANSWER_RATE;
        if (!row.required && random() >= rate) return;
        const answer = (k: number, values: Pick<SurveyAnswer, 'text' | 'value'> & { option: string | null }) =>
          answers.push({ id: demoId('survey-answer', `${demo.slug}:${i}:${qi}:${k}`), response: responseId as never, question: row.id as never, ...values } as Partial<SurveyAnswer>);
        switch (kind) {
          case SurveyQuestionKind.SINGLE_CHOICE:
          case SurveyQuestionKind.MULTIPLE_CHOICE: {
            if (!optionRows.length) return;
            const chosen = kind === SurveyQuestionKind.SINGLE_CHOICE ? [pick(random, weights)] : pickSeveral(random, weights, 3);
            chosen.forEach((oi, k) => {
              const option = optionRows[oi]!;
              option.responseCount! += 1;
              answer(k, { option: option.id!, text: null, value: null });
            });
            return;
          }
          case SurveyQuestionKind.TEXT:
            answer(0, { option: null, text: TEXT_ANSWERS[Math.floor(random() * TEXT_ANSWERS.length)]!, value: null });
            return;
          case SurveyQuestionKind.SCALE:
            answer(0, { option: null, text: null, value: SCALE_MIN + pick(random, weights) });
            return;
        }
      });
    });

    const closed = closesAt.getTime() <= now.getTime();
    const outcomePublishedAt =
      closed && demo.outcomeUk ? new Date(Math.min(closesAt.getTime() + OUTCOME_AFTER_DAYS * DAY_MS, now.getTime())) : null;

    consultations.push({
      id,
      city: demo.city,
      district: demo.district,
      titleUk: demo.titleUk,
      titleEn: demo.titleEn,
      descriptionUk: demo.descriptionUk,
      descriptionEn: demo.descriptionEn,
      format: demo.format as ConsultationFormat,
      opensAt,
      closesAt,
      offlineParticipants: demo.offlineParticipants,
      responseCount,
      outcomePublishedAt,
      outcomeUk: outcomePublishedAt ? demo.outcomeUk! : null,
      outcomeEn: outcomePublishedAt ? (demo.outcomeEn ?? null) : null,
      // Opened or closed before the city's data begins: taken as recorded, so the first run reports no old news (see consultation.transitions.ts).
      openedEventAt: opensAt <= now ? now : null,
      closedEventAt: closesAt <= now ? now : null,
    });
    for (const slug of new Set(demo.organizers)) organizers.push({ consultation: id, organizationId: demoId('organization', slug) });
    for (const slug of new Set(demo.heritageObjects)) heritageLinks.push({ consultation: id, heritageObjectId: demoId('heritage', slug) });
    for (const { row, optionRows } of survey) {
      questions.push(row);
      options.push(...optionRows);
    }
  }

  await insertInBatches(em, Consultation, consultations);
  await insertInBatches(em, ConsultationOrganizer, organizers as never[]);
  await insertInBatches(em, ConsultationHeritageObject, heritageLinks as never[]);
  await insertInBatches(em, SurveyQuestion, questions);
  await insertInBatches(em, SurveyOption, options);
  await insertInBatches(em, SurveyResponse, responses);
  await insertInBatches(em, SurveyAnswer, answers);
}
