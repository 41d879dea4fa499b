import type DataLoader from 'dataloader';
import type { RequestContext } from '../../shared/context.js';
import { groupByKey } from '../../shared/queries.js';
import { SurveyOption } from './survey-option.entity.js';
import { SurveyQuestion } from './survey-question.entity.js';

/** Each consultation's survey questions in order: one statement for all consultations of the request. */
export function questionsOfConsultation(ctx: RequestContext): DataLoader<string, SurveyQuestion[]> {
  return ctx.loaders.get('Consultation.surveyQuestions', async (consultationIds: readonly string[]) => {
    const questions = await ctx.em.find(
      SurveyQuestion,
      { consultation: { $in: [...consultationIds] } },
      { orderBy: { consultation: 'asc', position: 'asc' } },
    );
    return groupByKey(consultationIds, questions, (question) => question.consultation.id);
  });
}

/** Each question's options in order: one statement for all questions of the request. */
export function optionsOfQuestion(ctx: RequestContext): DataLoader<string, SurveyOption[]> {
  return ctx.loaders.get('SurveyQuestion.options', async (questionIds: readonly string[]) => {
    const options = await ctx.em.find(
      SurveyOption,
      { question: { $in: [...questionIds] } },
      { orderBy: { question: 'asc', position: 'asc' } },
    );
    return groupByKey(questionIds, options, (option) => option.question.id);
  });
}
