/**
 * Search folding for organisation names: case-insensitive, and insensitive to the
 * apostrophe variants Ukrainian text uses (ASCII ', typographic ʼ and ’, backtick), so
 * `Об'єднання` finds `Обʼєднання`. Applied when writing `searchText` and to queries alike,
 * because SQLite's lower() only folds ASCII.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('uk')
    .replace(/['\u02bc\u2019\u2018`\u00b4]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text an organisation is found by: both names, the short name and the code. */
export function searchTextOf(org: { nameUk: string; nameEn: string | null; shortName: string | null; edrpou: string }): string {
  return foldForSearch([org.nameUk, org.nameEn, org.shortName, org.edrpou].filter(Boolean).join(' | '));
}

/** Search terms of a query: folded words, LIKE wildcards escaped. */
export function searchTerms(query: string): string[] {
  return foldForSearch(query)
    .split(' ')
    .filter(Boolean)
    .map((term) => term.replace(/[\\%_]/g, (c) => `\\${c}`));
}
