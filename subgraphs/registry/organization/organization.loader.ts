import type DataLoader from 'dataloader';
import type { RequestContext } from '../../shared/context.js';
import { groupByKey } from '../../shared/queries.js';
import { byIdLoader } from '../../shared/loaders.js';
import { OrganizationDocument } from '../document/document.entity.js';
import { Organization } from './organization.entity.js';
import { PUBLIC_ORGANIZATION_STATUSES } from './organization.enums.js';

/** Public organisations by id (pending and declined applications resolve to null): one statement per request. */
export const organizationById = (ctx: RequestContext) =>
  byIdLoader(ctx, Organization, (organization) => PUBLIC_ORGANIZATION_STATUSES.includes(organization.status));

/** Each organisation's published documents, newest year first: one statement per request. */
export function documentsOfOrganization(ctx: RequestContext): DataLoader<string, OrganizationDocument[]> {
  return ctx.loaders.get('Organization.documents', async (ids: readonly string[]) => {
    const documents = await ctx.em.find(
      OrganizationDocument,
      { organization: { $in: [...ids] } },
      { orderBy: [{ year: 'desc' }, { kind: 'asc' }, { id: 'asc' }] },
    );
    return groupByKey(ids, documents, (d) => d.organization.id);
  });
}
