import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { v4 as uuid } from 'uuid';
import { ForbiddenError, requireRole, requireViewer } from '../../shared/auth.js';
import { forgetLoaded, type RequestContext } from '../../shared/context.js';
import { BadInputError, ConflictError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { hasRole, isAcceptableSubject, MAX_SUBJECT_LENGTH } from '../../../lib/identity.js';
import { requireCity, requireDistrict } from '../../../lib/places.js';
import { findCurrent, submissionKey } from '../../shared/writes.js';
import { recordEvent } from '../../shared/outbox/record-event.js';
import { optionalText, requireHttpUrl, requireText } from '../../shared/text.js';
import { OrganizationDocument } from '../document/document.entity.js';
import { OrganizationRepresentative } from '../representative/organization-representative.entity.js';
import { requireEdrpou } from './edrpou.js';
import type { DocumentInput, RegisterOrganizationInput } from './organization-write.input.js';
import { RegistryStatusChange, VerificationDecision } from './organization-write.input.js';
import { Organization } from './organization.entity.js';
import { DocumentKind, OrganizationStatus, PUBLIC_ORGANIZATION_STATUSES } from './organization.enums.js';
import { searchTextOf } from './organization.search.js';

const NAME = { min: 3, max: 300 };
const SHORT_NAME = { min: 2, max: 100 };
const AREA = { min: 2, max: 100 };
const REASON = { min: 10, max: 2_000 };
const TITLE = { min: 3, max: 300 };

const current = (ctx: RequestContext, id: string, field = 'id') => findCurrent(ctx, Organization, id, field, 'organisation');


function document(field: string, input: DocumentInput | null | undefined, now: Date) {
  if (!input) throw new BadInputError(field, message('input.required', { field }));
  const year = input.year;
  if (!Number.isInteger(year) || year < 1991 || year > now.getUTCFullYear()) {
    throw new BadInputError(`${field}.year`, message('document.year', { field: `${field}.year`, min: 1991, max: now.getUTCFullYear() }));
  }
  return { titleUk: requireText(`${field}.title`, input.title, TITLE), year, url: requireHttpUrl(`${field}.url`, input.url) };
}

/** Whether the caller acts for the organisation (a representative). */
async function isRepresentative(ctx: RequestContext, organizationId: string, resident: string): Promise<boolean> {
  return (await ctx.em.count(OrganizationRepresentative, { organization: organizationId, resident })) > 0;
}

/**
 * A resident applies to register an organisation: it starts PENDING, with its financial
 * report, and the applicant as its first representative. A code already in the city's
 * public registry is a CONFLICT (that is public); another resident's application for the
 * same code is not revealed: this one is filed beside it, and the registrar decides. The
 * same applicant retrying gets the same application back, even when the retries race.
 */
export async function registerOrganization(ctx: RequestContext, input: RegisterOrganizationInput): Promise<Organization> {
  const viewer = requireViewer(ctx);
  const edrpou = requireEdrpou('input.edrpou', input.edrpou);
  const city = requireCity('input.city', input.city).id;
  const district = input.district ? requireDistrict('input.district', input.district, city).id : null;
  const nameUk = requireText('input.name', input.name, NAME);
  const nameEn = optionalText('input.nameEn', input.nameEn, NAME);
  const shortName = optionalText('input.shortName', input.shortName, SHORT_NAME);
  const areas = [...new Set((input.activityAreas ?? []).map((area, i) => requireText(`input.activityAreas[${i}]`, area, AREA)))];
  if (areas.length < 1 || areas.length > 10) throw new BadInputError('input.activityAreas', message('organisation.activityAreaCount', { min: 1, max: 10 }));
  const report = document('input.financialReport', input.financialReport, ctx.now);

  await requireCodeNotPublic(ctx, city, edrpou, 'input.edrpou');
  const mine = await pendingApplicationOf(ctx, city, edrpou, viewer.id);
  if (mine) return mine;
  const applicationKey = submissionKey(viewer.id, city, edrpou);
  const id = uuid();
  try {
    await ctx.em.transactional(async (tx) => {
      await tx.insert(Organization, {
        id,
        edrpou,
        city,
        district,
        nameUk,
        nameEn,
        shortName,
        legalForm: input.legalForm,
        status: OrganizationStatus.PENDING,
        appliedAt: ctx.now,
        registeredAt: null,
        declineReasonUk: null,
        declineReasonEn: null,
        activityAreasUk: areas,
        activityAreasEn: [],
        applicationKey,
        searchText: searchTextOf({ nameUk, nameEn, shortName, edrpou }),
      });
      await tx.insert(OrganizationDocument, { id: uuid(), organization: id as never, kind: DocumentKind.FINANCIAL_REPORT, titleEn: null, publishedAt: ctx.now, ...report });
      await tx.insert(OrganizationRepresentative, { id: uuid(), organization: id as never, resident: viewer.id, addedAt: ctx.now });
    });
  } catch (error) {
    // The same application raced in from another request and won: that one is the application.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const winner = await ctx.em.fork().findOne(Organization, { applicationKey });
    if (!winner) throw error;
    return winner;
  }
  forgetLoaded(ctx);
  return current(ctx, id);
}

/** CONFLICT when the code belongs to an organisation of the city's public registry (public information). */
async function requireCodeNotPublic(ctx: RequestContext, city: string, edrpou: string, field: string, except?: string): Promise<void> {
  const registered = await ctx.em.count(Organization, {
    city,
    edrpou,
    status: { $in: PUBLIC_ORGANIZATION_STATUSES },
    ...(except ? { id: { $ne: except } } : {}),
  });
  if (registered) throw new ConflictError(field, message('organisation.codeRegistered', { edrpou, city }));
}

/** The caller's own pending application for the code in the city, if any (they represent it). */
async function pendingApplicationOf(ctx: RequestContext, city: string, edrpou: string, resident: string): Promise<Organization | null> {
  const represented = ctx.em.getKnex()('organization_representative').select('organization_id').where('resident', resident);
  const [row] = await ctx.em.execute<{ id: string }[]>(
    ctx.em.getKnex()('organization').select('id').where({ city, edrpou, status: OrganizationStatus.PENDING }).whereIn('id', represented).orderBy('id').limit(1),
  );
  return row ? ctx.em.findOne(Organization, { id: row.id }) : null;
}

/** A registrar of the city decides on a PENDING application: REGISTERED (with its event), or DECLINED with a reason. */
export async function verifyOrganization(ctx: RequestContext, id: string, decision: VerificationDecision, reason: string | null | undefined): Promise<Organization> {
  const organization = await current(ctx, id);
  requireRole(ctx, 'registrar', organization.city);
  const declineReason = decision === VerificationDecision.DECLINE ? requireText('reason', reason, REASON) : null;
  if (organization.status !== OrganizationStatus.PENDING) throw new ConflictError('id', message('organisation.notPending', { status: organization.status }));
  const approve = decision === VerificationDecision.APPROVE;
  // Another application for the same code may have been approved first.
  if (approve) await requireCodeNotPublic(ctx, organization.city, organization.edrpou, 'id', organization.id);
  // A decided application is no longer one its applicant can retry.
  const changes = approve
    ? { status: OrganizationStatus.REGISTERED, registeredAt: ctx.now, applicationKey: null }
    : { status: OrganizationStatus.DECLINED, declineReasonUk: declineReason, applicationKey: null };
  try {
    await ctx.em.transactional(async (tx) => {
      const updated = await tx.nativeUpdate(Organization, { id, status: OrganizationStatus.PENDING }, changes);
      if (!updated) throw new ConflictError('id', message('organisation.justDecided'));
      // Registered: public from now on. A declined application stays private, so it makes no event.
      if (approve) recordEvent(tx, { type: 'OrganizationRegistered', city: organization.city, entityId: id, data: { legalForm: organization.legalForm } });
    });
  } catch (error) {
    // Two applications for one code approved at once: the unique public code lets one win.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    throw new ConflictError('id', message('organisation.codeRegistered', { edrpou: organization.edrpou, city: organization.city }));
  }
  forgetLoaded(ctx);
  return current(ctx, id);
}

const ALLOWED_CHANGES: Record<string, RegistryStatusChange[]> = {
  [OrganizationStatus.REGISTERED]: [RegistryStatusChange.SUSPENDED, RegistryStatusChange.LIQUIDATED],
  [OrganizationStatus.SUSPENDED]: [RegistryStatusChange.REGISTERED, RegistryStatusChange.LIQUIDATED],
};

/** A registrar of the city suspends, reinstates or records the liquidation of a registered organisation. */
export async function changeOrganizationStatus(ctx: RequestContext, id: string, status: RegistryStatusChange, reason: string): Promise<Organization> {
  const organization = await current(ctx, id);
  requireRole(ctx, 'registrar', organization.city);
  requireText('reason', reason, REASON);
  if (!ALLOWED_CHANGES[organization.status]?.includes(status)) {
    throw new ConflictError('status', message('organisation.statusChange', { from: organization.status, to: status }));
  }
  const updated = await ctx.em.nativeUpdate(Organization, { id, status: organization.status }, { status: status as unknown as OrganizationStatus });
  if (!updated) throw new ConflictError('id', message('organisation.justChanged'));
  forgetLoaded(ctx);
  return current(ctx, id);
}

/** A representative publishes a document of the organisation (statute, activity or financial report). */
export async function publishDocument(ctx: RequestContext, organizationId: string, kind: DocumentKind, input: DocumentInput): Promise<Organization> {
  const viewer = requireViewer(ctx);
  const organization = await current(ctx, organizationId, 'organizationId');
  if (!(await isRepresentative(ctx, organization.id, viewer.id))) throw new ForbiddenError(message('auth.representativeOnlyDocuments'));
  if (organization.status === OrganizationStatus.LIQUIDATED || organization.status === OrganizationStatus.DECLINED) {
    throw new ConflictError('organizationId', message('organisation.noDocuments', { status: organization.status }));
  }
  const doc = document('document', input, ctx.now);
  // A retried publication of the same document is not a second one.
  const same = await ctx.em.count(OrganizationDocument, { organization: organization.id, kind, year: doc.year, url: doc.url });
  if (!same) await ctx.em.insert(OrganizationDocument, { id: uuid(), organization: organization.id as never, kind, titleEn: null, publishedAt: ctx.now, ...doc });
  forgetLoaded(ctx);
  return current(ctx, organization.id);
}

/** A representative (or a registrar of the city) adds another resident as a representative. */
export async function addRepresentative(ctx: RequestContext, organizationId: string, resident: string): Promise<Organization> {
  const viewer = requireViewer(ctx);
  const organization = await current(ctx, organizationId, 'organizationId');
  if (!hasRole(viewer, 'registrar', organization.city) && !(await isRepresentative(ctx, organization.id, viewer.id))) {
    throw new ForbiddenError(message('auth.representativeOnlyRepresentatives'));
  }
  // A subject as the identity provider writes it: exact (no trimming), at most OIDC's 255 characters.
  if (!isAcceptableSubject(resident)) throw new BadInputError('resident', message('organisation.residentSubject', { max: MAX_SUBJECT_LENGTH }));
  const subject = resident;
  if (!(await isRepresentative(ctx, organization.id, subject))) {
    try {
      await ctx.em.insert(OrganizationRepresentative, { id: uuid(), organization: organization.id as never, resident: subject, addedAt: ctx.now });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error; // added concurrently: the same outcome
    }
  }
  return organization;
}
