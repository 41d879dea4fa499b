import 'reflect-metadata';
import { parseSubgraphConfig } from '../shared/config.js';
import { runSubgraph } from '../shared/subgraph.js';
import { programmesSubgraph } from './programmes.subgraph.js';

await runSubgraph(programmesSubgraph, parseSubgraphConfig('programmes'));
