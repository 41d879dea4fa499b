import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { cacheHint, INHERIT } from '../../shared/cache-hints.js';
import { SourceDocument } from '../document/source-document.entity.js';
import { Programme } from '../programme/programme.entity.js';
import { GoalLevel } from '../programme/programme.enums.js';

/** A goal of a programme: a task, a strategic direction, a commitment, numbered as written. */
@Entity({ tableName: 'programme_goal' })
@Unique({ properties: ['programme', 'goalKey'] })
@Directive(cacheHint(INHERIT))
@ObjectType({ description: 'A goal of a programme (task, direction or commitment), numbered as its document numbers it.' })
export class Goal {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @ManyToOne({ entity: () => Programme, deleteRule: 'cascade', ref: true })
  programme!: Ref<Programme>;

  /** The number, or `#position` for an unnumbered goal. */
  @Property({ type: 'string', length: 64 })
  goalKey!: string;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => String, { nullable: true, description: 'As numbered in the document (`1`, `2.3`).' })
  number!: string | null;

  @Property({ type: 'string', length: 16 })
  @Field(() => GoalLevel)
  level!: GoalLevel;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => String, { nullable: true, description: 'The number of the goal this one belongs to (a task\u02bcs direction).' })
  parentNumber!: string | null;

  @Property({ type: 'text' })
  @Field(() => String)
  title!: string;

  @Property({ type: 'json' })
  @Field(() => [String], { description: 'Its main executors, as the document names them.' })
  executors!: string[];

  @Property({ type: 'json' })
  @Field(() => [String], { description: 'Its partners, as the document names them.' })
  partners!: string[];

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  expectedResults!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The operational goal of the city\u02bcs strategy it serves, when the document names one.' })
  strategicGoal!: string | null;

  @ManyToOne({ entity: () => SourceDocument, ref: true })
  document!: Ref<SourceDocument>;

  @Property({ type: 'json' })
  lines!: Record<string, number>;
}
