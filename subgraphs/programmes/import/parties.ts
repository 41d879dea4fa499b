import { paragraphs } from './text.js';

/**
 * The executors or partners a cell names, one by one. Documents separate them by
 * paragraphs, semicolons or commas, and sometimes by nothing at all (`…(Київської міської
 * державної адміністрації) Департамент освіти …`): a new name starts after a closing
 * bracket or quote, or after "рада"/"адміністрація", where a capitalised word follows.
 * Commas and semicolons inside brackets and quotes belong to the name.
 */
export function splitParties(raw: string): string[] {
  return paragraphs(raw)
    .flatMap(splitParagraph)
    .map((name) => name.replace(/^[-–—•\s]+/, '').replace(/[\s.,;:]+$/, '').trim())
    .filter((name) => name.length > 1);
}

const NAME_START = /^\s+[А-ЯІЇЄҐ][а-яіїєґ']/;
const ENDS_A_NAME = /(?:рада|адміністрація)$/;

function splitParagraph(text: string): string[] {
  const names: string[] = [];
  let quotes = 0;
  let brackets = 0;
  let current = '';
  const cut = () => {
    names.push(current);
    current = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '«') quotes += 1;
    if (char === '»') {
      // Nested quotes often close once for both («… «Місто змістів», …): a comma, semicolon
      // or bracket right after a closing quote ends every open one.
      const next = text.slice(i + 1).trimStart()[0];
      quotes = next === undefined || ',;)'.includes(next) ? 0 : Math.max(0, quotes - 1);
    }
    if (char === '(') brackets += 1;
    if (char === ')') brackets = Math.max(0, brackets - 1);
    const outside = quotes === 0 && brackets === 0;
    if (outside && (char === ',' || char === ';')) {
      cut();
      continue;
    }
    current += char;
    if (outside && (char === ')' || char === '»' || ENDS_A_NAME.test(current)) && NAME_START.test(text.slice(i + 1))) cut();
  }
  cut();
  return names;
}
