import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { recordProgress } from '../progress/progress.commands.js';
import { RecordMeasureProgressInput } from '../progress/progress.input.js';
import { openReport, publishReport } from './report.commands.js';
import { OpenProgrammeReportInput } from './report.input.js';
import { MeasureProgressPayload, ProgrammeReportPayload } from './report.types.js';

/** Officials of a programme's city open a report for a period, record progress per measure, and publish it. */
@Resolver()
export class ProgrammeReportMutationResolver {
  @Authorized('official')
  @Mutation(() => ProgrammeReportPayload, { description: 'An official of the programme\u02bcs city opens a DRAFT report for a period.' })
  async openProgrammeReport(@Arg('input', () => OpenProgrammeReportInput) input: OpenProgrammeReportInput, @Ctx() ctx: RequestContext): Promise<ProgrammeReportPayload> {
    return { report: await openReport(ctx, input) };
  }

  @Authorized('official')
  @Mutation(() => MeasureProgressPayload, { description: 'An official of the programme\u02bcs city records a measure\u02bcs progress in a DRAFT report.' })
  async recordMeasureProgress(@Arg('input', () => RecordMeasureProgressInput) input: RecordMeasureProgressInput, @Ctx() ctx: RequestContext): Promise<MeasureProgressPayload> {
    return recordProgress(ctx, input);
  }

  @Authorized('official')
  @Mutation(() => ProgrammeReportPayload, { description: 'An official of the programme\u02bcs city publishes a DRAFT report; published, it never changes.' })
  async publishProgrammeReport(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ProgrammeReportPayload> {
    return { report: await publishReport(ctx, id) };
  }
}
