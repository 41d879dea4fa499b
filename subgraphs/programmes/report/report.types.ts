import { Directive, Field, ObjectType } from 'type-graphql';
import { cacheHint, INHERIT, PRIVATE } from '../../shared/cache-hints.js';
import { Measure } from '../measure/measure.entity.js';
import { DecimalScalar } from '../money/decimal.scalar.js';
import { MeasureProgress } from '../progress/measure-progress.entity.js';
import { ProgrammeReport } from './programme-report.entity.js';

@Directive(cacheHint(INHERIT))
@ObjectType({
  description:
    'A report\u02bcs money, thousand UAH: the totals it states and the sums of its lines side by side, and their differences, so that a report whose totals do not add up shows it.',
})
export class ReportTotals {
  @Field(() => DecimalScalar, { nullable: true, description: 'The planned total the report states (e.g. "Заплановані бюджетні асигнування … з урахуванням змін").' })
  plannedStated!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'The spending the report states ("Проведені видатки за звітний період").' })
  spentStated!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'The deviation the report states ("Відхилення").' })
  deviationStated!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'The sum of the amounts the programme plans for the years of the report\u02bcs period (every measure, every source); null when none is planned.',
  })
  plannedSum!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'The sum of the spending on the report\u02bcs lines; null when no line states spending.' })
  spentSum!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'plannedSum − spentSum.' })
  deviationSum!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'plannedSum − plannedStated: what the lines plan beyond (or short of) the stated total.' })
  plannedDifference!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'spentSum − spentStated.' })
  spentDifference!: string | null;
}

// A mutation's answer is the caller's.
@Directive(cacheHint(PRIVATE))
@ObjectType({ description: 'What a report mutation returns: the report as it now is.' })
export class ProgrammeReportPayload {
  @Field(() => ProgrammeReport)
  report!: ProgrammeReport;
}

@Directive(cacheHint(PRIVATE))
@ObjectType({ description: 'What recordMeasureProgress returns: the measure and the entry as they now are.' })
export class MeasureProgressPayload {
  @Field(() => Measure)
  measure!: Measure;

  @Field(() => MeasureProgress)
  progress!: MeasureProgress;
}
