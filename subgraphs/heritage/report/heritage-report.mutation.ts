import { Arg, Authorized, Ctx, Directive, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import { cacheHint, PRIVATE } from '../../shared/cache-hints.js';
import type { RequestContext } from '../../shared/context.js';
import { HeritageObject } from '../heritage-object/heritage-object.entity.js';
import { HeritageCondition } from '../heritage-object/heritage-object.enums.js';
import { HeritageReport } from './heritage-report.entity.js';
import { recordCondition, reportCondition, reviewReport } from './heritage-report.commands.js';
import { ReportHeritageConditionInput, ReviewDecision } from './heritage-report.input.js';

// A mutation's answer is the caller's.
@Directive(cacheHint(PRIVATE))
@ObjectType({ description: 'What a report mutation returns: the report as it now is.' })
export class HeritageReportPayload {
  @Field(() => HeritageReport)
  report!: HeritageReport;
}

@Directive(cacheHint(PRIVATE))
@ObjectType({ description: 'The monument as it now is.' })
export class HeritageObjectPayload {
  @Field(() => HeritageObject)
  heritageObject!: HeritageObject;
}

/** Residents report; inspectors of the city review reports and record official conditions. */
@Resolver()
export class HeritageReportMutationResolver {
  @Authorized()
  @Mutation(() => HeritageReportPayload, { description: 'A resident reports a monument\u02bcs condition; it waits PENDING for an inspector.' })
  async reportHeritageCondition(@Arg('input', () => ReportHeritageConditionInput) input: ReportHeritageConditionInput, @Ctx() ctx: RequestContext): Promise<HeritageReportPayload> {
    return { report: await reportCondition(ctx, input) };
  }

  @Authorized('inspector')
  @Mutation(() => HeritageReportPayload, { description: 'An inspector of the city accepts a report into the history, or declines it (reason required).' })
  async reviewHeritageReport(
    @Arg('id', () => ID) id: string,
    @Arg('decision', () => ReviewDecision) decision: ReviewDecision,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<HeritageReportPayload> {
    return { report: await reviewReport(ctx, id, decision, reason) };
  }

  @Authorized('inspector')
  @Mutation(() => HeritageObjectPayload, { description: 'An inspector of the city records an official condition.' })
  async recordHeritageCondition(
    @Arg('heritageObjectId', () => ID) heritageObjectId: string,
    @Arg('condition', () => HeritageCondition) condition: HeritageCondition,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<HeritageObjectPayload> {
    return { heritageObject: await recordCondition(ctx, heritageObjectId, condition, note) };
  }
}
