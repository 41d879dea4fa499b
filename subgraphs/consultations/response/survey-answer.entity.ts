import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Directive, Field, ObjectType } from 'type-graphql';
import { cacheHint, PRIVATE } from '../../shared/cache-hints.js';
import { SurveyOption } from '../survey/survey-option.entity.js';
import { SurveyQuestion } from '../survey/survey-question.entity.js';
import { SurveyResponse } from './survey-response.entity.js';

/**
 * One answer of a response: the option chosen (one row per option of a MULTIPLE_CHOICE
 * question), the text written (TEXT, never published) or the value given (SCALE).
 */
@Entity({ tableName: 'survey_answer' })
// Staff read it only (SurveyQuestion.textAnswers).
@Directive(cacheHint(PRIVATE))
@ObjectType('SurveyTextAnswer', { description: 'A free-text answer, without who wrote it.' })
@Index({ properties: ['response'] })
@Index({ properties: ['question'] })
@Index({ properties: ['option'] })
export class SurveyAnswer {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne({ entity: () => SurveyResponse, deleteRule: 'cascade', ref: true })
  response!: Ref<SurveyResponse>;

  @ManyToOne({ entity: () => SurveyQuestion, deleteRule: 'cascade', ref: true })
  question!: Ref<SurveyQuestion>;

  @ManyToOne({ entity: () => SurveyOption, nullable: true, deleteRule: 'cascade', ref: true })
  option!: Ref<SurveyOption> | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String)
  text!: string | null;

  @Property({ type: 'integer', nullable: true })
  value!: number | null;
}
