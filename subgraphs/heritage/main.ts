import 'reflect-metadata';
import { parseSubgraphConfig } from '../shared/config.js';
import { runSubgraph } from '../shared/subgraph.js';
import { heritageSubgraph } from './heritage.subgraph.js';

await runSubgraph(heritageSubgraph, parseSubgraphConfig('heritage'));
