import type DataLoader from 'dataloader';
import type { RequestContext } from '../../shared/context.js';
import { findByIds, groupByKey } from '../../shared/queries.js';
import { isUuid } from '../../shared/refs.js';
import { OrganizationDocument } from '../document/document.entity.js';
import { Organization } from './organization.entity.js';
import { PUBLIC_ORGANIZATION_STATUSES } from './organization.enums.js';

/** Public organisations by id (pending and declined applications resolve to null): one statement per request. */
export function organizationById(ctx: RequestContext): DataLoader<string, Organization | null> {
  return ctx.loaders.get('Organization.byId', async (ids: readonly string[]) => {
    const valid = ids.filter(isUuid);
    const found = valid.length ? await findByIds(ctx.em, Organization, valid) : [];
    const byId = new Map(
      found.filter((o): o is Organization => !!o && PUBLIC_ORGANIZATION_STATUSES.includes(o.status)).map((o) => [o.id, o]),
    );
    return ids.map((id) => byId.get(id) ?? null);
  });
}

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
