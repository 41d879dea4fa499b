import { keyOnly } from '../shared/refs.js';
import { residentReference } from '../shared/resident.graphql.js';
import type { SubgraphDefinition } from '../shared/subgraph.js';
import { programmesSandboxExamples } from './demo/programmes.examples.js';
import { seedProgrammes } from './demo/programmes.seeder.js';
import { seedProgrammeVolume } from './demo/programmes.volume.js';
import { SourceDocument } from './document/source-document.entity.js';
import { placeResolvers, residentResolvers } from './federation.js';
import { Goal } from './goal/goal.entity.js';
import { GoalResolver } from './goal/goal.resolver.js';
import { CityProgrammesResolver } from './links/city-programmes.resolver.js';
import { OrganizationMeasuresResolver } from './links/organization-measures.resolver.js';
import { FundingLine } from './measure/funding-line.entity.js';
import { MeasureParty } from './measure/measure-party.entity.js';
import { Measure } from './measure/measure.entity.js';
import { measureById } from './measure/measure.loader.js';
import { MeasureResolver } from './measure/measure.resolver.js';
import { programmesMigrations } from './migrations/index.js';
import { MeasureProgressChange } from './progress/measure-progress-change.entity.js';
import { MeasureProgress } from './progress/measure-progress.entity.js';
import { MeasureProgressResolver } from './progress/progress.resolver.js';
import { Programme } from './programme/programme.entity.js';
import { programmeById } from './programme/programme.loader.js';
import { ProgrammeResolver } from './programme/programme.resolver.js';
import { ProgrammeReport } from './report/programme-report.entity.js';
import { reportById } from './report/report.loader.js';
import { ProgrammeReportMutationResolver } from './report/report.mutation.js';
import { ProgrammeReportResolver } from './report/report.resolver.js';

/**
 * The programme-accountability subgraph: owns `Programme`, `Measure` and `ProgrammeReport`,
 * read from the cities' own programmes, plans and reports (see import/); adds programmes to
 * cities and programme measures to organisations.
 */
export const programmesSubgraph: SubgraphDefinition = {
  name: 'programmes',
  entities: [SourceDocument, Programme, Goal, Measure, MeasureParty, FundingLine, ProgrammeReport, MeasureProgress, MeasureProgressChange],
  migrations: programmesMigrations,
  resolvers: [
    ...placeResolvers,
    ...residentResolvers,
    CityProgrammesResolver,
    ProgrammeResolver,
    GoalResolver,
    MeasureResolver,
    MeasureProgressResolver,
    ProgrammeReportResolver,
    ProgrammeReportMutationResolver,
    OrganizationMeasuresResolver,
  ],
  references: {
    Programme: (ref, ctx) => programmeById(ctx).load(ref.id),
    Measure: (ref, ctx) => measureById(ctx).load(ref.id),
    ProgrammeReport: (ref, ctx) => reportById(ctx).load(ref.id),
    Organization: keyOnly,
    Resident: residentReference,
  },
  isEmpty: async (em) => (await em.count(Programme, {})) === 0,
  seedDemo: seedProgrammes,
  seedVolume: seedProgrammeVolume,
  sandboxExamples: programmesSandboxExamples,
};
