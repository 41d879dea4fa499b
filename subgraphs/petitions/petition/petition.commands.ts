import { UniqueConstraintViolationException, type QueryResult } from '@mikro-orm/core';
import { v4 as uuid } from 'uuid';
import { requireRole, requireViewer } from '../../shared/auth.js';
import type { RequestContext } from '../../shared/context.js';
import { BadInputError, ConflictError, NotFoundError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { submissionKey } from '../../shared/writes.js';
import { requireText } from '../../shared/text.js';
import { requireDistrict } from '../../../lib/places.js';
import { dbDate } from '../../shared/queries.js';
import { isUuid } from '../../shared/refs.js';
import { PetitionHeritageObject } from '../links/petition-heritage-object.entity.js';
import { requireKnownHeritageObjects, requireRegisteredOrganizations } from '../../shared/peer-checks.js';
import type { PetitionServices } from '../petitions.services.js';
import { Petition } from './petition.entity.js';
import { ModerationDecision, PetitionStatus, SignatureChannel } from './petition.enums.js';
import type { SubmitPetitionInput } from './petition.input.js';
import { signedByViewer } from './petition.loader.js';
import { publicStatus } from './petition.query.js';
import { currentPetition as current, currentVisiblePetition as currentVisible } from './petition.current.js';
import { recordEvent } from '../../shared/outbox/record-event.js';
import { petitionNumber } from './petition.rules.js';
import { REASON_LIMITS, RESPONSE_LIMITS, validateSubmission } from './petition.validate.js';

const DAY_MS = 86_400_000;

/**
 * A resident files a petition; it waits in MODERATION. References to other subgraphs are
 * checked with them first; the number is drawn and the rows written in one transaction.
 * A retry (same author, city, title and body) returns the petition already filed.
 */
export async function submitPetition(ctx: RequestContext, services: PetitionServices, input: SubmitPetitionInput): Promise<Petition> {
  const viewer = requireViewer(ctx);
  const valid = validateSubmission(input);
  const key = submissionKey(viewer.id, valid.city, valid.title, valid.body);
  const filed = await ctx.em.findOne(Petition, { submissionKey: key });
  if (filed) return filed;
  if (valid.initiatorOrganizationId) await requireRegisteredOrganizations(services.peers, 'input.initiatorOrganizationId', [valid.initiatorOrganizationId]);
  await requireKnownHeritageObjects(services.peers, 'input.heritageObjectIds', valid.heritageObjectIds);
  const rules = services.rules[valid.city]!;
  const id = uuid();
  const year = ctx.now.getUTCFullYear();
  try {
    await ctx.em.transactional(async (tx) => {
      // One atomic upsert per number: concurrent submissions in a city never draw the same one.
      const [drawn] = await tx.execute<{ last: number }[]>(
        'insert into petition_number (city, year, last) values (?, ?, 1) on conflict (city, year) do update set last = petition_number.last + 1 returning last',
        [valid.city, year],
      );
      tx.create(Petition, {
        id,
        number: petitionNumber(rules, year, Number(drawn!.last)),
        city: valid.city,
        district: valid.district,
        titleUk: valid.title,
        titleEn: null,
        bodyUk: valid.body,
        bodyEn: null,
        status: PetitionStatus.MODERATION,
        createdAt: ctx.now,
        openedAt: null,
        closesAt: null,
        thresholdReachedAt: null,
        signatureCount: 0,
        webSignatureCount: 0,
        mobileSignatureCount: 0,
        signatureThreshold: rules.threshold,
        rejectedAt: null,
        rejectionReasonUk: null,
        rejectionReasonEn: null,
        respondedAt: null,
        responseUk: null,
        responseEn: null,
        initiatorOrganizationId: valid.initiatorOrganizationId,
        author: viewer.id,
        submissionKey: key,
        moderatedBy: null,
        respondedBy: null,
      });
      for (const heritageObjectId of valid.heritageObjectIds) tx.create(PetitionHeritageObject, { petition: id, heritageObjectId } as never);
    });
  } catch (error) {
    // The same submission raced in from another request and won: that one is the petition.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const winner = await ctx.em.fork().findOne(Petition, { submissionKey: key });
    if (!winner) throw error;
    return winner;
  }
  return current(ctx, id);
}

/**
 * A moderator of the petition's city admits it (open for the city's period) or rejects it
 * with a reason; the decision and its event (published or rejected) commit together.
 */
export async function moderatePetition(
  ctx: RequestContext,
  services: PetitionServices,
  id: string,
  decision: ModerationDecision,
  reason: string | null | undefined,
): Promise<Petition> {
  const petition = await currentVisible(ctx, id);
  const moderator = requireRole(ctx, 'moderator', petition.city);
  const rejection = decision === ModerationDecision.REJECT ? requireText('reason', reason, REASON_LIMITS) : null;
  if (petition.status !== PetitionStatus.MODERATION) {
    throw new ConflictError('id', message('petition.notInModeration', { status: publicStatus(petition, ctx.now) }));
  }
  const rules = services.rules[petition.city]!;
  const closesAt = new Date(ctx.now.getTime() + rules.periodDays * DAY_MS);
  const changes =
    decision === ModerationDecision.ADMIT
      ? {
          status: PetitionStatus.OPEN,
          openedAt: ctx.now,
          closesAt,
          signatureThreshold: rules.threshold,
          moderatedBy: moderator.id,
        }
      : { status: PetitionStatus.REJECTED, rejectedAt: ctx.now, rejectionReasonUk: rejection, moderatedBy: moderator.id };
  await ctx.em.transactional(async (tx) => {
    // Conditional on the state read above: of two moderators deciding at once, one wins (and only its event is recorded).
    const updated = await tx.nativeUpdate(Petition, { id, status: PetitionStatus.MODERATION }, changes);
    if (!updated) throw new ConflictError('id', message('petition.justModerated'));
    if (decision === ModerationDecision.ADMIT) {
      const data = { status: PetitionStatus.OPEN, signatureThreshold: rules.threshold, closesAt: closesAt.toISOString() };
      recordEvent(tx, { type: 'PetitionPublished', city: petition.city, entityId: id, data });
    } else {
      recordEvent(tx, { type: 'PetitionRejected', city: petition.city, entityId: id, data: { status: PetitionStatus.REJECTED } });
    }
  });
  return current(ctx, id);
}

/**
 * A resident signs an OPEN petition. The signature, the counters and their events change
 * in one transaction; the insert only happens while the petition is open (checked by the
 * same statement) and at most once per resident (the unique constraint), so concurrent and
 * repeated requests count exactly once. Signing again returns the petition unchanged and
 * records nothing. Events carry the count, never who signed.
 */
export async function signPetition(
  ctx: RequestContext,
  id: string,
  channel: SignatureChannel,
  district: string | null | undefined,
): Promise<Petition> {
  const viewer = requireViewer(ctx);
  if (!isUuid(id)) throw new NotFoundError('id', message('reference.notFound', { thing: 'petition', id }));
  const signerDistrict = district ? requireDistrict('district', district) : null;
  const now = dbDate(ctx.em, ctx.now);
  const signed = await ctx.em.transactional(async (tx) => {
    const inserted = await tx.execute<QueryResult>(
      `insert into signature (id, petition_id, signer, channel, city, district, signed_at)
       select ?, p.id, ?, ?, p.city, ?, ? from petition p
       where p.id = ? and p.status = ? and p.closes_at > ?${signerDistrict ? ' and p.city = ?' : ''}
       on conflict (petition_id, signer) do nothing`,
      [uuid(), viewer.id, channel, signerDistrict?.id ?? null, now, id, PetitionStatus.OPEN, now, ...(signerDistrict ? [signerDistrict.cityId] : [])],
      'run',
    );
    if (!inserted.affectedRows) return false;
    const web = channel === SignatureChannel.WEB ? 1 : 0;
    const [counted] = await tx.execute<{ city: string; signature_count: number | string; signature_threshold: number | string; threshold_reached_at: unknown }[]>(
      `update petition set
         signature_count = signature_count + 1,
         web_signature_count = web_signature_count + ?,
         mobile_signature_count = mobile_signature_count + ?
       where id = ?
       returning city, signature_count, signature_threshold, threshold_reached_at`,
      [web, 1 - web, id],
    );
    const city = counted!.city;
    const signatureCount = Number(counted!.signature_count);
    const signatureThreshold = Number(counted!.signature_threshold);
    recordEvent(tx, { type: 'PetitionSignatureCountChanged', city, entityId: id, data: { signatureCount } });
    // The update above holds the row until commit: exactly one signature finds the threshold newly reached.
    if (counted!.threshold_reached_at == null && signatureCount >= signatureThreshold) {
      await tx.execute('update petition set threshold_reached_at = ? where id = ?', [now, id], 'run');
      const data = { signatureCount, signatureThreshold, thresholdReachedAt: ctx.now.toISOString() };
      recordEvent(tx, { type: 'PetitionThresholdReached', city, entityId: id, data });
    }
    return true;
  });
  const petition = signed ? await current(ctx, id) : await currentVisible(ctx, id);
  if (!signed) {
    const already = await ctx.em.getConnection().execute('select 1 from signature where petition_id = ? and signer = ?', [id, viewer.id]);
    if (!already.length) {
      const status = publicStatus(petition, ctx.now);
      if (status === PetitionStatus.OPEN && signerDistrict) throw new BadInputError('district', message('place.districtOfOtherCity', { district: signerDistrict.id, city: petition.city }));
      throw new ConflictError('id', message('petition.notOpen', { status }));
    }
  }
  signedByViewer(ctx).clear(id).prime(id, true);
  return petition;
}

/** An official of the petition's city records the city's answer, once, to a petition that reached the threshold (and its event, with it). */
export async function respondToPetition(ctx: RequestContext, id: string, body: string): Promise<Petition> {
  const petition = await currentVisible(ctx, id);
  const official = requireRole(ctx, 'official', petition.city);
  const text = requireText('body', body, RESPONSE_LIMITS);
  if (petition.respondedAt) throw new ConflictError('id', message('petition.alreadyAnswered'));
  if (!petition.thresholdReachedAt) throw new ConflictError('id', message('petition.belowThreshold'));
  await ctx.em.transactional(async (tx) => {
    const updated = await tx.nativeUpdate(
      Petition,
      { id, respondedAt: null },
      { respondedAt: ctx.now, responseUk: text, responseEn: null, respondedBy: official.id },
    );
    if (!updated) throw new ConflictError('id', message('petition.alreadyAnswered'));
    // The answer's text stays in the petition (read it there); the event says only when.
    recordEvent(tx, { type: 'PetitionAnswered', city: petition.city, entityId: id, data: { respondedAt: ctx.now.toISOString() } });
  });
  return current(ctx, id);
}
