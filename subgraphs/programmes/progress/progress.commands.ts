import { v4 as uuid } from 'uuid';
import { requireRole } from '../../shared/auth.js';
import { forgetLoaded, type RequestContext } from '../../shared/context.js';
import { BadInputError, ConflictError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { optionalText, requireText } from '../../shared/text.js';
import { findCurrent } from '../../shared/writes.js';
import { Measure } from '../measure/measure.entity.js';
import { MeasureStatus } from '../measure/measure.enums.js';
import { requireAmount } from '../money/decimal.scalar.js';
import { Programme } from '../programme/programme.entity.js';
import { ProgrammeReport } from '../report/programme-report.entity.js';
import { ReportState } from '../report/report.enums.js';
import { MeasureProgressChange } from './measure-progress-change.entity.js';
import { MeasureProgress } from './measure-progress.entity.js';
import type { RecordMeasureProgressInput } from './progress.input.js';

const TEXT = { min: 1, max: 20_000 };
const REASONS = { min: 1, max: 5_000 };
const MAX_EVIDENCE = 20;

/** An https link of sane length, or BAD_USER_INPUT naming the field. */
function requireHttpsUrl(field: string, value: string): string {
  const text = value.trim();
  let url: URL | null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || url.protocol !== 'https:' || !url.hostname) throw new BadInputError(field, message('link.notHttps', { field }));
  if (text.length > 2_000) throw new BadInputError(field, message('link.tooLong', { field, max: 2_000 }));
  return url.toString();
}

/** The input, checked field by field before anything is read or written. */
function checked(input: RecordMeasureProgressInput) {
  if (input.status === MeasureStatus.NOT_REPORTED) throw new BadInputError('input.status', message('progress.notReported'));
  const urls = input.evidenceUrls ?? [];
  if (urls.length > MAX_EVIDENCE) throw new BadInputError('input.evidenceUrls', message('progress.tooManyEvidenceLinks', { max: MAX_EVIDENCE }));
  return {
    status: input.status,
    text: requireText('input.text', input.text, TEXT),
    spent: input.spent === null || input.spent === undefined ? null : requireAmount('input.spent', input.spent),
    reasons: optionalText('input.reasons', input.reasons, REASONS),
    evidenceUrls: [...new Set(urls.map((url, i) => requireHttpsUrl(`input.evidenceUrls[${i}]`, url)))],
  };
}

/**
 * An official of the programme's city records what a DRAFT report says of a measure. The
 * entry is replaced; the change is appended to its history with who made it and when, in
 * the same transaction. A published report is immutable: recording into it is a CONFLICT,
 * also when it is published while this runs (the report row is written first, so the two
 * are ordered).
 */
export async function recordProgress(ctx: RequestContext, input: RecordMeasureProgressInput): Promise<{ measure: Measure; progress: MeasureProgress }> {
  const values = checked(input);
  const measure = await findCurrent(ctx, Measure, input.measureId, 'input.measureId', 'measure');
  const programme = await findCurrent(ctx, Programme, measure.programme.id, 'input.measureId', 'programme');
  const viewer = requireRole(ctx, 'official', programme.city);
  const report = await findCurrent(ctx, ProgrammeReport, input.reportId, 'input.reportId', 'programmeReport');
  if (report.programme.id !== programme.id) throw new BadInputError('input.reportId', message('progress.otherProgramme'));
  if (report.state === ReportState.PUBLISHED) throw new ConflictError('input.reportId', message('report.published'));
  const progressId = await ctx.em.transactional(async (tx) => {
    const stillDraft = await tx.nativeUpdate(ProgrammeReport, { id: report.id, state: ReportState.DRAFT }, { lastChangedAt: ctx.now });
    if (!stillDraft) throw new ConflictError('input.reportId', message('report.justPublished'));
    const existing = await tx.findOne(MeasureProgress, { report: report.id, measure: measure.id });
    const id = existing?.id ?? uuid();
    const row = { ...values, statusText: null, recordedBy: viewer.id, recordedAt: ctx.now };
    if (existing) await tx.nativeUpdate(MeasureProgress, { id }, row);
    else await tx.insert(MeasureProgress, { id, report: report.id, measure: measure.id, ...row, spentBySource: [], document: null, lines: {} } as never);
    await tx.insert(MeasureProgressChange, { id: uuid(), progress: id, changedBy: viewer.id, changedAt: ctx.now, ...values, document: null } as never);
    return id;
  });
  forgetLoaded(ctx);
  return {
    measure: await findCurrent(ctx, Measure, measure.id, 'input.measureId', 'measure'),
    progress: await findCurrent(ctx, MeasureProgress, progressId, 'input.measureId', 'progressEntry'),
  };
}
