import type { SubgraphDefinition } from '../shared/subgraph.js';
import { placeResolvers, residentResolvers } from './federation.js';
import { keyOnly } from '../shared/refs.js';
import { residentReference } from '../shared/resident.graphql.js';
import { ResidentSignaturesResolver } from './signature/signed-petitions.resolver.js';
import { seedPetitions } from './demo/petitions.seeder.js';
import { petitionsSandboxExamples } from './demo/petitions.examples.js';
import { seedPetitionVolume } from './demo/petitions.volume.js';
import { DistrictPetitionsResolver, HeritageObjectPetitionsResolver, OrganizationPetitionsResolver } from './links/petitions-of.resolver.js';
import { PetitionHeritageObject } from './links/petition-heritage-object.entity.js';
import { petitionsMigrations } from './migrations/index.js';
import { Petition } from './petition/petition.entity.js';
import { petitionById } from './petition/petition.loader.js';
import { PetitionResolver } from './petition/petition.resolver.js';
import { privateForSignedIn } from './petition/petition.visibility.js';
import { PetitionMutationResolver } from './petition/petition.mutation.js';
import { PetitionSubscriptionResolver } from './petition/petition.subscription.js';
import { PetitionNumber } from './petition/petition-number.entity.js';
import { DEFAULT_PETITION_RULES, type PetitionRulesBook } from './petition/petition.rules.js';
import type { PetitionServices } from './petitions.services.js';
import { createPeerQuery } from '../shared/peers.js';
import { Signature } from './signature/signature.entity.js';
import { CityPetitionStatsResolver } from './stats/petition-stats.resolver.js';
import { timedEventsBackground } from '../shared/timed-events.js';
import { petitionClosings } from './petition/petition.closings.js';

export interface PetitionsSubgraphOptions {
  /** Each city's threshold and period; the defaults (Kyiv 6,000 in 60 days, Vinnytsia 250) otherwise. */
  rules?: PetitionRulesBook;
}

/** The e-petitions subgraph: owns `Petition`; adds petitions to districts, organisations, heritage objects and cities. */
export const createPetitionsSubgraph = (options: PetitionsSubgraphOptions = {}): SubgraphDefinition => ({
  name: 'petitions',
  entities: [Petition, PetitionHeritageObject, Signature, PetitionNumber],
  services: (config) => ({ rules: options.rules ?? DEFAULT_PETITION_RULES, peers: createPeerQuery(config) }) satisfies PetitionServices,
  migrations: petitionsMigrations,
  resolvers: [
    ...placeResolvers,
    ...residentResolvers,
    ResidentSignaturesResolver,
    PetitionResolver,
    PetitionMutationResolver,
    PetitionSubscriptionResolver,
    DistrictPetitionsResolver,
    OrganizationPetitionsResolver,
    HeritageObjectPetitionsResolver,
    CityPetitionStatsResolver,
  ],
  references: {
    Petition: (ref, ctx, info) => {
      privateForSignedIn(info, ctx.viewer);
      return petitionById(ctx).load(ref.id);
    },
    Organization: keyOnly,
    HeritageObject: keyOnly,
    Resident: residentReference,
  },
  isEmpty: async (em) => (await em.count(Petition, {})) === 0,
  seedDemo: seedPetitions,
  seedVolume: seedPetitionVolume,
  sandboxExamples: petitionsSandboxExamples,
  // PetitionClosed: no write closes a petition, time does.
  background: timedEventsBackground([petitionClosings]),
});

export const petitionsSubgraph = createPetitionsSubgraph();
