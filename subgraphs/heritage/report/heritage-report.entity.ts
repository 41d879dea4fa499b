import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { cacheHint, PRIVATE } from '../../shared/cache-hints.js';
import { HeritageObject } from '../heritage-object/heritage-object.entity.js';
import { HeritageCondition } from '../heritage-object/heritage-object.enums.js';
import { HeritageReportStatus } from './heritage-report.enums.js';
import { MAX_SUBJECT_LENGTH } from '../../../lib/identity.js';

/**
 * A resident's report of a monument's condition (war damage, neglect), waiting for an
 * inspector. Who reported is personal data: it is shown to the reporter only (`me`).
 */
@Entity({ tableName: 'heritage_report' })
@Index({ properties: ['reporter', 'submittedAt'] })
@Index({ properties: ['city', 'status', 'submittedAt'] })
// The reporter's own (through `me` or their mutation).
@Directive(cacheHint(PRIVATE))
@ObjectType({ description: 'A resident\u02bcs report of a monument\u02bcs condition and what an inspector decided.' })
export class HeritageReport {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @ManyToOne({ entity: () => HeritageObject, deleteRule: 'cascade', ref: true })
  heritageObject!: Ref<HeritageObject>;

  /** The identity provider's subject of the reporter. */
  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH })
  reporter!: string;

  /** Copied from the monument: inspectors act in their own city. */
  @Property({ type: 'string', length: 32 })
  city!: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => HeritageCondition, { description: 'The condition the resident reports.' })
  condition!: HeritageCondition;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'What the resident saw, in their own words.' })
  note!: string;

  @Property({ type: 'json' })
  @Field(() => [String], { description: 'Links to photographs (http or https).' })
  photoUrls!: string[];

  @Property({ type: 'string', length: 16 })
  @Field(() => HeritageReportStatus)
  status!: HeritageReportStatus;

  @Property({ type: 'datetime' })
  @Field(() => Date)
  submittedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true })
  reviewedAt!: Date | null;

  /** The inspector who decided: staff accountability, not public. */
  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH, nullable: true })
  reviewer!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why an inspector declined it.' })
  declineReason!: string | null;

  /** SHA-256 of reporter, monument, condition and note: a retried report is filed once. */
  @Property({ type: 'string', length: 64, nullable: true, unique: true })
  submissionKey!: string | null;
}
