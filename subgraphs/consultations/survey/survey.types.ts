import { Directive, Field, ObjectType } from 'type-graphql';
import { cacheHint, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import { SurveyQuestion } from './survey-question.entity.js';

@Directive(cacheHint(PUBLIC_SHORT))
@ObjectType({ description: 'A consultation\u02bcs survey: its questions in order, with how many chose each option.' })
export class Survey {
  @Field(() => [SurveyQuestion])
  questions!: SurveyQuestion[];
}
