import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { cacheHint, PRIVATE } from '../../shared/cache-hints.js';
import type { RequestContext } from '../../shared/context.js';
import { requireSelf, type ResidentRef } from '../../shared/resident.graphql.js';
import { Resident } from '../federation.js';
import { Organization } from '../organization/organization.entity.js';
import { OrganizationRepresentative } from './organization-representative.entity.js';

@Resolver(() => Resident)
export class ResidentOrganizationsResolver {
  @Directive(cacheHint(PRIVATE))
  @FieldResolver(() => [Organization], { description: 'Organisations this resident represents, pending applications included.' })
  async representedOrganizations(@Root() resident: ResidentRef, @Ctx() ctx: RequestContext): Promise<Organization[]> {
    requireSelf(ctx, resident);
    const links = await ctx.em.find(OrganizationRepresentative, { resident: resident.id }, { fields: ['organization'] as never });
    if (!links.length) return [];
    return ctx.em.find(Organization, { id: { $in: links.map((link) => link.organization.id) } }, { orderBy: { appliedAt: 'desc', id: 'asc' } });
  }
}
