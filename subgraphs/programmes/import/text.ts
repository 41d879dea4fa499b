/**
 * Reading the text of a table cell as the cities' exports write it: HTML fragments
 * (`<p>`, `<ul>`), Markdown emphasis, entities, runs of spaces. Paragraph boundaries are
 * kept as newlines, since they separate list items (executors, partners, statuses).
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', laquo: '«', raquo: '»', ndash: '–', mdash: '—' };

/** A cell's text: tags become paragraph breaks, entities are decoded, spaces collapsed per paragraph. */
export function cellText(raw: string): string {
  return paragraphs(raw).join('\n');
}

/** The paragraphs of a cell (by `<p>`, `<ul>`, `<li>`, `<br>` and newlines), cleaned, without empty ones. */
export function paragraphs(raw: string): string[] {
  const text = raw
    .replace(/<\s*(?:\/?p|\/?ul|\/?ol|\/?li|br\s*\/?)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\*\*/g, '');
  return text
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0\u202f]+/g, ' ').trim())
    .filter((line) => line.length > 0);
}

/** Texts compared for identity: lower case, one kind of apostrophe, quote and dash, no spaces around dashes. */
export function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’ʼ`']/g, "'")
    .replace(/[«»“”„"]/g, '"')
    .replace(/[–—−]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .replace(/[\s.,;:]+$/, '')
    .trim();
}

/** Whether a paragraph reads as unfinished (no closing punctuation): the next piece of the cell may continue it. */
export function looksCutOff(text: string): boolean {
  return !/[.;:!?]$/.test(text.trim());
}

/**
 * Joins pieces of one cell that a page break split: on the same line when the first stops
 * mid-sentence and the next goes on in lower case, a quote or a bracket ("…Київської
 * міської ради" + "(Київської міської державної адміністрації) «Центр комунікації»");
 * as a new paragraph otherwise.
 */
export function joinPieces(first: string, next: string): string {
  if (!first) return next;
  if (!next) return first;
  const end = cellText(first);
  const start = cellText(next);
  if (!looksCutOff(end) || !/^[\p{Ll}«"(]/u.test(start)) return `${first}\n${next}`;
  // One paragraph: drop the tags that closed the first piece and opened the next.
  return `${first.replace(/(?:<\/[a-z]+>\s*)+$/i, '')} ${next.replace(/^(?:\s*<[a-z][^>]*>)+/i, '')}`;
}
