import 'reflect-metadata';
import { parseSubgraphConfig } from '../shared/config.js';
import { runSubgraph } from '../shared/subgraph.js';
import { consultationsSubgraph } from './consultations.subgraph.js';

await runSubgraph(consultationsSubgraph, parseSubgraphConfig('consultations'));
