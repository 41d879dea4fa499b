import type { SqlEntityManager } from '@mikro-orm/knex';
import { importDocument } from '../document/import.command.js';
import { ProgrammeReport } from '../report/programme-report.entity.js';
import { ReportState } from '../report/report.enums.js';
import { DEMO_DOCUMENTS } from './documents/index.js';
import { DEMO_DRAFT_REPORT, demoProgramme } from './programmes.demo-ids.js';

/**
 * The demo data is the five seed documents as the cities published them, imported as any
 * document is (inside the caller's transaction, but recording no events: what a city starts
 * with is no news), and one DRAFT report an official is writing (see `DEMO_DRAFT_REPORT`).
 * Their parties stay unlinked: the demo registry's organisations are fictional and none is
 * named in them.
 */
export async function seedProgrammes(em: SqlEntityManager, now: Date): Promise<void> {
  for (const document of DEMO_DOCUMENTS) await importDocument(em, document.name, document.text, { importedBy: 'demo', now, recordEvents: false });
  const plan = demoProgramme(DEMO_DRAFT_REPORT.programme);
  await em.insert(ProgrammeReport, {
    id: plan.reportId(DEMO_DRAFT_REPORT.periodStart, DEMO_DRAFT_REPORT.periodEnd),
    programme: plan.id,
    title: DEMO_DRAFT_REPORT.title,
    periodStart: DEMO_DRAFT_REPORT.periodStart,
    periodEnd: DEMO_DRAFT_REPORT.periodEnd,
    periodText: null,
    city: plan.document.programme.city.value,
    state: ReportState.DRAFT,
    lastChangedAt: now,
    openedBy: DEMO_DRAFT_REPORT.openedBy,
    openedAt: now,
    publishedBy: null,
    publishedAt: null,
    plannedStated: null,
    spentStated: null,
    deviationStated: null,
    spentStatedBySource: [],
    document: null,
    lines: {},
  } as never);
}
