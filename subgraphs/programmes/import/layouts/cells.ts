import { isStatusWording } from '../statuses.js';
import { joinPieces, paragraphs } from '../text.js';

/**
 * The cells of one table row as they accumulate over the lines a page break split it
 * into: each column's pieces joined, with the line where the column began.
 */
export class RowCells {
  private readonly cells = new Map<number, { text: string; line: number }>();

  constructor(readonly line: number) {}

  add(column: number, raw: string, line: number): void {
    const piece = raw.trim();
    if (!piece) return;
    const current = this.cells.get(column);
    this.cells.set(column, current ? { text: joinPieces(current.text, piece), line: current.line } : { text: piece, line });
  }

  text(column: number): string {
    return this.cells.get(column)?.text ?? '';
  }

  lineOf(column: number): number {
    return this.cells.get(column)?.line ?? this.line;
  }
}

/** An official's name with initials, a phone number or an e-mail address: the "responsible person" column. */
const CONTACT = /\(?\b0\d{2}[\s-]\d{2,3}[\s-]?\d{2}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|^[А-ЯІЇЄҐ][а-яіїєґ'’-]+\s+[А-ЯІЇЄҐ]\.\s?[А-ЯІЇЄҐ]\./u;

export function looksLikeContact(text: string): boolean {
  return CONTACT.test(text.trim());
}

export type CellRole = 'title' | 'status' | 'responsible' | 'progress';

/**
 * Where a piece of text belongs when the row it sits in does not line up with the header
 * (a shifted row, or text between rows): contacts to the responsible person, a bare status
 * wording to the status, the first piece to a title that was cut off, the rest to progress.
 */
export function roleByContent(raw: string, first: boolean): CellRole {
  const text = paragraphs(raw).join(' ');
  if (looksLikeContact(text)) return 'responsible';
  if (isStatusWording(text)) return 'status';
  if (first && /^\p{Ll}/u.test(text) && text.length < 300) return 'title';
  return 'progress';
}

/**
 * Whether a list of names stops mid-name ("Комунальне некомерційне підприємство
 * виконавчого органу"): it ends on a word that needs its complement. Names themselves end
 * on any word, so this looks at the last word only.
 */
export function listLooksCutOff(text: string): boolean {
  return /(?:^|\s)(?:органу|виконавчого|підприємство|організація|установа|та|і|й|з|із|при|щодо|для|у|в|на)$/u.test(text.trim()) || /[,(–-]$/.test(text.trim());
}
