import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { MAX_SUBJECT_LENGTH } from '../../../lib/identity.js';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { cacheHint, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import { SourceDocument } from '../document/source-document.entity.js';
import { DecimalColumn } from '../money/decimal.column.js';
import { Programme } from '../programme/programme.entity.js';
import { ReportState } from './report.enums.js';

/**
 * A report on a programme for a period: imported as the city published it, or opened by
 * an official, filled in measure by measure and published. One per programme and period.
 * It keeps the totals it states beside the sums of its lines (computed, never stored).
 */
@Entity({ tableName: 'programme_report' })
@Unique({ properties: ['programme', 'periodStart', 'periodEnd'] })
@Directive('@key(fields: "id")')
@Directive(cacheHint(PUBLIC_SHORT))
@ObjectType({ description: 'A report on a programme for a period: each measure\u02bcs status, progress and spending, and the totals it states.' })
export class ProgrammeReport {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @ManyToOne({ entity: () => Programme, deleteRule: 'cascade', ref: true })
  programme!: Ref<Programme>;

  @Property({ type: 'text' })
  @Field(() => String)
  title!: string;

  /** First and last day of the period, ISO dates. */
  @Property({ type: 'string', length: 10 })
  periodStart!: string;

  @Property({ type: 'string', length: 10 })
  periodEnd!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The period as the report words it (`за січень – березень 2023 року`).' })
  periodText!: string | null;

  /** The programme's city, kept here so that who may see a draft is known from the row alone. */
  @Property({ type: 'string', length: 32 })
  city!: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => ReportState)
  state!: ReportState;

  /**
   * When an entry was last recorded. Each recording updates it where the report is still a
   * DRAFT, in the recording's transaction: that row lock orders recordings and publication,
   * so nothing is recorded into a report once it is published.
   */
  @Property({ type: 'datetime' })
  lastChangedAt!: Date;

  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH })
  openedBy!: string;

  @Property({ type: 'datetime' })
  openedAt!: Date;

  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH, nullable: true })
  publishedBy!: string | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;

  /** Totals the report states (thousand UAH). */
  @Property({ type: DecimalColumn, nullable: true })
  plannedStated!: string | null;

  @Property({ type: DecimalColumn, nullable: true })
  spentStated!: string | null;

  @Property({ type: DecimalColumn, nullable: true })
  deviationStated!: string | null;

  /** Spending per source as the report states it: `[{ source, amount, line }]`. */
  @Property({ type: 'json' })
  spentStatedBySource!: { source: string; amount: string; line: number }[];

  /** The document it was imported from; null for a report opened by an official. */
  @ManyToOne({ entity: () => SourceDocument, nullable: true, ref: true })
  document!: Ref<SourceDocument> | null;

  @Property({ type: 'json' })
  lines!: Record<string, number>;
}
