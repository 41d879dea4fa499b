import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Directive, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { cacheHint, PER_VIEWER, publicForAnonymous } from '../../shared/cache-hints.js';
import type { RequestContext } from '../../shared/context.js';
import { nestedConnection } from '../../shared/nested.js';
import type { Connection } from '../../shared/pagination.js';
import { cityRef, type PlaceRef } from '../../shared/places.graphql.js';
import { requiredSourceOf } from '../document/document-source.js';
import { DocumentSource } from '../document/document-source.types.js';
import { City } from '../federation.js';
import { Goal } from '../goal/goal.entity.js';
import { Measure } from '../measure/measure.entity.js';
import { MeasuresArgs } from '../measure/measure.input.js';
import { MEASURE_ORDER, measureBase } from '../measure/measure.query.js';
import { MeasureConnection, StatusCount, statusCounts } from '../measure/measure.types.js';
import { ProgrammeReport } from '../report/programme-report.entity.js';
import { reportsOfProgramme } from '../report/report.loader.js';
import { Programme } from './programme.entity.js';
import { goalsOfProgramme, programmeById, statusCountsOfProgramme } from './programme.loader.js';

@Resolver(() => Programme)
export class ProgrammeResolver {
  @Query(() => Programme, { nullable: true, description: 'A programme by id; null when unknown.' })
  programme(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Programme | null> {
    return programmeById(ctx).load(id);
  }

  @FieldResolver(() => City)
  city(@Root() programme: Programme): PlaceRef {
    return cityRef(programme.city);
  }

  @FieldResolver(() => DocumentSource, { description: 'The document it was read from, and the line of its title.' })
  source(@Root() programme: Programme, @Ctx() ctx: RequestContext): Promise<DocumentSource> {
    return requiredSourceOf(ctx, programme.document.id, programme.lines.title);
  }

  @FieldResolver(() => [Goal], { description: 'Its goals (tasks, directions, commitments), in document order.' })
  goals(@Root() programme: Programme, @Ctx() ctx: RequestContext): Promise<Goal[]> {
    return goalsOfProgramme(ctx).load(programme.id);
  }

  @FieldResolver(() => [StatusCount], { description: 'How many of its measures have each status, by the latest published report on each.' })
  async statusCounts(@Root() programme: Programme, @Ctx() ctx: RequestContext): Promise<StatusCount[]> {
    return statusCounts(await statusCountsOfProgramme(ctx).load(programme.id));
  }

  @FieldResolver(() => Int)
  async measureCount(@Root() programme: Programme, @Ctx() ctx: RequestContext): Promise<number> {
    const counts = await statusCountsOfProgramme(ctx).load(programme.id);
    return [...counts.values()].reduce((sum, n) => sum + n, 0);
  }

  @Directive(cacheHint(PER_VIEWER))
  @FieldResolver(() => [ProgrammeReport], { description: 'Its published reports, in period order (and the drafts, for officials of its city).' })
  reports(@Root() programme: Programme, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<ProgrammeReport[]> {
    publicForAnonymous(info, ctx.viewer);
    return reportsOfProgramme(ctx).load(programme.id);
  }

  @FieldResolver(() => MeasureConnection, { description: 'Its measures in document order.' })
  measures(@Root() programme: Programme, @Args(() => MeasuresArgs) args: MeasuresArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Connection<Measure> {
    const list = {
      relation: 'Programme.measures',
      variant: args.filter ?? null,
      entity: Measure,
      base: measureBase(ctx.em, args.filter),
      join: (q: ReturnType<typeof measureBase>, ids: readonly string[]) => q.select('m.programme_id as __parent').whereIn('m.programme_id', [...ids]),
      order: MEASURE_ORDER,
    };
    return new MeasureConnection(nestedConnection(ctx, list, programme.id, args, info));
  }
}
