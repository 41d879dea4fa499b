import { isBlank, type Line } from '../lines.js';
import type { Sourced } from '../model.js';
import { paragraphs } from '../text.js';

/** The heading above a table: its non-blank lines joined, with the line it starts on. */
export function headingAbove(lines: readonly Line[], headerIndex: number): Sourced<string> | null {
  const texts: string[] = [];
  let line = 0;
  for (const l of lines.slice(0, headerIndex)) {
    if (isBlank(l) || l.cells.length > 1) continue;
    line ||= l.number;
    texts.push(...paragraphs(l.text));
  }
  return texts.length ? { value: texts.join(' ').replace(/\s+/g, ' ').trim(), line } : null;
}

/**
 * "Інформація про виконання <what> за <period>" → what and period. The programme's name
 * is written in the genitive after "виконання"; its first word is put back in the
 * nominative (Плану → План) so that it reads as a title.
 */
export function splitReportTitle(title: string): { programme: string; period: string } | null {
  const match = /виконання\s+(?:завдань\s+і\s+заходів\s+)?(.+?)\s+(за\s+.+)$/i.exec(title);
  if (!match) return null;
  return { programme: nominative(match[1]!), period: match[2]! };
}

const NOMINATIVE: Record<string, string> = {
  плану: 'План',
  програми: 'Програма',
  стратегії: 'Стратегія',
  міської: 'Міська',
};

function nominative(phrase: string): string {
  const [first, ...rest] = phrase.split(' ');
  const word = NOMINATIVE[first!.toLowerCase()];
  if (!word) return phrase;
  // "міської цільової програми «…»": the programme is what the quotes name.
  const quoted = /«(.+)»\s*$/.exec(phrase);
  if (word === 'Міська' && quoted) return quoted[1]!;
  return [word, ...rest].join(' ');
}
