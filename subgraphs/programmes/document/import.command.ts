import type { SqlEntityManager } from '@mikro-orm/knex';
import { Goal } from '../goal/goal.entity.js';
import type { Decimal } from '../import/decimal.js';
import type { Issue, MeasureRecord, ProgrammeDocument, ReportRecord, Sourced } from '../import/model.js';
import { readProgrammeDocument } from '../import/read-document.js';
import { comparable } from '../import/text.js';
import { FundingLine } from '../measure/funding-line.entity.js';
import { MeasureParty } from '../measure/measure-party.entity.js';
import { Measure } from '../measure/measure.entity.js';
import { MeasureStatus, PartyRole } from '../measure/measure.enums.js';
import type { OrganizationMatcher } from '../party/organization-matching.js';
import { partyKey } from '../party/party-names.js';
import { MeasureProgressChange } from '../progress/measure-progress-change.entity.js';
import { MeasureProgress } from '../progress/measure-progress.entity.js';
import { refreshMeasureStatuses } from '../progress/measure-status.js';
import { Programme } from '../programme/programme.entity.js';
import { GoalLevel, ProgrammeKind } from '../programme/programme.enums.js';
import { ProgrammeReport } from '../report/programme-report.entity.js';
import { ReportState } from '../report/report.enums.js';
import { naturalId } from './document-ids.js';
import { SourceDocument } from './source-document.entity.js';
import { recordEvent } from '../../shared/outbox/record-event.js';

/** A document that is not imported: not such a document, or read with errors (listed line by line). */
export class ImportRefusedError extends Error {
  constructor(
    readonly reason: string,
    readonly issues: readonly Issue[] = [],
  ) {
    super(issues.length ? `${reason}:\n${issues.map((i) => `  line ${i.line}: ${i.message}`).join('\n')}` : reason);
  }
}

export interface ImportOptions {
  /** Who imports: `demo`, `cli`, an official's id. */
  importedBy: string;
  now: Date;
  /** Links parties to registry organisations; without one, parties stay unlinked. */
  matcher?: OrganizationMatcher;
  /**
   * Whether each imported report records ProgrammeProgressRecorded (default true). The demo
   * seed says no: the data a city starts with is no news, as the other subgraphs' seeds record none.
   */
  recordEvents?: boolean;
}

export interface ImportCounts {
  goals: number;
  measures: number;
  parties: number;
  fundingLines: number;
  reports: number;
  progressEntries: number;
}

export type ImportOutcome =
  | { status: 'imported'; documentId: string; programmeId: string; counts: ImportCounts; warnings: Issue[] }
  | { status: 'unchanged'; documentId: string };

/**
 * Imports a document into the database: reads it (refusing it, with the reason or its
 * errors line by line, when it cannot be read fully), then writes its programme, goals,
 * measures, parties, funding and reports in one transaction. Idempotent: a document whose
 * bytes were imported before changes nothing; rows known by their natural keys (a
 * programme by city and title, a measure by its number) are kept, not duplicated. A report
 * for a period the programme already has a report for refuses the whole document.
 */
export async function importDocument(em: SqlEntityManager, name: string, bytes: Uint8Array | string, options: ImportOptions): Promise<ImportOutcome> {
  const result = readProgrammeDocument(name, bytes);
  if (result.kind === 'refused') throw new ImportRefusedError(`${name} is not a programme, plan or report: ${result.reason}`);
  const document = result.document;
  const errors = document.issues.filter((issue) => issue.severity === 'error');
  if (errors.length) throw new ImportRefusedError(`${name} cannot be read fully (${errors.length} error${errors.length > 1 ? 's' : ''}); nothing was imported`, errors);
  const documentId = naturalId('document', document.source.sha256);
  if (await em.findOne(SourceDocument, { sha256: document.source.sha256 })) return { status: 'unchanged', documentId };
  // Asking the registry happens before the transaction: no transaction waits on a peer.
  const matches = options.matcher ? await options.matcher(document.programme.city.value, partiesOf(document)) : new Map<string, string>();
  return em.transactional(async (tx) => {
    if (await tx.findOne(SourceDocument, { sha256: document.source.sha256 })) return { status: 'unchanged', documentId } as const;
    await tx.insert(SourceDocument, {
      id: documentId,
      sha256: document.source.sha256,
      name: document.source.name,
      layout: document.source.layout,
      lineCount: document.source.lineCount,
      warnings: document.issues.map(({ line, message }) => ({ line, message })),
      importedAt: options.now,
      importedBy: options.importedBy,
    });
    const writer = new DocumentWriter(tx, document, documentId, matches, options);
    const programmeId = await writer.programme();
    await writer.goals(programmeId);
    await writer.measures(programmeId);
    for (const report of document.reports) await writer.report(programmeId, report);
    await refreshMeasureStatuses(tx, [...writer.reportedMeasures]);
    return { status: 'imported', documentId, programmeId, counts: writer.counts, warnings: document.issues } as const;
  });
}

