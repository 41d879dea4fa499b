import { BadInputError } from '../../../lib/errors.js';
import { message, type Message } from '../../../lib/messages/index.js';
import { normaliseLineBreaks } from '../../shared/text.js';
import { textProblem } from '../../../lib/text-rule.js';
import type { SurveyOption } from '../survey/survey-option.entity.js';
import type { SurveyQuestion } from '../survey/survey-question.entity.js';
import { SurveyQuestionKind } from '../survey/survey.enums.js';
import type { SurveyAnswerInput } from './survey-answer.input.js';

export const TEXT_ANSWER_MAX = 2_000;

/** A bad answer, naming its question (its id in `extensions.questionId`; its number and text in the message). */
export class BadAnswerError extends BadInputError {
  constructor(field: string, question: SurveyQuestion | null, reason: Message) {
    super(field, reason, question ? { questionId: question.id } : {});
  }
}

/** An answer ready to store: one row per chosen option, or one row with a text or a value. */
export interface AnswerRow {
  questionId: string;
  optionId: string | null;
  text: string | null;
  value: number | null;
}

/**
 * Checks a response against the survey: every answer to a known question, of the right
 * shape for its kind, each question at most once, every required question answered.
 * Nothing is stored unless all of it holds.
 */
export function validateAnswers(
  questions: readonly SurveyQuestion[],
  optionsOf: (questionId: string) => readonly SurveyOption[],
  answers: readonly SurveyAnswerInput[],
): AnswerRow[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  // Questions as people see them: numbered from 1 in survey order, quoted in the message's language.
  const numberOf = new Map(questions.map((q, i) => [q.id, i + 1]));
  const about = (question: SurveyQuestion) => ({ question: numberOf.get(question.id)!, questionText: { uk: question.textUk, en: question.textEn } });
  const answered = new Set<string>();
  const rows: AnswerRow[] = [];
  answers.forEach((answer, i) => {
    const at = `answers[${i}]`;
    const question = byId.get(answer.questionId);
    if (!question) throw new BadAnswerError(`${at}.questionId`, null, message('answer.unknownQuestion', { answer: i + 1, questionId: answer.questionId }));
    const where = { answer: i + 1, ...about(question) };
    if (answered.has(question.id)) throw new BadAnswerError(`${at}.questionId`, question, message('answer.duplicate', where));
    answered.add(question.id);
    const optionIds = answer.optionIds ?? [];
    const has = { options: answer.optionIds != null, text: answer.text != null, value: answer.value != null };
    switch (question.kind) {
      case SurveyQuestionKind.SINGLE_CHOICE:
      case SurveyQuestionKind.MULTIPLE_CHOICE: {
        if (has.text || has.value) throw new BadAnswerError(at, question, message('answer.optionsOnly', where));
        const single = question.kind === SurveyQuestionKind.SINGLE_CHOICE;
        if (single && optionIds.length !== 1) throw new BadAnswerError(`${at}.optionIds`, question, message('answer.exactlyOneOption', { ...where, count: optionIds.length }));
        if (!optionIds.length) throw new BadAnswerError(`${at}.optionIds`, question, message('answer.noOption', where));
        if (new Set(optionIds).size !== optionIds.length) throw new BadAnswerError(`${at}.optionIds`, question, message('answer.optionTwice', where));
        const known = new Set(optionsOf(question.id).map((o) => o.id));
        const unknown = optionIds.find((id) => !known.has(id));
        if (unknown) throw new BadAnswerError(`${at}.optionIds`, question, message('answer.unknownOption', { ...where, optionId: unknown }));
        for (const optionId of optionIds) rows.push({ questionId: question.id, optionId, text: null, value: null });
        return;
      }
      case SurveyQuestionKind.TEXT: {
        if (has.options || has.value) throw new BadAnswerError(at, question, message('answer.textOnly', where));
        const problem = textProblem(answer.text ?? '');
        if (problem) {
          const reason = problem.kind === 'controlCharacter' ? message('answer.controlCharacter', { ...where, ...problem }) : message('answer.loneSurrogate', where);
          throw new BadAnswerError(`${at}.text`, question, reason);
        }
        const text = normaliseLineBreaks(answer.text ?? '').trim();
        if (!text) throw new BadAnswerError(`${at}.text`, question, message('answer.emptyText', where));
        if ([...text].length > TEXT_ANSWER_MAX) throw new BadAnswerError(`${at}.text`, question, message('answer.textTooLong', { ...where, max: TEXT_ANSWER_MAX }));
        rows.push({ questionId: question.id, optionId: null, text, value: null });
        return;
      }
      case SurveyQuestionKind.SCALE: {
        if (has.options || has.text) throw new BadAnswerError(at, question, message('answer.valueOnly', where));
        const min = question.scaleMin ?? 1;
        const max = question.scaleMax ?? 5;
        if (answer.value == null || !Number.isInteger(answer.value) || answer.value < min || answer.value > max) {
          throw new BadAnswerError(`${at}.value`, question, message('answer.valueRange', { ...where, min, max }));
        }
        rows.push({ questionId: question.id, optionId: null, text: null, value: answer.value });
        return;
      }
    }
  });
  const missing = questions.find((q) => q.required && !answered.has(q.id));
  if (missing) throw new BadAnswerError('answers', missing, message('answer.requiredQuestion', about(missing)));
  return rows;
}
