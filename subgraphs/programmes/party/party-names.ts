import { comparable } from '../import/text.js';

/**
 * Abbreviations of legal forms that documents and the registry write either way. A name
 * is compared with them spelled out, so "ГС «Мережа ОГС «Місто змістів»" and "Громадська
 * спілка «Мережа ОГС «Місто змістів»»" are the same party. Extend for new documents.
 */
const LEGAL_FORMS: readonly [abbreviation: string, spelled: string][] = [
  ['го', 'громадська організація'],
  ['гс', 'громадська спілка'],
  ['бф', 'благодійний фонд'],
  ['бо', 'благодійна організація'],
  ['мго', 'міжнародна громадська організація'],
  ['кп', 'комунальне підприємство'],
  ['кнп', 'комунальне некомерційне підприємство'],
  ['осн', 'орган самоорганізації населення'],
];

/** A party's name compared loosely: case, quotes, dashes, spaces, legal-form abbreviations, "(за згодою)". */
export function partyKey(name: string): string {
  let key = comparable(name.replace(/\(за\s+згодою\)/gi, ''));
  for (const [abbreviation, spelled] of LEGAL_FORMS) {
    if (key === abbreviation || key.startsWith(`${abbreviation} `)) key = spelled + key.slice(abbreviation.length);
  }
  // Nested quotes that close once for both («… «Місто змістів») compare equal to those that close twice.
  return key.replace(/"+$/, '');
}

/** An EDRPOU code a party's text carries (8 digits), if any. */
export function edrpouIn(text: string): string | null {
  return /(?:ЄДРПОУ|код)\D{0,12}(\d{8})\b/i.exec(text)?.[1] ?? null;
}