/** `city|title`: what makes two documents speak of the same programme. */
export function programmeKeyOf(city: string, title: string): string {
  return `${city}|${comparable(title)}`;
}

function partiesOf(document: ProgrammeDocument) {
  const all = document.measures.flatMap((m) => [...m.executors, ...m.partners]);
  return all.map((party) => ({ name: party.value, key: partyKey(party.value) }));
}

/** Writes one document's rows, keeping what the database already has under the same natural keys. */
class DocumentWriter {
  readonly counts: ImportCounts = { goals: 0, measures: 0, parties: 0, fundingLines: 0, reports: 0, progressEntries: 0 };
  readonly reportedMeasures = new Set<string>();
  private readonly measureIds = new Map<string, string>();

  constructor(
    private readonly tx: SqlEntityManager,
    private readonly document: ProgrammeDocument,
    private readonly documentId: string,
    private readonly matches: Map<string, string>,
    private readonly options: ImportOptions,
  ) {}

  async programme(): Promise<string> {
    const p = this.document.programme;
    const programmeKey = programmeKeyOf(p.city.value, p.title.value);
    const id = naturalId('programme', programmeKey);
    if (await this.tx.findOne(Programme, { id })) return id;
    await this.tx.insert(Programme, {
      id,
      programmeKey,
      city: p.city.value,
      kind: p.kind.value as ProgrammeKind,
      title: p.title.value,
      titleInferred: p.titleInferred,
      startYear: p.startYear?.value ?? null,
      endYear: p.endYear?.value ?? null,
      approvedBy: p.approvedBy?.value ?? null,
      document: this.documentId,
      lines: lines({ title: p.title, kind: p.kind, city: p.city, startYear: p.startYear, endYear: p.endYear, approvedBy: p.approvedBy }),
    } as never);
    return id;
  }

  async goals(programmeId: string): Promise<void> {
    const existing = new Set((await this.tx.find(Goal, { programme: programmeId }, { fields: ['goalKey'] })).map((g) => g.goalKey));
    const position = existing.size;
    const rows = this.document.goals
      .map((goal, i) => ({ goal, goalKey: goal.number ?? `#${i + 1}` }))
      .filter(({ goalKey }) => !existing.has(goalKey))
      .map(({ goal, goalKey }, i) => ({
        id: naturalId('goal', programmeId, goalKey),
        programme: programmeId,
        goalKey,
        position: position + i + 1,
        number: goal.number,
        level: goal.level as GoalLevel,
        parentNumber: goal.parentNumber,
        title: goal.title.value,
        executors: goal.executors.map((e) => e.value),
        partners: goal.partners.map((e) => e.value),
        expectedResults: goal.expectedResults?.value ?? null,
        strategicGoal: goal.strategicGoal?.value ?? null,
        document: this.documentId,
        lines: lines({ title: goal.title, executors: goal.executors[0], partners: goal.partners[0], expectedResults: goal.expectedResults, strategicGoal: goal.strategicGoal }),
      }));
    if (rows.length) await this.tx.insertMany(Goal, rows as never[]);
    this.counts.goals += rows.length;
  }

  async measures(programmeId: string): Promise<void> {
    const existing = await this.tx.find(Measure, { programme: programmeId }, { fields: ['measureKey', 'position'] });
    for (const m of existing) this.measureIds.set(m.measureKey, m.id);
    let position = existing.reduce((max, m) => Math.max(max, m.position), 0);
    const measures: object[] = [];
    const parties: object[] = [];
    const funding: object[] = [];
    for (const record of this.document.measures) {
      if (this.measureIds.has(record.key)) continue;
      const id = naturalId('measure', programmeId, record.key);
      this.measureIds.set(record.key, id);
      measures.push({
        id,
        programme: programmeId,
        goal: record.goalNumber ? naturalId('goal', programmeId, record.goalNumber) : null,
        measureKey: record.key,
        position: (position += 1),
        number: record.number.value,
        numberAsWritten: record.numberAsWritten,
        heading: record.heading?.value ?? null,
        title: record.title.value,
        deadline: record.deadline?.value ?? null,
        periodStart: record.period?.start ?? null,
        periodEnd: record.period?.end ?? null,
        expectedResults: record.expectedResults?.value ?? null,
        indicators: record.indicators?.value ?? null,
        fundingNote: record.fundingNote?.value ?? null,
        status: MeasureStatus.NOT_REPORTED,
        document: this.documentId,
        lines: lines({ number: record.number, title: record.title, heading: record.heading, deadline: record.deadline, expectedResults: record.expectedResults, indicators: record.indicators, fundingNote: record.fundingNote }),
      });
      parties.push(...this.partiesOf(id, record));
      funding.push(...this.fundingOf(id, record));
    }
    if (measures.length) await this.tx.insertMany(Measure, measures as never[]);
    if (parties.length) await this.tx.insertMany(MeasureParty, parties as never[]);
    if (funding.length) await this.tx.insertMany(FundingLine, funding as never[]);
    this.counts.measures += measures.length;
    this.counts.parties += parties.length;
    this.counts.fundingLines += funding.length;
  }

