import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { sourceOf } from '../document/document-source.js';
import { DocumentSource } from '../document/document-source.types.js';
import { Measure } from '../measure/measure.entity.js';
import { measureById } from '../measure/measure.loader.js';
import { DecimalScalar } from '../money/decimal.scalar.js';
import { ProgrammeReport } from '../report/programme-report.entity.js';
import { reportById } from '../report/report.loader.js';
import { MeasureProgress } from './measure-progress.entity.js';

@Resolver(() => MeasureProgress)
export class MeasureProgressResolver {
  @FieldResolver(() => ProgrammeReport)
  async report(@Root() progress: MeasureProgress, @Ctx() ctx: RequestContext): Promise<ProgrammeReport> {
    // Entries are only ever listed for reports the caller may see.
    return (await reportById(ctx).load(progress.report.id))!;
  }

  @FieldResolver(() => Measure)
  async measure(@Root() progress: MeasureProgress, @Ctx() ctx: RequestContext): Promise<Measure> {
    return (await measureById(ctx).load(progress.measure.id))!;
  }

  @FieldResolver(() => DecimalScalar, { nullable: true, description: 'Thousand UAH spent in the report\u02bcs period; null when not stated.' })
  spent(@Root() progress: MeasureProgress): string | null {
    return progress.spent;
  }

  @FieldResolver(() => DocumentSource, { nullable: true, description: 'The document and line it was read from; null when an official recorded it.' })
  source(@Root() progress: MeasureProgress, @Ctx() ctx: RequestContext): Promise<DocumentSource | null> {
    return sourceOf(ctx, progress.document?.id, progress.lines.status ?? progress.lines.text ?? progress.lines.spent);
  }
}
