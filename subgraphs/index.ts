import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.js';
import type { SubgraphDefinition } from './shared/subgraph.js';

/**
 * Every subgraph of the graph, by name, loaded from the one list (lib/subgraphs.ts): each
 * is `subgraphs/<name>/<name>.subgraph.ts`, exporting `<name>Subgraph`.
 */
export const SUBGRAPHS: Readonly<Record<SubgraphName, SubgraphDefinition>> = Object.fromEntries(
  await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      const file = `./${name}/${name}.subgraph.js`;
      const module = (await import(/* @vite-ignore */ file)) as Record<string, SubgraphDefinition | undefined>;
      const definition = module[`${name}Subgraph`];
      if (!definition || definition.name !== name) throw new Error(`subgraphs/${name}/${name}.subgraph.ts must export ${name}Subgraph, named '${name}'`);
      return [name, definition] as const;
    }),
  ),
) as Record<SubgraphName, SubgraphDefinition>;
