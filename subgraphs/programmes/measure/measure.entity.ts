import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { cacheHint, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import { SourceDocument } from '../document/source-document.entity.js';
import { Goal } from '../goal/goal.entity.js';
import { Programme } from '../programme/programme.entity.js';
import { MeasureStatus } from './measure.enums.js';

/**
 * A measure of a programme (захід, крок), numbered as its document numbers it. `status` is
 * what the latest published report says of it, kept on the row (written with each
 * published report) so lists filter and count by it.
 */
@Entity({ tableName: 'measure' })
@Unique({ properties: ['programme', 'measureKey'] })
@Index({ properties: ['programme', 'position'] })
@Index({ properties: ['programme', 'status', 'position'] })
@Directive('@key(fields: "id")')
@Directive(cacheHint(PUBLIC_SHORT))
@ObjectType({ description: 'A measure of a programme: what the city promised to do, by when, with whom and with what money, and how it went.' })
export class Measure {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @ManyToOne({ entity: () => Programme, deleteRule: 'cascade', ref: true })
  programme!: Ref<Programme>;

  @ManyToOne({ entity: () => Goal, nullable: true, deleteRule: 'set null', ref: true })
  goal!: Ref<Goal> | null;

  /** The number, `#2` added to a number the document repeats. */
  @Property({ type: 'string', length: 64 })
  measureKey!: string;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'string', length: 32 })
  @Field(() => String, { description: 'As the document numbers it (`1.8.2`); a step of a commitment is `commitment.step`.' })
  number!: string;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => String, { nullable: true, description: 'The number exactly as in its cell, when it differs (a step\u02bcs `3`).' })
  numberAsWritten!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The heading it is grouped under (`1.8. Забезпечення діяльності …`).' })
  heading!: string | null;

  @Property({ type: 'text' })
  @Field(() => String)
  title!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The deadline as written (`протягом 2025 - 2027 років`, `02.2025-03.2025`).' })
  deadline!: string | null;

  /** The deadline as a period, ISO dates, when it can be read. */
  @Property({ type: 'string', length: 10, nullable: true })
  periodStart!: string | null;

  @Property({ type: 'string', length: 10, nullable: true })
  periodEnd!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  expectedResults!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Indicators of completion, as written.' })
  indicators!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What the document says instead of amounts ("Фінансування не потребує").' })
  fundingNote!: string | null;

  @Property({ type: 'string', length: 16 })
  @Field(() => MeasureStatus, { description: 'What the latest published report says of it; NOT_REPORTED when none does.' })
  status!: MeasureStatus;

  @ManyToOne({ entity: () => SourceDocument, ref: true })
  document!: Ref<SourceDocument>;

  @Property({ type: 'json' })
  lines!: Record<string, number>;
}
