import { BadInputError } from '../../lib/errors.js';
import { message, type Message } from '../../lib/messages/index.js';
import { textProblem, type TextProblem } from '../../lib/text-rule.js';

/**
 * The one rule every text entering the graph meets (see `guardArguments`, which
 * applies it to every string argument): no control characters but tab and line breaks,
 * valid Unicode, and line breaks as `\n` (a CRLF or lone CR becomes LF), so that the same
 * text typed on any system is stored, compared and deduplicated alike.
 */
export function checkText(field: string, value: string): string {
  const problem = textProblem(value);
  if (problem) throw new BadInputError(field, textProblemMessage(field, problem));
  return normaliseLineBreaks(value);
}

/** What a message says of a text the rule refuses, naming its field. */
export function textProblemMessage(field: string, problem: TextProblem): Message {
  return problem.kind === 'controlCharacter' ? message('text.controlCharacter', { field, ...problem }) : message('text.loneSurrogate', { field });
}

/** Line breaks as `\n`: a CRLF (Windows) or lone CR (old Macs) becomes LF. */
export function normaliseLineBreaks(value: string): string {
  return value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value;
}

/** A trimmed text within its limits (in characters, not bytes), or BAD_USER_INPUT naming the field. */
export function requireText(field: string, value: string | null | undefined, limits: { min: number; max: number }): string {
  const text = checkText(field, value ?? '').trim();
  if (!text) throw new BadInputError(field, message('text.empty', { field }));
  const length = [...text].length;
  if (length < limits.min) throw new BadInputError(field, message('text.tooShort', { field, min: limits.min, length }));
  if (length > limits.max) throw new BadInputError(field, message('text.tooLong', { field, max: limits.max, length }));
  return text;
}

/** An optional text: null when absent or blank, else checked like `requireText`. */
export function optionalText(field: string, value: string | null | undefined, limits: { min: number; max: number }): string | null {
  return value?.trim() ? requireText(field, value, limits) : null;
}

/** A published link: https to a public host, at most 2,048 characters (see links.ts), or BAD_USER_INPUT naming the field. */
export { requirePublicLink as requireHttpUrl } from './links.js';
