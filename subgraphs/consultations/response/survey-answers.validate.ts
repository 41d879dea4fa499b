import { ClientError, ErrorCode } from '../../shared/errors.js';
import type { SurveyOption } from '../survey/survey-option.entity.js';
import type { SurveyQuestion } from '../survey/survey-question.entity.js';
import { SurveyQuestionKind } from '../survey/survey.enums.js';
import type { SurveyAnswerInput } from './survey-answer.input.js';

export const TEXT_ANSWER_MAX = 2_000;

/** A bad answer, naming the question (its id in `extensions.questionId`, its text in the message). */
export class BadAnswerError extends ClientError {
  constructor(field: string, question: SurveyQuestion | null, message: string) {
    super(question ? `${message} (question ${question.position}: \u201c${question.textUk}\u201d)` : message, ErrorCode.BAD_USER_INPUT, {
      field,
      ...(question ? { questionId: question.id } : {}),
    });
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
  const answered = new Set<string>();
  const rows: AnswerRow[] = [];
  answers.forEach((answer, i) => {
    const at = `answers[${i}]`;
    const question = byId.get(answer.questionId);
    if (!question) throw new BadAnswerError(`${at}.questionId`, null, `Question ${answer.questionId} is not in this survey`);
    if (answered.has(question.id)) throw new BadAnswerError(`${at}.questionId`, question, 'This question is answered twice');
    answered.add(question.id);
    const optionIds = answer.optionIds ?? [];
    const has = { options: answer.optionIds != null, text: answer.text != null, value: answer.value != null };
    switch (question.kind) {
      case SurveyQuestionKind.SINGLE_CHOICE:
      case SurveyQuestionKind.MULTIPLE_CHOICE: {
        if (has.text || has.value) throw new BadAnswerError(at, question, 'A choice question takes optionIds only');
        const single = question.kind === SurveyQuestionKind.SINGLE_CHOICE;
        if (single && optionIds.length !== 1) throw new BadAnswerError(`${at}.optionIds`, question, `Choose exactly one option, not ${optionIds.length}`);
        if (!optionIds.length) throw new BadAnswerError(`${at}.optionIds`, question, 'Choose at least one option');
        if (new Set(optionIds).size !== optionIds.length) throw new BadAnswerError(`${at}.optionIds`, question, 'An option is chosen twice');
        const known = new Set(optionsOf(question.id).map((o) => o.id));
        const unknown = optionIds.find((id) => !known.has(id));
        if (unknown) throw new BadAnswerError(`${at}.optionIds`, question, `Option ${unknown} is not an option of this question`);
        for (const optionId of optionIds) rows.push({ questionId: question.id, optionId, text: null, value: null });
        return;
      }
      case SurveyQuestionKind.TEXT: {
        if (has.options || has.value) throw new BadAnswerError(at, question, 'A text question takes text only');
        const text = (answer.text ?? '').trim();
        if (!text) throw new BadAnswerError(`${at}.text`, question, 'The answer is empty');
        if ([...text].length > TEXT_ANSWER_MAX) throw new BadAnswerError(`${at}.text`, question, `The answer is over ${TEXT_ANSWER_MAX} characters`);
        rows.push({ questionId: question.id, optionId: null, text, value: null });
        return;
      }
      case SurveyQuestionKind.SCALE: {
        if (has.options || has.text) throw new BadAnswerError(at, question, 'A scale question takes a value only');
        const min = question.scaleMin ?? 1;
        const max = question.scaleMax ?? 5;
        if (answer.value == null || !Number.isInteger(answer.value) || answer.value < min || answer.value > max) {
          throw new BadAnswerError(`${at}.value`, question, `The value must be a whole number from ${min} to ${max}`);
        }
        rows.push({ questionId: question.id, optionId: null, text: null, value: answer.value });
        return;
      }
    }
  });
  const missing = questions.find((q) => q.required && !answered.has(q.id));
  if (missing) throw new BadAnswerError('answers', missing, 'This question is required');
  return rows;
}
