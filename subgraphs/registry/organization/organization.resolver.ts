import type { Knex } from '@mikro-orm/knex';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { City, District } from '../federation.js';
import { localized } from '../../../lib/locale.js';
import { nestedConnection } from '../../shared/nested.js';
import { lazySource, pageSize, type Connection } from '../../shared/pagination.js';
import { cityRef, districtRef, type PlaceRef } from '../../shared/places.graphql.js';
import { countRows, keysetPage } from '../../shared/queries.js';
import { Organization } from './organization.entity.js';
import { OrganizationsArgs } from './organization.input.js';
import { documentsOfOrganization, organizationById } from './organization.loader.js';
import { ORGANIZATION_ORDER, organizationBase } from './organization.query.js';
import { OrganizationConnection, OrganizationDocumentView } from './organization.types.js';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => OrganizationConnection, { description: 'The public registry: registered, suspended and liquidated organisations, by name.' })
  organizations(@Args(() => OrganizationsArgs) args: OrganizationsArgs, @Ctx() ctx: RequestContext): Connection<Organization> {
    const first = pageSize(args.first);
    const base = organizationBase(ctx.em, args.filter);
    return new OrganizationConnection(
      lazySource(
        () => countRows(ctx.em, base),
        () => keysetPage(ctx.em, Organization, base, ORGANIZATION_ORDER, first, args.after),
      ),
    );
  }

  @Query(() => Organization, { nullable: true, description: 'A public organisation by id; null when unknown or not public.' })
  organization(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Organization | null> {
    return organizationById(ctx).load(id);
  }

  @FieldResolver(() => String)
  name(@Root() organization: Organization, @Ctx() ctx: RequestContext): string {
    return localized(ctx.locale, organization.nameUk, organization.nameEn);
  }

  @FieldResolver(() => [String], { description: 'Areas of activity, in the caller\u02bcs language where translated.' })
  activityAreas(@Root() organization: Organization, @Ctx() ctx: RequestContext): string[] {
    return organization.activityAreasUk.map((uk, i) => localized(ctx.locale, uk, organization.activityAreasEn[i]));
  }

  @FieldResolver(() => City)
  city(@Root() organization: Organization): PlaceRef {
    return cityRef(organization.city);
  }

  @FieldResolver(() => District, { nullable: true })
  district(@Root() organization: Organization): PlaceRef | null {
    return districtRef(organization.district);
  }

  @FieldResolver(() => [OrganizationDocumentView], { description: 'Documents it published, newest first.' })
  async documents(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<OrganizationDocumentView[]> {
    const documents = await documentsOfOrganization(ctx).load(organization.id);
    return documents.map((d) => ({ kind: d.kind, title: localized(ctx.locale, d.titleUk, d.titleEn), year: d.year, url: d.url }));
  }
}

@Resolver(() => District)
export class DistrictOrganizationsResolver {
  @FieldResolver(() => OrganizationConnection, { nullable: true, description: 'Public organisations based in this district.' })
  organizations(
    @Root() district: PlaceRef,
    @Args(() => OrganizationsArgs) args: OrganizationsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Connection<Organization> {
    const list = {
      relation: 'District.organizations',
      variant: args.filter ?? null,
      entity: Organization,
      base: organizationBase(ctx.em, args.filter),
      join: (q: Knex.QueryBuilder, ids: readonly string[]) => q.select('o.district as __parent').whereIn('o.district', [...ids]),
      order: ORGANIZATION_ORDER,
    };
    return new OrganizationConnection(nestedConnection(ctx, list, district.id, args, info));
  }
}
