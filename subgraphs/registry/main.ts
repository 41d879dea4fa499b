import 'reflect-metadata';
import { parseSubgraphConfig } from '../shared/config.js';
import { runSubgraph } from '../shared/subgraph.js';
import { registrySubgraph } from './registry.subgraph.js';

await runSubgraph(registrySubgraph, parseSubgraphConfig('registry'));
