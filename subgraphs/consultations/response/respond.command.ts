import type { QueryResult } from '@mikro-orm/core';
import { v4 as uuid } from 'uuid';
import { requireViewer } from '../../shared/auth.js';
import { forgetLoaded, type RequestContext } from '../../shared/context.js';
import { BadInputError, ConflictError, NotFoundError } from '../../shared/errors.js';
import { dbDate } from '../../shared/queries.js';
import { isUuid } from '../../shared/refs.js';
import { Consultation } from '../consultation/consultation.entity.js';
import { consultationById, respondedByViewer } from '../consultation/consultation.loader.js';
import { consultationStatus } from '../consultation/consultation.query.js';
import { optionsOfQuestion, questionsOfConsultation } from '../survey/survey.loader.js';
import { SurveyAnswer } from './survey-answer.entity.js';
import type { SurveyAnswerInput } from './survey-answer.input.js';
import { validateAnswers } from './survey-answers.validate.js';

/**
 * A resident answers a consultation's survey, once, while it is OPEN. The response, its
 * answers and every counter change in one transaction; the response row is only inserted
 * while the consultation is open (checked by the same statement) and at most once per
 * resident (the unique constraint), so repeats and concurrent calls count once. A repeat
 * returns the consultation unchanged, whatever it answers.
 */
export async function respondToSurvey(ctx: RequestContext, consultationId: string, answers: SurveyAnswerInput[]): Promise<Consultation> {
  const viewer = requireViewer(ctx);
  const consultation = isUuid(consultationId) ? await consultationById(ctx).load(consultationId) : null;
  if (!consultation) throw new NotFoundError('consultationId', `No consultation ${consultationId}`);
  const questions = await questionsOfConsultation(ctx).load(consultation.id);
  if (!questions.length) throw new BadInputError('consultationId', 'This consultation has no survey to answer');
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
    await tx.execute('update consultation set response_count = response_count + 1 where id = ?', [consultation.id], 'run');
    const chosen = rows.flatMap((row) => (row.optionId ? [row.optionId] : []));
    if (chosen.length) {
      await tx.execute(`update survey_option set response_count = response_count + 1 where id in (${chosen.map(() => '?').join(', ')})`, chosen, 'run');
    }
    return true;
  });
  if (!inserted) {
    const already = await ctx.em.getConnection().execute('select 1 from survey_response where consultation_id = ? and respondent = ?', [consultation.id, viewer.id]);
    if (!already.length) {
      throw new ConflictError('consultationId', `Only open consultations take answers; this one is ${consultationStatus(consultation, ctx.now)}`);
    }
  }
  // Counters changed under this request's identity map and loaders: read afresh.
  forgetLoaded(ctx);
  respondedByViewer(ctx).prime(consultation.id, true);
  return ctx.em.findOneOrFail(Consultation, { id: consultation.id });
}
