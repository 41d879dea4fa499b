import type { Locale } from '../locale.js';
import { en } from './en.js';
import type { Catalogue, MessageKey, MessageParams } from './types.js';
import { uk } from './uk.js';

export type { AnswerAt, Bilingual, Catalogue, MessageKey, MessageParams, Thing } from './types.js';

/**
 * The message catalogue: every text the graph writes for a client (error messages), by
 * stable key, in Ukrainian and English. Code names a message and its parameters
 * (`message('text.tooLong', { field, max, length })`); the text is written in the
 * request's language where the answer is formatted (lib/errors.ts, the gateway's
 * format-error.ts), so one error reads right in either language.
 */
export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { uk, en };

/** A message not yet written in any language: its key and parameters. */
export interface Message<K extends MessageKey = MessageKey> {
  readonly key: K;
  readonly params: MessageParams<K>;
}

/** Keys whose message takes no parameters. */
type Bare = { [K in MessageKey]: MessageParams<K> extends undefined ? K : never }[MessageKey];

/** Names a message: `message('auth.signInRequired')`, `message('text.empty', { field })`. */
export function message<K extends Bare>(key: K): Message<K>;
export function message<K extends Exclude<MessageKey, Bare>>(key: K, params: MessageParams<K>): Message<K>;
export function message<K extends MessageKey>(key: K, params?: MessageParams<K>): Message<K> {
  return { key, params: params as MessageParams<K> };
}

/** The message written in `locale`. */
export function render(locale: Locale, { key, params }: Message): string {
  return (CATALOGUES[locale][key] as (p: unknown) => string)(params);
}
