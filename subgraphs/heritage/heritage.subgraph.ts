import type { SubgraphDefinition } from '../shared/subgraph.js';
import { placeResolvers } from './federation.js';
import { keyOnly } from '../shared/refs.js';
import { ConditionRecord } from './condition/condition-record.entity.js';
import { seedHeritage } from './demo/heritage.seeder.js';
import { HeritageObject } from './heritage-object/heritage-object.entity.js';
import { heritageObjectById } from './heritage-object/heritage-object.loader.js';
import {
  DistrictHeritageObjectsResolver,
  HeritageObjectResolver,
  OrganizationHeritageResolver,
} from './heritage-object/heritage-object.resolver.js';
import { HeritageSteward } from './links/heritage-steward.entity.js';
import { heritageMigrations } from './migrations/index.js';
import { CityHeritageStatsResolver } from './stats/heritage-stats.resolver.js';

/** Cultural heritage: owns `HeritageObject`; adds monuments to districts and organisations, figures to cities. */
export const heritageSubgraph: SubgraphDefinition = {
  name: 'heritage',
  entities: [HeritageObject, ConditionRecord, HeritageSteward],
  migrations: heritageMigrations,
  resolvers: [...placeResolvers, HeritageObjectResolver, DistrictHeritageObjectsResolver, OrganizationHeritageResolver, CityHeritageStatsResolver],
  references: {
    HeritageObject: (ref, ctx) => heritageObjectById(ctx).load(ref.id),
    Organization: keyOnly,
  },
  isEmpty: async (em) => (await em.count(HeritageObject, {})) === 0,
  seedDemo: seedHeritage,
};
