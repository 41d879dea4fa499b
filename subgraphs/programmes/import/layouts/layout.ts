import type { Issues, Line } from '../lines.js';
import type { LayoutName, ProgrammeDocument } from '../model.js';

/** What a layout reads from a document: everything but the document's own identity and the issues. */
export type LayoutReading = Omit<ProgrammeDocument, 'source' | 'issues'>;

/**
 * One way cities lay out a programme or a report as a table. A layout recognises itself
 * by its header row (or, without one, by the shape of its rows), then reads the rows.
 */
export interface Layout {
  name: LayoutName;
  recognises(lines: readonly Line[]): boolean;
  /** Reads the document, or returns null (with an error in `issues`) when its programme cannot be made out at all. */
  read(lines: readonly Line[], issues: Issues): LayoutReading | null;
}

/** The index of the header cell whose text matches, or -1. */
export function column(header: readonly string[], pattern: RegExp): number {
  return header.findIndex((cell) => pattern.test(cell));
}
