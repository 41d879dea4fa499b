import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { MAX_SUBJECT_LENGTH } from '../../../lib/identity.js';
import { SourceDocument } from '../document/source-document.entity.js';
import { MeasureStatus } from '../measure/measure.enums.js';
import { DecimalColumn } from '../money/decimal.column.js';
import { MeasureProgress } from './measure-progress.entity.js';

/** One change to a report's entry for a measure, as it was made: append-only, with who and when. */
@Entity({ tableName: 'measure_progress_change' })
@Index({ properties: ['progress', 'changedAt'] })
export class MeasureProgressChange {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne({ entity: () => MeasureProgress, deleteRule: 'cascade', ref: true })
  progress!: Ref<MeasureProgress>;

  /** The official's id, or `import:<sha256>` for an imported report. */
  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH })
  changedBy!: string;

  @Property({ type: 'datetime' })
  changedAt!: Date;

  @Property({ type: 'string', length: 16 })
  status!: MeasureStatus;

  @Property({ type: 'text', nullable: true })
  text!: string | null;

  @Property({ type: DecimalColumn, nullable: true })
  spent!: string | null;

  @Property({ type: 'text', nullable: true })
  reasons!: string | null;

  @Property({ type: 'json' })
  evidenceUrls!: string[];

  @ManyToOne({ entity: () => SourceDocument, nullable: true, ref: true })
  document!: Ref<SourceDocument> | null;
}
