import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { cacheHint, PRIVATE } from '../../shared/cache-hints.js';
import type { RequestContext } from '../../shared/context.js';
import { pageSize } from '../../shared/pagination.js';
import { requireSelf, type ResidentRef } from '../../shared/resident.graphql.js';
import { Resident } from '../federation.js';
import { HeritageObject } from '../heritage-object/heritage-object.entity.js';
import { heritageObjectById } from '../heritage-object/heritage-object.loader.js';
import { HeritageReport } from './heritage-report.entity.js';

@Resolver(() => HeritageReport)
export class HeritageReportResolver {
  @FieldResolver(() => HeritageObject, { nullable: true })
  heritageObject(@Root() report: HeritageReport, @Ctx() ctx: RequestContext): Promise<HeritageObject | null> {
    return heritageObjectById(ctx).load(report.heritageObject.id);
  }
}

@Resolver(() => Resident)
export class ResidentHeritageReportsResolver {
  @Directive(cacheHint(PRIVATE))
  @FieldResolver(() => [HeritageReport], { description: 'Condition reports this resident made, newest first.' })
  heritageReports(
    @Root() resident: ResidentRef,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: 'How many, at most 100.' }) first: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<HeritageReport[]> {
    requireSelf(ctx, resident);
    return ctx.em.find(HeritageReport, { reporter: resident.id }, { orderBy: { submittedAt: 'desc', id: 'desc' }, limit: pageSize(first) });
  }
}
