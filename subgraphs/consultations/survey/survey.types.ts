import { Field, ObjectType } from 'type-graphql';
import { SurveyQuestion } from './survey-question.entity.js';

@ObjectType({ description: 'A consultation\u02bcs survey: its questions in order, with how many chose each option.' })
export class Survey {
  @Field(() => [SurveyQuestion])
  questions!: SurveyQuestion[];
}
