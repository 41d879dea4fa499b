import type { SqlEntityManager } from '@mikro-orm/knex';
import { seededRandom } from '../../shared/demo-ids.js';
import { generatedId, generatedPlace, indicesByDistrict, insertInBatches, publishedOrganization, rowIds, skewedCounts, volumesAt } from '../../shared/volume.js';
import { naturalId } from '../document/document-ids.js';
import { SourceDocument } from '../document/source-document.entity.js';
import { Goal } from '../goal/goal.entity.js';
import { sha256 } from '../import/read-document.js';
import { FundingLine } from '../measure/funding-line.entity.js';
import { MeasureParty } from '../measure/measure-party.entity.js';
import { Measure } from '../measure/measure.entity.js';
import { MeasureStatus, PartyRole } from '../measure/measure.enums.js';
import { partyKey } from '../party/party-names.js';
import { MeasureProgressChange } from '../progress/measure-progress-change.entity.js';
import { MeasureProgress } from '../progress/measure-progress.entity.js';
import { Programme } from '../programme/programme.entity.js';
import { GoalLevel, ProgrammeKind } from '../programme/programme.enums.js';
import { ProgrammeReport } from '../report/programme-report.entity.js';
import { ReportState } from '../report/report.enums.js';

/**
 * Rows at scale 1: a city platform after several years, with every programme and plan of
 * both cities and their quarterly reports. Volumes grow linearly with the scale, at least
 * one of each.
 */
export const PROGRAMME_VOLUMES = { programmes: 200, measures: 10_000, reportsPerProgramme: 4 } as const;

const STATUSES = [MeasureStatus.DONE, MeasureStatus.IN_PROGRESS, MeasureStatus.PARTIALLY_DONE, MeasureStatus.NOT_DONE, MeasureStatus.NOT_REPORTED];
const STATUS_WEIGHTS = [0.3, 0.35, 0.2, 0.1, 0.05];
const KINDS = [ProgrammeKind.TARGET_PROGRAMME, ProgrammeKind.ACTION_PLAN, ProgrammeKind.STRATEGY_PLAN];
const LINKED_SHARE = 0.3;

function weighted(random: () => number): MeasureStatus {
  let r = random();
  for (let i = 0; i < STATUSES.length; i++) if ((r -= STATUS_WEIGHTS[i]!) < 0) return STATUSES[i]!;
  return MeasureStatus.NOT_REPORTED;
}

/** Thousand UAH with one decimal, built from integers (no float ever becomes an amount). */
const amount = (random: () => number, max: number) => `${Math.floor(random() * max)}.${Math.floor(random() * 10)}`;

/**
 * Generated programmes with goals, measures (a partner of some linked to a published
 * generated organisation of the same district; measure 0's to organisation 0), funding
 * per year, and quarterly published reports with an entry per measure, inside the
 * caller's transaction. All of it points at one generated source document.
 */
