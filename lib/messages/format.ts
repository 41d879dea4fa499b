import type { Locale } from '../locale.js';
import { findCity, findDistrict } from '../places.js';

/** Plural categories (CLDR, through Intl): Ukrainian has one/few/many, English one/other. */
const PLURALS: Record<Locale, Intl.PluralRules> = { uk: new Intl.PluralRules('uk'), en: new Intl.PluralRules('en') };

/** Ukrainian noun forms by the number before them: 1 символ, 3 символи, 5 символів. */
export interface UkForms {
  one: string;
  few: string;
  many: string;
}

/** `n` and the Ukrainian noun form it takes ("21 символ", "22 символи", "25 символів"). */
export function countUk(n: number, forms: UkForms): string {
  const category = PLURALS.uk.select(n);
  return `${n} ${category === 'one' ? forms.one : category === 'few' ? forms.few : forms.many}`;
}

/** `n` and the English noun form it takes ("1 character", "2 characters"). */
export function countEn(n: number, one: string, other: string): string {
  return `${n} ${PLURALS.en.select(n) === 'one' ? one : other}`;
}

/** A text a person wrote, quoted as the language quotes: «…» in Ukrainian, “…” in English; long texts are cut. */
export function quote(locale: Locale, text: string): string {
  const chars = [...text];
  const cut = chars.length > 80 ? `${chars.slice(0, 79).join('')}…` : text;
  return locale === 'uk' ? `«${cut}»` : `\u201c${cut}\u201d`;
}

/** The first letter upper-cased: labels open sentences. */
export function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** A city's name in the language (its id when unknown: the caller's own input). */
export function cityName(locale: Locale, id: string): string {
  const city = findCity(id);
  return city ? (locale === 'uk' ? city.nameUk : city.nameEn) : id;
}

/** A district's name in the language (its id when unknown). */
export function districtName(locale: Locale, id: string): string {
  const district = findDistrict(id);
  return district ? (locale === 'uk' ? district.nameUk : district.nameEn) : id;
}

/** Ids or words joined for a sentence: "a, b" (ids are not translated). */
export function joined(items: readonly string[]): string {
  return items.join(', ');
}
