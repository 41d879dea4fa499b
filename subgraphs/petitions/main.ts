import 'reflect-metadata';
import { parseSubgraphConfig } from '../shared/config.js';
import { runSubgraph } from '../shared/subgraph.js';
import { parsePetitionRules } from './petition/petition.rules.js';
import { createPetitionsSubgraph } from './petitions.subgraph.js';

await runSubgraph(createPetitionsSubgraph({ rules: parsePetitionRules(process.env) }), parseSubgraphConfig('petitions'));
