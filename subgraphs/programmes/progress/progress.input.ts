import { Field, ID, InputType } from 'type-graphql';
import { MeasureStatus } from '../measure/measure.enums.js';
import { DecimalScalar } from '../money/decimal.scalar.js';

@InputType({ description: 'What an official records of a measure in a draft report: replaces the measure\u02bcs entry in that report (every change is kept).' })
export class RecordMeasureProgressInput {
  @Field(() => ID)
  measureId!: string;

  @Field(() => ID, { description: 'A DRAFT report on the measure\u02bcs programme.' })
  reportId!: string;

  @Field(() => MeasureStatus, { description: 'Any status but NOT_REPORTED.' })
  status!: MeasureStatus;

  @Field(() => String, { description: 'What was done in the period (1 to 20,000 characters).' })
  text!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Thousand UAH spent in the period: a non-negative decimal string such as "1234.5".' })
  spent?: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was not (fully) done.' })
  reasons?: string | null;

  @Field(() => [String], { nullable: true, description: 'https links to evidence (at most 20).' })
  evidenceUrls?: string[] | null;
}
