/**
 * Names of funding sources as documents write them. A cell naming several sources runs
 * them together ("Всього Бюджет міста Кисва Інші джерела"), so it is cut where a known
 * name starts; a cell with anything else is one source, as written. Typos stay as written
 * (the document is quoted, not corrected). Extend this list for new documents.
 */
const KNOWN_SOURCES: readonly RegExp[] = [
  /Всього/,
  /Бюджет\s+міста\s+Ки\S+/,
  /Бюджет\s+Вінницької\s+МТГ/,
  /(?:Державний|державний)\s+бюджет/,
  /(?:Обласний|обласний)\s+бюджет/,
  /(?:Інші|інші)\s+джерела/,
  /(?:Грантові|грантові)\s+кошти/,
  /(?:Кошти|кошти)\s+міжнародних\s+\S+/,
];

const ANY_SOURCE = new RegExp(KNOWN_SOURCES.map((pattern) => pattern.source).join('|'), 'g');

/** The sources a cell names, in order. */
export function splitSources(text: string): string[] {
  const cleaned = text.replace(/\s+/g, ' ').trim();
  if (!cleaned || /^[-–—]$/.test(cleaned)) return [];
  const found = [...cleaned.matchAll(ANY_SOURCE)].map((match) => match[0]);
  const rest = cleaned.replace(ANY_SOURCE, '').replace(/[\s,;]+/g, '');
  if (found.length && !rest) return found;
  return cleaned.split(/\s*[,;]\s*/).filter(Boolean);
}
