/**
 * Which language a message is written in, for tests that switch `Accept-Language`. A
 * Ukrainian message is Cyrillic; what it may hold in Latin letters is what is never
 * translated: ids, values and names quoted from the request («…», "…"), code points,
 * enum values, header and format names.
 */
const CYRILLIC = /[\u0400-\u04FF]/;
const UNTRANSLATED = [
  /«[^»]*»/g, // values quoted from the request
  /"[^"]*"/g,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, // ids
  /\bU\+[0-9A-F]{4,6}\b/g,
  /\b[A-Z][A-Z_]+\b/g, // enum values, RFC, IP, JSON
  /https:\/\//g,
  /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\b/g,
  /\b(GraphQL|application\/json|Content-Length|Authorization|Bearer|operationName|schema\/persisted-operations\.json|null)\b/g,
];

export function looksUkrainian(text: string): boolean {
  if (!CYRILLIC.test(text)) return false;
  const rest = UNTRANSLATED.reduce((left, pattern) => left.replace(pattern, ' '), text);
  return !/[A-Za-z]{2,}/.test(rest);
}

/** An English message: no Cyrillic letter anywhere (a text written only in Ukrainian is left out, not quoted). */
export function looksEnglish(text: string): boolean {
  return !CYRILLIC.test(text) && /[A-Za-z]{2,}/.test(text);
}
