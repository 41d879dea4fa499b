import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { SourceDocument } from '../document/source-document.entity.js';
import { DecimalColumn } from '../money/decimal.column.js';
import { Measure } from './measure.entity.js';

/**
 * Money planned for a measure: a source and year with its amount (PLANNED), or a total the
 * document states over years or sources (STATED), kept to compare with the sum of parts.
 */
@Entity({ tableName: 'measure_funding' })
@Unique({ properties: ['measure', 'position'] })
export class FundingLine {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne({ entity: () => Measure, deleteRule: 'cascade', ref: true })
  measure!: Ref<Measure>;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'string', length: 16 })
  kind!: 'PLANNED' | 'STATED';

  /** As written; null for a total over all sources. */
  @Property({ type: 'text', nullable: true })
  source!: string | null;

  /** Null for a total over all years, or a source named without years. */
  @Property({ type: 'integer', nullable: true })
  year!: number | null;

  /** Thousand UAH; null for a source named without an amount. */
  @Property({ type: DecimalColumn, nullable: true })
  amount!: string | null;

  @ManyToOne({ entity: () => SourceDocument, ref: true })
  document!: Ref<SourceDocument>;

  @Property({ type: 'integer' })
  line!: number;
}
