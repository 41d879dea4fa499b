import type { SubgraphDefinition } from '../shared/subgraph.js';
import { placeResolvers, residentResolvers } from './federation.js';
import { keyOnly } from '../shared/refs.js';
import { residentReference } from '../shared/resident.graphql.js';
import { ResidentSignaturesResolver } from './signature/signed-petitions.resolver.js';
import { seedPetitions } from './demo/petitions.seeder.js';
import { DistrictPetitionsResolver, HeritageObjectPetitionsResolver, OrganizationPetitionsResolver } from './links/petitions-of.resolver.js';
import { PetitionHeritageObject } from './links/petition-heritage-object.entity.js';
import { petitionsMigrations } from './migrations/index.js';
import { Petition } from './petition/petition.entity.js';
import { petitionById } from './petition/petition.loader.js';
import { PetitionResolver } from './petition/petition.resolver.js';
import { Signature } from './signature/signature.entity.js';
import { CityPetitionStatsResolver } from './stats/petition-stats.resolver.js';

/** The e-petitions subgraph: owns `Petition`; adds petitions to districts, organisations, heritage objects and cities. */
export const petitionsSubgraph: SubgraphDefinition = {
  name: 'petitions',
  entities: [Petition, PetitionHeritageObject, Signature],
  migrations: petitionsMigrations,
  resolvers: [
    ...placeResolvers,
    ...residentResolvers,
    ResidentSignaturesResolver,
    PetitionResolver,
    DistrictPetitionsResolver,
    OrganizationPetitionsResolver,
    HeritageObjectPetitionsResolver,
    CityPetitionStatsResolver,
  ],
  references: {
    Petition: (ref, ctx) => petitionById(ctx).load(ref.id),
    Organization: keyOnly,
    HeritageObject: keyOnly,
    Resident: residentReference,
  },
  isEmpty: async (em) => (await em.count(Petition, {})) === 0,
  seedDemo: seedPetitions,
};
