import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { v4 as uuid } from 'uuid';
import { requireRole } from '../../shared/auth.js';
import { forgetLoaded, type RequestContext } from '../../shared/context.js';
import { BadInputError, ConflictError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { requireText } from '../../shared/text.js';
import { findCurrent } from '../../shared/writes.js';
import { recordEvent } from '../../shared/outbox/record-event.js';
import { MeasureProgress } from '../progress/measure-progress.entity.js';
import { refreshMeasureStatuses } from '../progress/measure-status.js';
import { Programme } from '../programme/programme.entity.js';
import { ProgrammeReport } from './programme-report.entity.js';
import { ReportState } from './report.enums.js';
import type { OpenProgrammeReportInput } from './report.input.js';

const TITLE = { min: 5, max: 500 };

/** An ISO date that exists (`2025-02-30` does not), or BAD_USER_INPUT naming the field. */
export function requireIsoDate(field: string, value: string): string {
  const text = value.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== text) throw new BadInputError(field, message('date.notDay', { field, value: text.slice(0, 20) }));
  return text;
}

/** An official of the programme's city opens a DRAFT report for a period; one report per programme and period. */
export async function openReport(ctx: RequestContext, input: OpenProgrammeReportInput): Promise<ProgrammeReport> {
  const programme = await findCurrent(ctx, Programme, input.programmeId, 'input.programmeId', 'programme');
  const viewer = requireRole(ctx, 'official', programme.city);
  const title = requireText('input.title', input.title, TITLE);
  const periodStart = requireIsoDate('input.periodStart', input.periodStart);
  const periodEnd = requireIsoDate('input.periodEnd', input.periodEnd);
  if (periodEnd < periodStart) throw new BadInputError('input.periodEnd', message('report.periodOrder'));
  const clash = await ctx.em.findOne(ProgrammeReport, { programme: programme.id, periodStart, periodEnd });
  if (clash) throw new ConflictError('input.periodStart', message('report.periodTaken', { start: periodStart, end: periodEnd }));
  const id = uuid();
  try {
    await ctx.em.insert(ProgrammeReport, {
      id,
      programme: programme.id,
      title,
      periodStart,
      periodEnd,
      periodText: null,
      city: programme.city,
      state: ReportState.DRAFT,
      lastChangedAt: ctx.now,
      openedBy: viewer.id,
      openedAt: ctx.now,
      publishedBy: null,
      publishedAt: null,
      plannedStated: null,
      spentStated: null,
      deviationStated: null,
      spentStatedBySource: [],
      document: null,
      lines: {},
    } as never);
  } catch (error) {
    // Another official opened the same period between our check and our insert.
    if (error instanceof UniqueConstraintViolationException) throw new ConflictError('input.periodStart', message('report.periodTaken', { start: periodStart, end: periodEnd }));
    throw error;
  }
  forgetLoaded(ctx);
  return findCurrent(ctx, ProgrammeReport, id, 'input.programmeId', 'programmeReport');
}

/**
 * An official of the city publishes a DRAFT report: from then on it is immutable, and the
 * statuses it gives become its measures' statuses (where no later report says otherwise),
 * and ProgrammeProgressRecorded is recorded with it. Publishing a published report again
 * changes (and records) nothing.
 */
export async function publishReport(ctx: RequestContext, id: string): Promise<ProgrammeReport> {
  const report = await findCurrent(ctx, ProgrammeReport, id, 'id', 'programmeReport');
  const viewer = requireRole(ctx, 'official', report.city);
  if (report.state === ReportState.PUBLISHED) return report;
  await ctx.em.transactional(async (tx) => {
    const published = await tx.nativeUpdate(ProgrammeReport, { id, state: ReportState.DRAFT }, { state: ReportState.PUBLISHED, publishedBy: viewer.id, publishedAt: ctx.now });
    if (!published) return; // published meanwhile by another official: the same outcome (and its event)
    const entries = await tx.find(MeasureProgress, { report: id }, { fields: ['measure'] });
    await refreshMeasureStatuses(tx, entries.map((entry) => entry.measure.id));
    // Progress becomes public record when its report is published (a draft is the officials' own).
    const data = { reportId: id, periodStart: report.periodStart, periodEnd: report.periodEnd, measuresReported: entries.length };
    recordEvent(tx, { type: 'ProgrammeProgressRecorded', city: report.city, entityId: report.programme.id, data });
  });
  forgetLoaded(ctx);
  return findCurrent(ctx, ProgrammeReport, id, 'id', 'programmeReport');
}