export async function seedProgrammeVolume(em: SqlEntityManager, now: Date, scale: number): Promise<void> {
  const random = seededRandom(2027);
  const programmes = Math.max(1, Math.round(PROGRAMME_VOLUMES.programmes * scale));
  const measureCounts = skewedCounts(random, programmes, Math.max(programmes, Math.round(PROGRAMME_VOLUMES.measures * scale)), 1.5, 20);
  const organizations = indicesByDistrict('organization', volumesAt(scale).organizations, publishedOrganization);
  const text = `generated programmes at scale ${scale}`;
  const documentId = naturalId('document', sha256(text));
  await em.insert(SourceDocument, { id: documentId, sha256: sha256(text), name: 'generated.txt', layout: 'measure-list', lineCount: 0, warnings: [], importedAt: now, importedBy: 'volume' });
  const year = now.getUTCFullYear();
  const rows = { programme: [] as object[], goal: [] as object[], measure: [] as object[], party: [] as object[], funding: [] as object[], report: [] as object[], progress: [] as object[], change: [] as object[] };
  const partyId = rowIds('programme-party');
  const fundingId = rowIds('programme-funding');
  const progressId = rowIds('programme-progress');
  const changeId = rowIds('programme-change');
  let parties = 0;
  let funding = 0;
  let entries = 0;
  for (let p = 0; p < programmes; p++) {
    const place = generatedPlace('programme', p);
    const id = naturalId('programme', 'generated', p);
    const startYear = year - 2 - (p % 3);
    const title = `Програма розвитку громадянського суспільства № ${p + 1} на ${startYear}–${startYear + 4} роки`;
    rows.programme.push({ id, programmeKey: `${place.city}|generated ${p}`, city: place.city, kind: KINDS[p % KINDS.length], title, titleInferred: false, startYear, endYear: startYear + 4, approvedBy: null, document: documentId, lines: {} });
    const goalId = naturalId('goal', id, '1');
    rows.goal.push({ id: goalId, programme: id, goalKey: '1', position: 1, number: '1', level: GoalLevel.TASK, parentNumber: null, title: 'Залучення громадян до ухвалення рішень', executors: [], partners: [], expectedResults: null, strategicGoal: null, document: documentId, lines: {} });
    const reports = Array.from({ length: PROGRAMME_VOLUMES.reportsPerProgramme }, (_, q) => {
      const quarter = q % 4;
      const reportYear = year - 1 - Math.floor(q / 4);
      const start = `${reportYear}-${String(quarter * 3 + 1).padStart(2, '0')}-01`;
      const end = `${reportYear}-${String(quarter * 3 + 3).padStart(2, '0')}-${quarter === 0 || quarter === 3 ? 31 : 30}`;
      const reportId = naturalId('report', id, start, end);
      rows.report.push({ id: reportId, programme: id, title: `Інформація про виконання програми № ${p + 1} за ${quarter + 1} квартал ${reportYear} року`, periodStart: start, periodEnd: end, periodText: null, city: place.city, state: ReportState.PUBLISHED, lastChangedAt: now, openedBy: 'volume', openedAt: now, publishedBy: 'volume', publishedAt: now, plannedStated: null, spentStated: null, deviationStated: null, spentStatedBySource: [], document: documentId, lines: {} });
      return { reportId };
    });
    const nearby = organizations.get(place.district) ?? [];
    for (let m = 0; m < measureCounts[p]!; m++) {
      const measureId = naturalId('measure', id, `1.${m + 1}`);
      // Reports come in period order: the measure's status is what the last one with an entry says.
      let status: MeasureStatus = MeasureStatus.NOT_REPORTED;
      for (const { reportId } of reports) {
        const said = weighted(random);
        if (said === MeasureStatus.NOT_REPORTED) continue;
        status = said;
        const values = { status: said, text: 'Проведено заходи, передбачені на звітний період.', spent: amount(random, 500), reasons: status === MeasureStatus.NOT_DONE ? 'Заплановано на інший звітний період.' : null, evidenceUrls: [] };
        const entry = progressId(entries++);
        rows.progress.push({ id: entry, report: reportId, measure: measureId, ...values, statusText: null, spentBySource: [], recordedBy: 'volume', recordedAt: now, document: documentId, lines: {} });
        rows.change.push({ id: changeId(entries), progress: entry, changedBy: 'volume', changedAt: now, ...values, document: documentId });
      }
      rows.measure.push({ id: measureId, programme: id, goal: goalId, measureKey: `1.${m + 1}`, position: m + 1, number: `1.${m + 1}`, numberAsWritten: null, heading: null, title: `Захід 1.${m + 1} програми № ${p + 1}`, deadline: `${startYear}-${startYear + 4}`, periodStart: `${startYear}-01-01`, periodEnd: `${startYear + 4}-12-31`, expectedResults: null, indicators: null, fundingNote: null, status, document: documentId, lines: {} });
      rows.party.push({ id: partyId(parties++), measure: measureId, role: PartyRole.EXECUTOR, position: 1, name: 'Департамент суспільних комунікацій', nameKey: partyKey('Департамент суспільних комунікацій'), organizationId: null, document: documentId, line: 0 });
      const linked = p === 0 && m === 0 ? 0 : nearby.length && random() < LINKED_SHARE ? nearby[Math.floor(random() * nearby.length)]! : null;
      const partner = linked === null ? 'Громадська рада при виконавчому органі міської ради' : `Громадська організація № ${linked + 1}`;
      rows.party.push({ id: partyId(parties++), measure: measureId, role: PartyRole.PARTNER, position: 1, name: partner, nameKey: partyKey(partner), organizationId: linked === null ? null : generatedId('organization', linked), document: documentId, line: 0 });
      for (let y = 0; y < 3; y++) {
        rows.funding.push({ id: fundingId(funding++), measure: measureId, position: y + 1, kind: 'PLANNED', source: 'Бюджет міста', year: year - 1 + y, amount: amount(random, 5000), document: documentId, line: 0 });
      }
    }
  }
  await insertInBatches(em, Programme, rows.programme as Programme[]);
  await insertInBatches(em, Goal, rows.goal as Goal[]);
  await insertInBatches(em, Measure, rows.measure as Measure[]);
  await insertInBatches(em, MeasureParty, rows.party as MeasureParty[]);
  await insertInBatches(em, FundingLine, rows.funding as FundingLine[]);
  await insertInBatches(em, ProgrammeReport, rows.report as ProgrammeReport[]);
  await insertInBatches(em, MeasureProgress, rows.progress as MeasureProgress[]);
  await insertInBatches(em, MeasureProgressChange, rows.change as MeasureProgressChange[]);
}
