import { BadInputError } from './errors.js';

/** A trimmed text within its limits (in characters, not bytes), or BAD_USER_INPUT naming the field. */
export function requireText(field: string, value: string | null | undefined, limits: { min: number; max: number }): string {
  const text = (value ?? '').trim();
  if (!text) throw new BadInputError(field, `${field} must not be empty`);
  const length = [...text].length;
  if (length < limits.min) throw new BadInputError(field, `${field} must have at least ${limits.min} characters, got ${length}`);
  if (length > limits.max) throw new BadInputError(field, `${field} must have at most ${limits.max} characters, got ${length}`);
  return text;
}

/** An optional text: null when absent or blank, else checked like `requireText`. */
export function optionalText(field: string, value: string | null | undefined, limits: { min: number; max: number }): string | null {
  return value?.trim() ? requireText(field, value, limits) : null;
}

/** An absolute http(s) link of sane length, or BAD_USER_INPUT naming the field. */
export function requireHttpUrl(field: string, value: string | null | undefined): string {
  const text = (value ?? '').trim();
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new BadInputError(field, `${field} must be an http or https link`);
  }
  if (text.length > 2_000) throw new BadInputError(field, `${field} is over 2,000 characters`);
  return url.toString();
}
