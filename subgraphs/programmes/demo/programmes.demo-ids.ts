import { naturalId } from '../document/document-ids.js';
import { programmeKeyOf } from '../document/import.command.js';
import type { ProgrammeDocument } from '../import/model.js';
import { readProgrammeDocument } from '../import/read-document.js';
import { DEMO_DOCUMENTS } from './documents/index.js';

/**
 * The ids the demo data has, worked out from the seed documents as the importer works
 * them out (natural keys): for the demo draft report and the sandbox's examples.
 */
export interface DemoProgramme {
  document: ProgrammeDocument;
  id: string;
  /** Id of the measure numbered `key` as the document numbers it (a repeated number is `1.4.3#2`). */
  measureId(key: string): string;
  /** Id of its report for a period. */
  reportId(start: string, end: string): string;
}

/** The demo programme read from the seed document whose file name starts with `prefix` (e.g. `003`). */
export function demoProgramme(prefix: string): DemoProgramme {
  const seed = DEMO_DOCUMENTS.find((candidate) => candidate.name.startsWith(prefix));
  if (!seed) throw new Error(`No seed document starts with ${prefix}`);
  const read = readProgrammeDocument(seed.name, seed.text);
  if (read.kind !== 'read') throw new Error(`${seed.name} cannot be read: ${read.reason}`);
  const { programme } = read.document;
  const id = naturalId('programme', programmeKeyOf(programme.city.value, programme.title.value));
  return {
    document: read.document,
    id,
    measureId: (key) => naturalId('measure', id, key),
    reportId: (start, end) => naturalId('report', id, start, end),
  };
}

/**
 * The one DRAFT report of the demo data: Kyiv's report for 2025 on its plan of measures
 * 2025–2027 (document 000), opened by a demo official and not yet published, so that an
 * official can record progress in it from the sandbox.
 */
export const DEMO_DRAFT_REPORT = {
  programme: '000',
  title: 'Звіт про виконання Плану заходів на 2025–2027 роки за 2025 рік',
  periodStart: '2025-01-01',
  periodEnd: '2025-12-31',
  openedBy: 'demo-official-kyiv',
} as const;
