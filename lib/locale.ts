/** The languages every public text may come in. Ukrainian is always present; English is optional. */
export type Locale = 'uk' | 'en';

/**
 * Picks the answer language from an `Accept-Language` header: English only when the caller
 * prefers it to Ukrainian (q-values respected); Ukrainian otherwise, including when absent.
 */
export function parseAcceptLanguage(header: string | string[] | undefined): Locale {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return 'uk';
  let best: { locale: Locale; q: number } | undefined;
  for (const part of value.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const primary = tag?.split('-')[0];
    if (primary !== 'uk' && primary !== 'en') continue;
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale: primary, q };
  }
  return best?.locale ?? 'uk';
}

/** A text in the caller's language, falling back to Ukrainian when no translation exists. */
export function localized(locale: Locale, uk: string, en: string | null | undefined): string {
  return locale === 'en' && en ? en : uk;
}
