import { UniqueConstraintViolationException, type QueryResult } from '@mikro-orm/core';
import { v4 as uuid } from 'uuid';
import { requireRole, requireViewer } from '../../shared/auth.js';
import { forgetLoaded, type RequestContext } from '../../shared/context.js';
import { BadInputError, ConflictError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { dbDate } from '../../shared/queries.js';
import { isUuid } from '../../shared/refs.js';
import { requireHttpUrl, requireText } from '../../shared/text.js';
import { findCurrent, submissionKey } from '../../shared/writes.js';
import { recordEvent } from '../../shared/outbox/record-event.js';
import { ConditionRecord } from '../condition/condition-record.entity.js';
import { HeritageObject } from '../heritage-object/heritage-object.entity.js';
import { ConditionSource, type HeritageCondition } from '../heritage-object/heritage-object.enums.js';
import { HeritageMedia } from '../media/heritage-media.entity.js';
import { HeritageReport } from './heritage-report.entity.js';
import { HeritageReportStatus } from './heritage-report.enums.js';
import { ReviewDecision, type ReportHeritageConditionInput } from './heritage-report.input.js';

const NOTE = { min: 1, max: 2_000 };
const REASON = { min: 10, max: 2_000 };
const MAX_PHOTOS = 10;


/**
 * Adds an entry to a monument's condition history and, when it is the latest, makes it the
 * current condition: conditional updates, so an older entry recorded late never overwrites
 * a newer one. When the current condition really changes (not a newer entry saying the
 * same), HeritageConditionChanged is recorded in the same transaction: the condition only,
 * never who reported or inspected it, nor their note.
 */
async function record(
  tx: RequestContext['em'],
  object: { id: string; city: string },
  entry: { condition: HeritageCondition; source: ConditionSource; note: string | null; at: Date },
) {
  const objectId = object.id;
  await tx.insert(ConditionRecord, {
    id: uuid(),
    heritageObject: objectId as never,
    condition: entry.condition,
    recordedAt: entry.at,
    source: entry.source,
    noteUk: entry.note,
    noteEn: null,
  });
  const at = dbDate(tx, entry.at);
  // One statement decides whether the condition changes: of two entries racing with the same condition, one changes it.
  const changed = await tx.execute<QueryResult>(
    'update heritage_object set condition = ?, condition_recorded_at = ? where id = ? and condition_recorded_at <= ? and condition <> ?',
    [entry.condition, at, objectId, at, entry.condition],
    'run',
  );
  if (changed.affectedRows) {
    recordEvent(tx, { type: 'HeritageConditionChanged', city: object.city, entityId: objectId, data: { condition: entry.condition } });
    return;
  }
  // The same condition again, newer: only when it was last recorded moves.
  await tx.execute('update heritage_object set condition_recorded_at = ? where id = ? and condition_recorded_at <= ?', [at, objectId, at], 'run');
}

/** A resident reports a monument's condition; it waits PENDING for an inspector. A retry files nothing twice. */
export async function reportCondition(ctx: RequestContext, input: ReportHeritageConditionInput): Promise<HeritageReport> {
  const viewer = requireViewer(ctx);
  const object = isUuid(input.heritageObjectId) ? await ctx.em.findOne(HeritageObject, { id: input.heritageObjectId }) : null;
  if (!object) throw new BadInputError('input.heritageObjectId', message('reference.notFound', { thing: 'heritageObject', id: input.heritageObjectId }));
  const note = requireText('input.note', input.note, NOTE);
  const photos = input.photoUrls ?? [];
  if (photos.length > MAX_PHOTOS) throw new BadInputError('input.photoUrls', message('heritage.tooManyPhotos', { max: MAX_PHOTOS }));
  const photoUrls = [...new Set(photos.map((url, i) => requireHttpUrl(`input.photoUrls[${i}]`, url)))];
  const key = submissionKey(viewer.id, object.id, input.condition, note);
  const filed = await ctx.em.findOne(HeritageReport, { submissionKey: key });
  if (filed) return filed;
  const report = {
    id: uuid(),
    heritageObject: object.id as never,
    reporter: viewer.id,
    city: object.city,
    condition: input.condition,
    note,
    photoUrls,
    status: HeritageReportStatus.PENDING,
    submittedAt: ctx.now,
    reviewedAt: null,
    reviewer: null,
    declineReason: null,
    submissionKey: key,
  };
  try {
    await ctx.em.insert(HeritageReport, report);
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    return ctx.em.fork().findOneOrFail(HeritageReport, { submissionKey: key });
  }
  return ctx.em.findOneOrFail(HeritageReport, { id: report.id });
}

/**
 * An inspector of the monument's city decides on a PENDING report. Accepted, it enters the
 * condition history as CITIZEN and its photographs join the monument's, in one transaction.
 */
export async function reviewReport(ctx: RequestContext, id: string, decision: ReviewDecision, reason: string | null | undefined): Promise<HeritageReport> {
  const report = await findCurrent(ctx, HeritageReport, id, 'id', 'heritageReport');
  const inspector = requireRole(ctx, 'inspector', report.city);
  const declineReason = decision === ReviewDecision.DECLINE ? requireText('reason', reason, REASON) : null;
  if (report.status !== HeritageReportStatus.PENDING) throw new ConflictError('id', message('heritage.reportDecided', { status: report.status }));
  await ctx.em.transactional(async (tx) => {
    const updated = await tx.nativeUpdate(
      HeritageReport,
      { id, status: HeritageReportStatus.PENDING },
      {
        status: decision === ReviewDecision.ACCEPT ? HeritageReportStatus.ACCEPTED : HeritageReportStatus.DECLINED,
        reviewedAt: ctx.now,
        reviewer: inspector.id,
        declineReason,
      },
    );
    if (!updated) throw new ConflictError('id', message('heritage.reportJustDecided'));
    if (decision !== ReviewDecision.ACCEPT) return;
    const objectId = report.heritageObject.id;
    await record(tx, { id: objectId, city: report.city }, { condition: report.condition, source: ConditionSource.CITIZEN, note: report.note, at: ctx.now });
    if (report.photoUrls.length) {
      await tx.insertMany(
        HeritageMedia,
        report.photoUrls.map((url) => ({ id: uuid(), heritageObject: objectId as never, kind: 'PHOTO' as const, title: null, url, addedAt: ctx.now })),
      );
    }
  });
  forgetLoaded(ctx);
  return ctx.em.findOneOrFail(HeritageReport, { id });
}

/** An inspector of the city records an official condition directly. */
export async function recordCondition(ctx: RequestContext, heritageObjectId: string, condition: HeritageCondition, note: string | null | undefined): Promise<HeritageObject> {
  const object = await findCurrent(ctx, HeritageObject, heritageObjectId, 'heritageObjectId', 'heritageObject');
  requireRole(ctx, 'inspector', object.city);
  const text = note?.trim() ? requireText('note', note, NOTE) : null;
  await ctx.em.transactional((tx) => record(tx, object, { condition, source: ConditionSource.OFFICIAL, note: text, at: ctx.now }));
  forgetLoaded(ctx);
  return ctx.em.findOneOrFail(HeritageObject, { id: object.id });
}