  private partiesOf(measureId: string, record: MeasureRecord): object[] {
    const rows = (role: PartyRole, list: readonly Sourced<string>[]) =>
      list.map((party, i) => {
        const nameKey = partyKey(party.value);
        return {
          id: naturalId('party', measureId, role, i + 1),
          measure: measureId,
          role,
          position: i + 1,
          name: party.value,
          nameKey,
          organizationId: this.matches.get(nameKey) ?? null,
          document: this.documentId,
          line: party.line,
        };
      });
    return [...rows(PartyRole.EXECUTOR, record.executors), ...rows(PartyRole.PARTNER, record.partners)];
  }

  private fundingOf(measureId: string, record: MeasureRecord): object[] {
    const planned = record.funding.map((f) => ({ kind: 'PLANNED', source: f.source, year: f.year, amount: f.planned?.toString() ?? null, line: f.line }));
    const stated = record.fundingTotals.map((t) => ({ kind: 'STATED', source: t.source, year: t.year, amount: t.amount.toString(), line: t.line }));
    return [...planned, ...stated].map((row, i) => ({ ...row, id: naturalId('funding', measureId, i + 1), measure: measureId, position: i + 1, document: this.documentId }));
  }

  async report(programmeId: string, report: ReportRecord): Promise<void> {
    const clash = await this.tx.findOne(ProgrammeReport, { programme: programmeId, periodStart: report.period.start, periodEnd: report.period.end });
    if (clash) {
      throw new ImportRefusedError(`${this.document.source.name}: the programme already has a report for ${report.period.start} – ${report.period.end} ("${clash.title}"); nothing was imported`);
    }
    const id = naturalId('report', programmeId, report.period.start, report.period.end);
    const importer = `import:${this.document.source.sha256}`;
    await this.tx.insert(ProgrammeReport, {
      id,
      programme: programmeId,
      title: report.title.value,
      periodStart: report.period.start,
      periodEnd: report.period.end,
      periodText: report.periodText.value,
      city: this.document.programme.city.value,
      state: ReportState.PUBLISHED,
      lastChangedAt: this.options.now,
      openedBy: importer,
      openedAt: this.options.now,
      publishedBy: importer,
      publishedAt: this.options.now,
      plannedStated: decimal(report.stated.planned),
      spentStated: decimal(report.stated.spent),
      deviationStated: decimal(report.stated.deviation),
      spentStatedBySource: report.stated.spentBySource.map((s) => ({ source: s.source ?? '', amount: s.amount.toString(), line: s.line })),
      document: this.documentId,
      lines: lines({ title: report.title, period: report.periodText, plannedStated: report.stated.planned, spentStated: report.stated.spent, deviationStated: report.stated.deviation }),
    } as never);
    this.counts.reports += 1;
    const entries: object[] = [];
    const changes: object[] = [];
    for (const entry of report.entries) {
      const measureId = this.measureIds.get(entry.measureKey)!;
      const progressId = naturalId('progress', id, measureId);
      const values = {
        status: entry.status as MeasureStatus,
        text: entry.text?.value ?? null,
        spent: entry.spent ? entry.spent.value.toString() : null,
        reasons: entry.reasons?.value ?? null,
        evidenceUrls: [],
      };
      entries.push({
        id: progressId,
        report: id,
        measure: measureId,
        ...values,
        statusText: entry.statusText?.value ?? null,
        spentBySource: entry.spentBySource.map((s) => ({ source: s.source ?? '', amount: s.amount.toString() })),
        recordedBy: importer,
        recordedAt: this.options.now,
        document: this.documentId,
        lines: lines({ status: entry.statusText, text: entry.text, spent: entry.spent, reasons: entry.reasons }),
      });
      changes.push({ id: naturalId('change', progressId, this.document.source.sha256), progress: progressId, changedBy: importer, changedAt: this.options.now, ...values, document: this.documentId });
      this.reportedMeasures.add(measureId);
    }
    if (entries.length) await this.tx.insertMany(MeasureProgress, entries as never[]);
    if (changes.length) await this.tx.insertMany(MeasureProgressChange, changes as never[]);
    this.counts.progressEntries += entries.length;
    // An imported report is published as the city published it: its progress is public record now.
    if (this.options.recordEvents ?? true) {
      const data = { reportId: id, periodStart: report.period.start, periodEnd: report.period.end, measuresReported: entries.length };
      recordEvent(this.tx, { type: 'ProgrammeProgressRecorded', city: this.document.programme.city.value, entityId: programmeId, data });
    }
  }
}

function decimal(value: Sourced<Decimal> | null): string | null {
  return value ? value.value.toString() : null;
}

/** The line of each field that has one. */
function lines(fields: Record<string, { line: number } | null | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(fields).flatMap(([name, value]) => (value ? [[name, value.line]] : [])));
}
