import type { en } from './en.js';

/** A text residents or staff wrote in Ukrainian, maybe with an English version: a message quotes it only in its own language. */
export interface Bilingual {
  uk: string;
  en: string | null;
}

/** Where a survey answer error is: the answer (one-based, as in `answers[3]` → 4) and its question (one-based, in survey order). */
export interface AnswerAt {
  answer: number;
  question: number;
  questionText: Bilingual;
}

/** Things a NOT_FOUND names. */
export type Thing =
  | 'petition'
  | 'consultation'
  | 'heritageObject'
  | 'heritageReport'
  | 'organisation'
  | 'programme'
  | 'programmeReport'
  | 'measure'
  | 'progressEntry'
  | 'webhook';


/** Every message key (the English catalogue defines them and their parameters). */
export type MessageKey = keyof typeof en;

/** The parameters a message takes. */
export type MessageParams<K extends MessageKey> = Parameters<(typeof en)[K]>[0];

/** A catalogue of one language: every key, each taking the same parameters as in English. */
export type Catalogue = { readonly [K in MessageKey]: (p: MessageParams<K>) => string };
