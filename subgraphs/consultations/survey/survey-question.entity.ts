import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { cacheHint, INHERIT } from '../../shared/cache-hints.js';
import { Consultation } from '../consultation/consultation.entity.js';
import { SurveyQuestionKind } from './survey.enums.js';

/** One question of a consultation's survey, in the order of `position`. */
@Entity({ tableName: 'survey_question' })
@Unique({ properties: ['consultation', 'position'] })
@Directive(cacheHint(INHERIT))
@ObjectType({ description: 'A question of a survey. Free-text answers are never published; choice counts are.' })
export class SurveyQuestion {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @ManyToOne({ entity: () => Consultation, deleteRule: 'cascade', ref: true })
  consultation!: Ref<Consultation>;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'text' })
  textUk!: string;

  @Property({ type: 'text', nullable: true })
  textEn!: string | null;

  @Property({ type: 'string', length: 16 })
  @Field(() => SurveyQuestionKind)
  kind!: SurveyQuestionKind;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: 'Whether a response must answer it.' })
  required!: boolean;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Lowest value of a SCALE question; null for other kinds.' })
  scaleMin!: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Highest value of a SCALE question; null for other kinds.' })
  scaleMax!: number | null;
}
