import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { defaultSubgraphUrl } from '../gateway/src/config.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.js';
import { buildDefinitionSchema } from '../subgraphs/shared/subgraph.js';
import { SUBGRAPHS } from '../subgraphs/index.js';

export interface Composition {
  /** Each subgraph's SDL, as `schema/<name>.graphql`. */
  subgraphs: Partial<Record<SubgraphName, string>>;
  /** The composed supergraph, as `schema/supergraph.graphql`. */
  supergraph: string;
}

/**
 * Prints every subgraph's schema from its code (no database needed) and composes them
 * with @apollo/composition, exactly as the gateway will plan. Throws with every
 * composition error listed.
 */
export async function composeSupergraph(): Promise<Composition> {
  const subgraphs: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const definition = SUBGRAPHS[name];
    if (!definition) continue;
    subgraphs[name] = `${printSubgraphSchema(await buildDefinitionSchema(definition)).trim()}\n`;
  }
  const result = composeServices(
    Object.entries(subgraphs).map(([name, sdl]) => ({
      name,
      url: defaultSubgraphUrl(name as SubgraphName),
      typeDefs: parse(sdl),
    })),
  );
  if (result.errors?.length || !result.supergraphSdl) {
    throw new Error(`Composition failed:\n${(result.errors ?? []).map((e) => `- ${e.message}`).join('\n')}`);
  }
  return { subgraphs, supergraph: `${result.supergraphSdl.trim()}\n` };
}
