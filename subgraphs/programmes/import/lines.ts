import type { Issue } from './model.js';

/** One line of a document: its number (1-based), its text, and its tab-separated cells. */
export interface Line {
  number: number;
  text: string;
  cells: string[];
}

export function splitLines(text: string): Line[] {
  return text.split(/\r\n|\r|\n/).map((line, i) => ({ number: i + 1, text: line, cells: line.split('\t') }));
}

export function isBlank(line: Line): boolean {
  return line.text.trim() === '';
}

/** A table's rule drawn in dashes (`--\t----\t--`): a page or row boundary, no content. */
export function isRule(line: Line): boolean {
  return line.cells.length > 1 && line.cells.every((cell) => /^\s*-*\s*$/.test(cell)) && /-/.test(line.text);
}

/** Collects issues in line order; an error anywhere means the document is not imported. */
export class Issues {
  readonly list: Issue[] = [];

  error(line: number, message: string): void {
    this.list.push({ severity: 'error', line, message });
  }

  warning(line: number, message: string): void {
    this.list.push({ severity: 'warning', line, message });
  }

  sorted(): Issue[] {
    return [...this.list].sort((a, b) => a.line - b.line);
  }
}
