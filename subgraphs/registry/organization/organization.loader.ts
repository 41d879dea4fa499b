import type DataLoader from 'dataloader';
import type { RequestContext } from '../../shared/context.js';
import { byIdLoader, rowsOfParentsLoader } from '../../shared/loaders.js';
import { OrganizationDocument } from '../document/document.entity.js';
import { Organization } from './organization.entity.js';
import { PUBLIC_ORGANIZATION_STATUSES } from './organization.enums.js';

/** Public organisations by id (pending and declined applications resolve to null): one statement per request. */
export const organizationById = (ctx: RequestContext) =>
  byIdLoader(ctx, Organization, (organization) => PUBLIC_ORGANIZATION_STATUSES.includes(organization.status));

/** Each organisation's published documents, newest year first: one statement per request. */
export const documentsOfOrganization = (ctx: RequestContext): DataLoader<string, OrganizationDocument[]> =>
  rowsOfParentsLoader(ctx, 'Organization.documents', OrganizationDocument, 'organization', [
    ['year', 'desc'],
    ['kind', 'asc'],
    ['id', 'asc'],
  ]);
