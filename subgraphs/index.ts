import type { SubgraphName } from './shared/config.js';
import type { SubgraphDefinition } from './shared/subgraph.js';
import { consultationsSubgraph } from './consultations/consultations.subgraph.js';
import { heritageSubgraph } from './heritage/heritage.subgraph.js';
import { petitionsSubgraph } from './petitions/petitions.subgraph.js';
import { registrySubgraph } from './registry/registry.subgraph.js';

/** Every subgraph of the graph, by name. */
export const SUBGRAPHS: Partial<Record<SubgraphName, SubgraphDefinition>> = {
  petitions: petitionsSubgraph,
  consultations: consultationsSubgraph,
  registry: registrySubgraph,
  heritage: heritageSubgraph,
};
