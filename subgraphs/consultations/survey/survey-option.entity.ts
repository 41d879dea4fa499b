import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { cacheHint, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import { SurveyQuestion } from './survey-question.entity.js';

/**
 * One option of a choice question, in the order of `position`. How many responses chose
 * it is kept on the row, updated in the same transaction as each response.
 */
@Entity({ tableName: 'survey_option' })
@Unique({ properties: ['question', 'position'] })
// Its count moves with each response.
@Directive(cacheHint(PUBLIC_SHORT))
@ObjectType({ description: 'An option of a SINGLE_CHOICE or MULTIPLE_CHOICE question.' })
export class SurveyOption {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @ManyToOne({ entity: () => SurveyQuestion, deleteRule: 'cascade', ref: true })
  question!: Ref<SurveyQuestion>;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'text' })
  textUk!: string;

  @Property({ type: 'text', nullable: true })
  textEn!: string | null;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Responses that chose this option.' })
  responseCount!: number;
}
