import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'One answer: `optionIds` for choice questions, `text` for TEXT, `value` for SCALE.' })
export class SurveyAnswerInput {
  @Field(() => ID)
  questionId!: string;

  @Field(() => [ID], { nullable: true, description: 'SINGLE_CHOICE: exactly one; MULTIPLE_CHOICE: one or more, distinct.' })
  optionIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'TEXT: up to 2,000 characters. Never published.' })
  text?: string | null;

  @Field(() => Int, { nullable: true, description: 'SCALE: a whole number from the question\u02bcs `scaleMin` to `scaleMax`.' })
  value?: number | null;
}
