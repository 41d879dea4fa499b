import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { City } from '../federation.js';
import type { PlaceRef } from '../../shared/places.graphql.js';
import { LegalForm, OrganizationStatus } from '../organization/organization.enums.js';
import { RegistryStats } from '../organization/organization.types.js';

@Resolver(() => City)
export class CityRegistryStatsResolver {
  @FieldResolver(() => RegistryStats, { nullable: true })
  registryStats(@Root() city: PlaceRef, @Ctx() ctx: RequestContext): Promise<RegistryStats> {
    const loader = ctx.loaders.get<string, RegistryStats>('City.registryStats', async (cityIds) => {
      const query = ctx.em
        .getKnex()('organization')
        .select('city', 'status', 'legal_form')
        .count({ total: '*' })
        .whereIn('city', [...cityIds])
        .whereIn('status', [OrganizationStatus.REGISTERED, OrganizationStatus.PENDING])
        .groupBy('city', 'status', 'legal_form');
      const rows: { city: string; status: OrganizationStatus; legal_form: LegalForm; total: unknown }[] =
        await ctx.em.execute(query);
      return cityIds.map((cityId) => {
        const ofCity = rows.filter((r) => r.city === cityId);
        const sum = (status: OrganizationStatus, form?: LegalForm) =>
          ofCity.filter((r) => r.status === status && (!form || r.legal_form === form)).reduce((n, r) => n + Number(r.total), 0);
        return {
          registered: sum(OrganizationStatus.REGISTERED),
          pending: sum(OrganizationStatus.PENDING),
          byLegalForm: Object.values(LegalForm).map((legalForm) => ({ legalForm, count: sum(OrganizationStatus.REGISTERED, legalForm) })),
        };
      });
    });
    return loader.load(city.id);
  }
}
