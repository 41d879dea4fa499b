import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { cacheHint, PER_VIEWER, publicForAnonymous } from '../../shared/cache-hints.js';
import type { RequestContext } from '../../shared/context.js';
import { sourceOf } from '../document/document-source.js';
import { DocumentSource } from '../document/document-source.types.js';
import { MeasureStatus } from '../measure/measure.enums.js';
import { StatusCount, statusCounts } from '../measure/measure.types.js';
import { MeasureProgress } from '../progress/measure-progress.entity.js';
import { Programme } from '../programme/programme.entity.js';
import { programmeById, statusCountsOfProgramme } from '../programme/programme.loader.js';
import { ProgrammeReport } from './programme-report.entity.js';
import { entriesOfReport, plannedForReport, reportById } from './report.loader.js';
import { reportTotals } from './report.totals.js';
import { ReportTotals } from './report.types.js';

@Resolver(() => ProgrammeReport)
export class ProgrammeReportResolver {
  @Directive(cacheHint(PER_VIEWER))
  @Query(() => ProgrammeReport, { nullable: true, description: 'A report by id; null when unknown (or a draft, unless the caller is an official of its city).' })
  programmeReport(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<ProgrammeReport | null> {
    publicForAnonymous(info, ctx.viewer);
    return reportById(ctx).load(id);
  }

  @FieldResolver(() => Programme)
  async programme(@Root() report: ProgrammeReport, @Ctx() ctx: RequestContext): Promise<Programme> {
    return (await programmeById(ctx).load(report.programme.id))!;
  }

  @FieldResolver(() => String, { description: 'First day of the period (ISO date, `2023-01-01`).' })
  periodStart(@Root() report: ProgrammeReport): string {
    return report.periodStart;
  }

  @FieldResolver(() => String, { description: 'Last day of the period, included (ISO date, `2023-03-31`).' })
  periodEnd(@Root() report: ProgrammeReport): string {
    return report.periodEnd;
  }

  @FieldResolver(() => [StatusCount], { description: 'How many of the programme\u02bcs measures the report gives each status; those it does not mention are NOT_REPORTED.' })
  async statusCounts(@Root() report: ProgrammeReport, @Ctx() ctx: RequestContext): Promise<StatusCount[]> {
    const [entries, measures] = await Promise.all([entriesOfReport(ctx).load(report.id), statusCountsOfProgramme(ctx).load(report.programme.id)]);
    const counts = new Map<MeasureStatus, number>();
    for (const entry of entries) counts.set(entry.status, (counts.get(entry.status) ?? 0) + 1);
    const measureCount = [...measures.values()].reduce((sum, n) => sum + n, 0);
    counts.set(MeasureStatus.NOT_REPORTED, (counts.get(MeasureStatus.NOT_REPORTED) ?? 0) + measureCount - entries.length);
    return statusCounts(counts);
  }

  @FieldResolver(() => ReportTotals)
  async totals(@Root() report: ProgrammeReport, @Ctx() ctx: RequestContext): Promise<ReportTotals> {
    const [planned, entries] = await Promise.all([plannedForReport(ctx).load(report.id), entriesOfReport(ctx).load(report.id)]);
    return reportTotals(report, planned, entries);
  }

  @FieldResolver(() => [MeasureProgress], { description: 'What it says of each measure.' })
  entries(@Root() report: ProgrammeReport, @Ctx() ctx: RequestContext): Promise<MeasureProgress[]> {
    return entriesOfReport(ctx).load(report.id);
  }

  @FieldResolver(() => DocumentSource, { nullable: true, description: 'The document it was imported from; null for a report officials opened here.' })
  source(@Root() report: ProgrammeReport, @Ctx() ctx: RequestContext): Promise<DocumentSource | null> {
    return sourceOf(ctx, report.document?.id, report.lines.title);
  }
}
