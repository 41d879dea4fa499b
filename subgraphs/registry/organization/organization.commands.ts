import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { v4 as uuid } from 'uuid';
import { ForbiddenError, requireRole, requireViewer } from '../../shared/auth.js';
import { forgetLoaded, type RequestContext } from '../../shared/context.js';
import { BadInputError, ConflictError } from '../../shared/errors.js';
import { hasRole } from '../../shared/identity.js';
import { requireCity, requireDistrict } from '../../shared/places.js';
import { findCurrent } from '../../shared/writes.js';
import { optionalText, requireHttpUrl, requireText } from '../../shared/text.js';
import { OrganizationDocument } from '../document/document.entity.js';
import { OrganizationRepresentative } from '../representative/organization-representative.entity.js';
import { requireEdrpou } from './edrpou.js';
import type { DocumentInput, RegisterOrganizationInput } from './organization-write.input.js';
import { RegistryStatusChange, VerificationDecision } from './organization-write.input.js';
import { Organization } from './organization.entity.js';
import { DocumentKind, OrganizationStatus } from './organization.enums.js';
import { searchTextOf } from './organization.search.js';

const NAME = { min: 3, max: 300 };
const SHORT_NAME = { min: 2, max: 100 };
const AREA = { min: 2, max: 100 };
const REASON = { min: 10, max: 2_000 };
const TITLE = { min: 3, max: 300 };

const current = (ctx: RequestContext, id: string, field = 'id') => findCurrent(ctx, Organization, id, field, 'organisation');


function document(field: string, input: DocumentInput | null | undefined, now: Date) {
  if (!input) throw new BadInputError(field, `${field} is required`);
  const year = input.year;
  if (!Number.isInteger(year) || year < 1991 || year > now.getUTCFullYear()) {
    throw new BadInputError(`${field}.year`, `${field}.year must be from 1991 to ${now.getUTCFullYear()}`);
  }
  return { titleUk: requireText(`${field}.title`, input.title, TITLE), year, url: requireHttpUrl(`${field}.url`, input.url) };
}

/** Whether the caller acts for the organisation (a representative). */
async function isRepresentative(ctx: RequestContext, organizationId: string, resident: string): Promise<boolean> {
  return (await ctx.em.count(OrganizationRepresentative, { organization: organizationId, resident })) > 0;
}

/**
 * A resident applies to register an organisation: it starts PENDING, with its financial
 * report, and the applicant as its first representative. One organisation per EDRPOU per
 * city (a unique constraint); the same applicant retrying gets the same application back.
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
  if (areas.length < 1 || areas.length > 10) throw new BadInputError('input.activityAreas', 'Give 1 to 10 areas of activity');
  const report = document('input.financialReport', input.financialReport, ctx.now);

  const existing = await ctx.em.findOne(Organization, { city, edrpou });
  if (existing) return sameApplicantOrConflict(ctx, existing, viewer.id);
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
        searchText: searchTextOf({ nameUk, nameEn, shortName, edrpou }),
      });
      await tx.insert(OrganizationDocument, { id: uuid(), organization: id as never, kind: DocumentKind.FINANCIAL_REPORT, titleEn: null, publishedAt: ctx.now, ...report });
      await tx.insert(OrganizationRepresentative, { id: uuid(), organization: id as never, resident: viewer.id, addedAt: ctx.now });
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const winner = await ctx.em.fork().findOne(Organization, { city, edrpou });
    if (!winner) throw error;
    return sameApplicantOrConflict(ctx, winner, viewer.id);
  }
  forgetLoaded(ctx);
  return current(ctx, id);
}

async function sameApplicantOrConflict(ctx: RequestContext, existing: Organization, resident: string): Promise<Organization> {
  if (existing.status === OrganizationStatus.PENDING && (await isRepresentative(ctx, existing.id, resident))) return existing;
  throw new ConflictError('input.edrpou', `An organisation with EDRPOU ${existing.edrpou} is already in the ${existing.city} registry`);
}

/** A registrar of the city decides on a PENDING application: REGISTERED, or DECLINED with a reason. */
export async function verifyOrganization(ctx: RequestContext, id: string, decision: VerificationDecision, reason: string | null | undefined): Promise<Organization> {
  const organization = await current(ctx, id);
  requireRole(ctx, 'registrar', organization.city);
  const declineReason = decision === VerificationDecision.DECLINE ? requireText('reason', reason, REASON) : null;
  if (organization.status !== OrganizationStatus.PENDING) throw new ConflictError('id', `This organisation is ${organization.status}, not pending`);
  const changes =
    decision === VerificationDecision.APPROVE
      ? { status: OrganizationStatus.REGISTERED, registeredAt: ctx.now }
      : { status: OrganizationStatus.DECLINED, declineReasonUk: declineReason };
  const updated = await ctx.em.nativeUpdate(Organization, { id, status: OrganizationStatus.PENDING }, changes);
  if (!updated) throw new ConflictError('id', 'Another registrar has just decided on this organisation');
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
    throw new ConflictError('status', `A ${organization.status} organisation cannot become ${status}`);
  }
  const updated = await ctx.em.nativeUpdate(Organization, { id, status: organization.status }, { status: status as unknown as OrganizationStatus });
  if (!updated) throw new ConflictError('id', 'Another registrar has just changed this organisation');
  forgetLoaded(ctx);
  return current(ctx, id);
}

/** A representative publishes a document of the organisation (statute, activity or financial report). */
export async function publishDocument(ctx: RequestContext, organizationId: string, kind: DocumentKind, input: DocumentInput): Promise<Organization> {
  const viewer = requireViewer(ctx);
  const organization = await current(ctx, organizationId, 'organizationId');
  if (!(await isRepresentative(ctx, organization.id, viewer.id))) throw new ForbiddenError('Only a representative of this organisation may publish its documents');
  if (organization.status === OrganizationStatus.LIQUIDATED || organization.status === OrganizationStatus.DECLINED) {
    throw new ConflictError('organizationId', `A ${organization.status} organisation publishes no documents`);
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
    throw new ForbiddenError('Only a representative of this organisation may add representatives');
  }
  const subject = requireText('resident', resident, { min: 1, max: 128 });
  if (!(await isRepresentative(ctx, organization.id, subject))) {
    try {
      await ctx.em.insert(OrganizationRepresentative, { id: uuid(), organization: organization.id as never, resident: subject, addedAt: ctx.now });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error; // added concurrently: the same outcome
    }
  }
  return organization;
}
