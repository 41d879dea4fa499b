import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { MAX_SUBJECT_LENGTH } from '../../../lib/identity.js';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { cacheHint, INHERIT } from '../../shared/cache-hints.js';
import { SourceDocument } from '../document/source-document.entity.js';
import { Measure } from '../measure/measure.entity.js';
import { MeasureStatus } from '../measure/measure.enums.js';
import { DecimalColumn } from '../money/decimal.column.js';
import { ProgrammeReport } from '../report/programme-report.entity.js';

/**
 * What a report says of one measure: the status as written and normalised, what was done,
 * what was spent, why not. One per report and measure; every change to it is kept in
 * `measure_progress_change`, with who made it and when.
 */
@Entity({ tableName: 'measure_progress' })
@Unique({ properties: ['report', 'measure'] })
@Index({ properties: ['measure'] })
@Directive(cacheHint(INHERIT))
@ObjectType({ description: 'What a report says of a measure.' })
export class MeasureProgress {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @ManyToOne({ entity: () => ProgrammeReport, deleteRule: 'cascade', ref: true })
  report!: Ref<ProgrammeReport>;

  @ManyToOne({ entity: () => Measure, deleteRule: 'cascade', ref: true })
  measure!: Ref<Measure>;

  @Property({ type: 'string', length: 16 })
  @Field(() => MeasureStatus)
  status!: MeasureStatus;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The status as the report words it (`Виконано частково (без відповідного фінансування)`).' })
  statusText!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What was done in the period.' })
  text!: string | null;

  @Property({ type: DecimalColumn, nullable: true })
  spent!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was not (fully) done.' })
  reasons!: string | null;

  @Property({ type: 'json' })
  @Field(() => [String], { description: 'Links (https) to evidence of what was done.' })
  evidenceUrls!: string[];

  /** Spending per source, when the report states it: `[{ source, amount }]`. */
  @Property({ type: 'json' })
  spentBySource!: { source: string; amount: string }[];

  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH })
  recordedBy!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When this entry was last changed.' })
  recordedAt!: Date;

  @ManyToOne({ entity: () => SourceDocument, nullable: true, ref: true })
  document!: Ref<SourceDocument> | null;

  @Property({ type: 'json' })
  lines!: Record<string, number>;
}
