import type { SubgraphDefinition } from '../shared/subgraph.js';
import { placeResolvers } from './federation.js';
import { seedOrganizations } from './demo/organizations.seeder.js';
import { OrganizationDocument } from './document/document.entity.js';
import { registryMigrations } from './migrations/index.js';
import { Organization } from './organization/organization.entity.js';
import { organizationById } from './organization/organization.loader.js';
import { DistrictOrganizationsResolver, OrganizationResolver } from './organization/organization.resolver.js';
import { CityRegistryStatsResolver } from './stats/registry-stats.resolver.js';

/** The civil-society organisations registry: owns `Organization`; adds organisations to districts and figures to cities. */
export const registrySubgraph: SubgraphDefinition = {
  name: 'registry',
  entities: [Organization, OrganizationDocument],
  migrations: registryMigrations,
  resolvers: [...placeResolvers, OrganizationResolver, DistrictOrganizationsResolver, CityRegistryStatsResolver],
  references: {
    Organization: (ref, ctx) => organizationById(ctx).load(ref.id),
  },
  isEmpty: async (em) => (await em.count(Organization, {})) === 0,
  seedDemo: seedOrganizations,
};
