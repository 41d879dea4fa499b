import { createHash } from 'node:crypto';
import { commitmentPlan } from './layouts/commitment-plan.js';
import type { Layout } from './layouts/layout.js';
import { measureList } from './layouts/measure-list.js';
import { planReport } from './layouts/plan-report.js';
import { programmeReport } from './layouts/programme-report.js';
import { strategyPlan } from './layouts/strategy-plan.js';
import { Issues, splitLines } from './lines.js';
import type { ReadResult } from './model.js';

/** Layouts by how specific their signature is: headed tables first, the header-less list last. */
const LAYOUTS: readonly Layout[] = [programmeReport, planReport, commitmentPlan, strategyPlan, measureList];

/** Larger files are not documents of this kind (the biggest seed is about 100 KB). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads a city's programme, plan or report as it was published (a text export of its
 * tables). Pure: no database, no clock. A file that is not such a document is refused with
 * the reason; a document read with errors comes back with them, line by line, and must not
 * be imported.
 */
export function readProgrammeDocument(name: string, bytes: Uint8Array | string): ReadResult {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size === 0) return { kind: 'refused', reason: 'The file is empty' };
  if (size > MAX_DOCUMENT_BYTES) return { kind: 'refused', reason: `The file has ${size} bytes; documents of this kind have at most ${MAX_DOCUMENT_BYTES}` };
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { kind: 'refused', reason: 'The file is not UTF-8 text' };
  }
  if (text.includes('\u0000')) return { kind: 'refused', reason: 'The file is binary, not a text export' };
  const lines = splitLines(text.replace(/^\uFEFF/, ''));
  const layout = LAYOUTS.find((candidate) => candidate.recognises(lines));
  if (!layout) {
    return {
      kind: 'refused',
      reason: 'No table of a programme, plan or report found: expected numbered measures with their deadlines, executors and (for reports) statuses',
    };
  }
  const issues = new Issues();
  const reading = layout.read(lines, issues);
  if (!reading) {
    const first = issues.sorted().find((issue) => issue.severity === 'error');
    return { kind: 'refused', reason: first ? `Line ${first.line}: ${first.message}` : 'The programme cannot be made out' };
  }
  if (!reading.measures.length) issues.error(1, 'The document has no measures');
  return {
    kind: 'read',
    document: {
      source: { name, sha256: sha256(bytes), lineCount: lines.length, layout: layout.name },
      ...reading,
      issues: issues.sorted(),
    },
  };
}

/** Whether a document may be imported: read, and without errors. */
export function importable(result: ReadResult): boolean {
  return result.kind === 'read' && !result.document.issues.some((issue) => issue.severity === 'error');
}
