import { Field, ID, InputType } from 'type-graphql';
import { SurveyQuestionKind } from '../survey/survey.enums.js';
import { ConsultationFormat } from './consultation.enums.js';

@InputType({ description: 'A survey question as staff write it; choice questions list their options in order.' })
export class SurveyQuestionInput {
  @Field(() => String)
  text!: string;

  @Field(() => String, { nullable: true })
  textEn?: string | null;

  @Field(() => SurveyQuestionKind)
  kind!: SurveyQuestionKind;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  required?: boolean | null;

  @Field(() => [String], { nullable: true, description: 'Choice questions: 2 to 20 options, in order.' })
  options?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'English texts of the options, in the same order.' })
  optionsEn?: string[] | null;
}

@InputType({ description: 'A consultation as an official plans it; it is PLANNED until `opensAt`.' })
export class ConsultationInput {
  @Field(() => ID, { nullable: true, description: 'Required to create; a consultation cannot move to another city.' })
  city?: string | null;

  @Field(() => ID, { nullable: true })
  district?: string | null;

  @Field(() => String, { nullable: true, description: 'Required to create.' })
  title?: string | null;

  @Field(() => String, { nullable: true })
  titleEn?: string | null;

  @Field(() => String, { nullable: true, description: 'Required to create.' })
  description?: string | null;

  @Field(() => String, { nullable: true })
  descriptionEn?: string | null;

  @Field(() => ConsultationFormat, { nullable: true, description: 'Required to create.' })
  format?: ConsultationFormat | null;

  @Field(() => Date, { nullable: true, description: 'Required to create; in the future.' })
  opensAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Required to create; after `opensAt`.' })
  closesAt?: Date | null;

  @Field(() => [ID], { nullable: true, description: 'Registered organisations that organise it (replaces the list).' })
  organizerIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Heritage objects it concerns (replaces the list).' })
  heritageObjectIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The programme measure it carries out (`Measure.id`), of a programme of its city; null removes it.' })
  measureId?: string | null;

  @Field(() => [SurveyQuestionInput], { nullable: true, description: 'Its survey, replacing any earlier one; empty removes it.' })
  survey?: SurveyQuestionInput[] | null;
}
