import type { SubgraphDefinition } from '../shared/subgraph.js';
import { placeResolvers, residentResolvers } from './federation.js';
import { residentReference } from '../shared/resident.graphql.js';
import { HeritageReport } from './report/heritage-report.entity.js';
import { HeritageReportMutationResolver } from './report/heritage-report.mutation.js';
import { HeritageMedia } from './media/heritage-media.entity.js';
import { HeritageMediaResolver } from './media/heritage-media.resolver.js';
import { HeritageReportResolver, ResidentHeritageReportsResolver } from './report/heritage-report.resolver.js';
import { keyOnly } from '../shared/refs.js';
import { ConditionRecord } from './condition/condition-record.entity.js';
import { seedHeritage } from './demo/heritage.seeder.js';
import { seedHeritageVolume } from './demo/heritage.volume.js';
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
  entities: [HeritageObject, ConditionRecord, HeritageSteward, HeritageReport, HeritageMedia],
  migrations: heritageMigrations,
  resolvers: [
    ...placeResolvers,
    ...residentResolvers,
    HeritageObjectResolver,
    DistrictHeritageObjectsResolver,
    OrganizationHeritageResolver,
    CityHeritageStatsResolver,
    HeritageReportResolver,
    ResidentHeritageReportsResolver,
    HeritageReportMutationResolver,
    HeritageMediaResolver,
  ],
  references: {
    HeritageObject: (ref, ctx) => heritageObjectById(ctx).load(ref.id),
    Organization: keyOnly,
    Resident: residentReference,
  },
  isEmpty: async (em) => (await em.count(HeritageObject, {})) === 0,
  seedDemo: seedHeritage,
  seedVolume: seedHeritageVolume,
};
