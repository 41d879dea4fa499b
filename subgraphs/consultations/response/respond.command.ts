import type { QueryResult } from '@mikro-orm/core';
import { v4 as uuid } from 'uuid';
import { requireViewer } from '../../shared/auth.js';
import { forgetLoaded, type RequestContext } from '../../shared/context.js';
import { BadInputError, ConflictError, NotFoundError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { dbDate } from '../../shared/queries.js';
import { isUuid } from '../../shared/refs.js';
import { Consultation } from '../consultation/consultation.entity.js';
import { consultationById, respondedByViewer } from '../consultation/consultation.loader.js';
import { consultationStatus } from '../consultation/consultation.query.js';
import { optionsOfQuestion, questionsOfConsultation } from '../survey/survey.loader.js';
import { SurveyAnswer } from './survey-answer.entity.js';
import type { SurveyAnswerInput } from './survey-answer.input.js';
import { validateAnswers, type AnswerRow } from './survey-answers.validate.js';
import { recordEvent } from '../../shared/outbox/record-event.js';

/**
 * A resident answers a consultation's survey, once, while it is OPEN. The response, its
 * answers and every counter change in one transaction; the response row is only inserted
 * while the consultation is open (checked by the same statement) and at most once per
 * resident (the unique constraint), so repeats and concurrent calls count once; the new
 * participant count is recorded as an event in the same transaction. A repeat with the
 * same answers (a retry) returns the consultation unchanged, recording nothing; one with other
 * answers is a CONFLICT naming the consultation, and the first answers stand.
 */
export async function respondToSurvey(ctx: RequestContext, consultationId: string, answers: SurveyAnswerInput[]): Promise<Consultation> {
  const viewer = requireViewer(ctx);
  const consultation = isUuid(consultationId) ? await consultationById(ctx).load(consultationId) : null;
  if (!consultation) throw new NotFoundError('consultationId', message('reference.notFound', { thing: 'consultation', id: consultationId }));
  const questions = await questionsOfConsultation(ctx).load(consultation.id);
  if (!questions.length) throw new BadInputError('consultationId', message('consultation.noSurvey'));
  const options = await Promise.all(questions.map((q) => optionsOfQuestion(ctx).load(q.id)));
  const optionsById = new Map(questions.map((q, i) => [q.id, options[i]!]));
  const rows = validateAnswers(questions, (id) => optionsById.get(id) ?? [], answers);

  const now = dbDate(ctx.em, ctx.now);
  const responseId = uuid();
  const inserted = await ctx.em.transactional(async (tx) => {
    const result = await tx.execute<QueryResult>(
      `insert into survey_response (id, consultation_id, respondent, submitted_at)
       select ?, c.id, ?, ? from consultation c where c.id = ? and c.opens_at <= ? and c.closes_at > ?
       on conflict (consultation_id, respondent) do nothing`,
      [responseId, viewer.id, now, consultation.id, now, now],
      'run',
    );
    if (!result.affectedRows) return false;
    await tx.insertMany(
      SurveyAnswer,
      rows.map((row) => ({ id: uuid(), response: responseId, question: row.questionId, option: row.optionId, text: row.text, value: row.value })) as never[],
    );
    const [counted] = await tx.execute<{ participants: number | string }[]>(
      'update consultation set response_count = response_count + 1 where id = ? returning offline_participants + response_count as participants',
      [consultation.id],
    );
    // The public figure (`participantCount`), never who answered or what.
    const participantCount = Number(counted!.participants);
    recordEvent(tx, { type: 'ConsultationParticipantCountChanged', city: consultation.city, entityId: consultation.id, data: { participantCount } });
    const chosen = rows.flatMap((row) => (row.optionId ? [row.optionId] : []));
    if (chosen.length) {
      await tx.execute(`update survey_option set response_count = response_count + 1 where id in (${chosen.map(() => '?').join(', ')})`, chosen, 'run');
    }
    return true;
  });
  if (!inserted) {
    const given = await answersGiven(ctx, consultation.id, viewer.id);
    if (!given) {
      throw new ConflictError('consultationId', message('consultation.notOpen', { status: consultationStatus(consultation, ctx.now) }));
    }
    if (!sameAnswers(given, rows)) {
      const title = { uk: consultation.titleUk, en: consultation.titleEn };
      throw new ConflictError('consultationId', message('consultation.answeredDifferently', { id: consultation.id, title }));
    }
  }
  // Counters changed under this request's identity map and loaders: read afresh.
  forgetLoaded(ctx);
  respondedByViewer(ctx).prime(consultation.id, true);
  return ctx.em.findOneOrFail(Consultation, { id: consultation.id });
}

/** The answers the resident gave to the consultation, or null when they have not answered it. */
async function answersGiven(ctx: RequestContext, consultationId: string, respondent: string): Promise<AnswerRow[] | null> {
  const rows = await ctx.em.getConnection().execute<{ response_id: string; question_id: string | null; option_id: string | null; text: string | null; value: number | null }[]>(
    `select r.id as response_id, a.question_id, a.option_id, a.text, a.value
       from survey_response r left join survey_answer a on a.response_id = r.id
      where r.consultation_id = ? and r.respondent = ?`,
    [consultationId, respondent],
  );
  if (!rows.length) return null;
  return rows.flatMap((row) =>
    row.question_id ? [{ questionId: row.question_id, optionId: row.option_id, text: row.text, value: row.value === null ? null : Number(row.value) }] : [],
  );
}

/** Whether two responses say the same, in any order (answers are stored as validation wrote them). */
function sameAnswers(a: readonly AnswerRow[], b: readonly AnswerRow[]): boolean {
  const key = (row: AnswerRow) => JSON.stringify([row.questionId, row.optionId, row.text, row.value]);
  const sorted = (rows: readonly AnswerRow[]) => rows.map(key).sort();
  const [left, right] = [sorted(a), sorted(b)];
  return left.length === right.length && left.every((k, i) => k === right[i]);
}
