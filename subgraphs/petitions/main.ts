import 'reflect-metadata';
import { parseSubgraphConfig } from '../shared/config.js';
import { runSubgraph } from '../shared/subgraph.js';
import { petitionsSubgraph } from './petitions.subgraph.js';

await runSubgraph(petitionsSubgraph, parseSubgraphConfig('petitions'));
