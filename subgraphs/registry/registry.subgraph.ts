import type { SubgraphDefinition } from '../shared/subgraph.js';
import { placeResolvers, residentResolvers } from './federation.js';
import { residentReference } from '../shared/resident.graphql.js';
import { OrganizationMutationResolver } from './organization/organization.mutation.js';
import { OrganizationRepresentative } from './representative/organization-representative.entity.js';
import { ResidentOrganizationsResolver } from './representative/represented-organizations.resolver.js';
import { seedOrganizations } from './demo/organizations.seeder.js';
import { seedOrganizationVolume } from './demo/organizations.volume.js';
import { OrganizationDocument } from './document/document.entity.js';
import { registryMigrations } from './migrations/index.js';
import { Organization } from './organization/organization.entity.js';
import { organizationById } from './organization/organization.loader.js';
import { DistrictOrganizationsResolver, OrganizationResolver } from './organization/organization.resolver.js';
import { CityRegistryStatsResolver } from './stats/registry-stats.resolver.js';

/** The civil-society organisations registry: owns `Organization`; adds organisations to districts and figures to cities. */
export const registrySubgraph: SubgraphDefinition = {
  name: 'registry',
  entities: [Organization, OrganizationDocument, OrganizationRepresentative],
  migrations: registryMigrations,
  resolvers: [
    ...placeResolvers,
    ...residentResolvers,
    OrganizationResolver,
    OrganizationMutationResolver,
    DistrictOrganizationsResolver,
    CityRegistryStatsResolver,
    ResidentOrganizationsResolver,
  ],
  references: {
    Organization: (ref, ctx) => organizationById(ctx).load(ref.id),
    Resident: residentReference,
  },
  isEmpty: async (em) => (await em.count(Organization, {})) === 0,
  seedDemo: seedOrganizations,
  seedVolume: seedOrganizationVolume,
};
