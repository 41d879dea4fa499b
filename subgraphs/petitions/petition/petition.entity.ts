import { Collection, Entity, Index, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { cacheHint, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import { PetitionHeritageObject } from '../links/petition-heritage-object.entity.js';
import { PetitionStatus } from './petition.enums.js';
import { MAX_SUBJECT_LENGTH } from '../../../lib/identity.js';

/**
 * A petition to a city. Texts are stored per language; `status` is the stored lifecycle
 * state, from which the public status is derived (an OPEN petition past `closesAt` is CLOSED).
 * Signature counts are kept on the row, updated in the same transaction as each signature,
 * so lists sort by them without counting.
 */
@Entity({ tableName: 'petition' })
@Unique({ properties: ['city', 'number'] })
@Index({ properties: ['city', 'createdAt', 'id'] })
@Index({ properties: ['city', 'signatureCount', 'id'] })
@Index({ properties: ['city', 'closesAt', 'id'] })
@Index({ properties: ['district', 'createdAt', 'id'] })
// A district's open petitions (DistrictParticipation) without reading its whole history:
// at 100,000 petitions the (district, createdAt) index alone reads ~5,500 rows to find ~600.
@Index({ properties: ['district', 'status', 'closesAt'] })
// Its page, newest first: read along this index with LIMIT, not all of them sorted (1,300
// wide rows at scale 1 for a page of 5). closesAt last is checked in the index, before the row.
@Index({ properties: ['district', 'status', 'createdAt', 'id', 'closesAt'] })
@Index({ properties: ['initiatorOrganizationId', 'createdAt'] })
@Index({ properties: ['author', 'createdAt'] })
// Petitions whose closing is due and not yet recorded (petition.closings.ts), every few seconds.
@Index({ properties: ['closedEventAt', 'closesAt'] })
@Directive('@key(fields: "id")')
@Directive(cacheHint(PUBLIC_SHORT))
@ObjectType({ description: 'An electronic petition: submitted by a resident, moderated, signed, answered.' })
export class Petition {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'string', length: 24 })
  @Field(() => String, { description: 'Human reference, unique in its city, e.g. `KY-2026-0123`.' })
  number!: string;

  @Property({ type: 'string', length: 32 })
  city!: string;

  @Property({ type: 'string', length: 64, nullable: true })
  district!: string | null;

  @Property({ type: 'text' })
  titleUk!: string;

  @Property({ type: 'text', nullable: true })
  titleEn!: string | null;

  @Property({ type: 'text' })
  bodyUk!: string;

  @Property({ type: 'text', nullable: true })
  bodyEn!: string | null;

  @Property({ type: 'string', length: 16 })
  status!: PetitionStatus;

  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When a moderator admitted it for signatures.' })
  openedAt!: Date | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'End of the collection period; no signature after it.' })
  closesAt!: Date | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it reached the city\u02bcs threshold; set once.' })
  thresholdReachedAt!: Date | null;

  @Property({ type: 'integer' })
  @Field(() => Int)
  signatureCount!: number;

  @Property({ type: 'integer' })
  webSignatureCount!: number;

  @Property({ type: 'integer' })
  mobileSignatureCount!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Signatures needed for an official response (the city\u02bcs rule when admitted).' })
  signatureThreshold!: number;

  @Property({ type: 'datetime', nullable: true })
  rejectedAt!: Date | null;

  @Property({ type: 'text', nullable: true })
  rejectionReasonUk!: string | null;

  @Property({ type: 'text', nullable: true })
  rejectionReasonEn!: string | null;

  @Property({ type: 'datetime', nullable: true })
  respondedAt!: Date | null;

  @Property({ type: 'text', nullable: true })
  responseUk!: string | null;

  @Property({ type: 'text', nullable: true })
  responseEn!: string | null;

  @Property({ type: 'uuid', nullable: true })
  initiatorOrganizationId!: string | null;

  /** The resident who submitted it (the identity provider's subject): not public. */
  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH, nullable: true })
  author!: string | null;

  /**
   * SHA-256 of author, city, title and body: a retried submission finds the petition the
   * first attempt created instead of filing a duplicate, even when both race.
   */
  @Property({ type: 'string', length: 64, nullable: true, unique: true })
  submissionKey!: string | null;

  /** The moderator who decided and the official who answered: staff accountability, not public. */
  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH, nullable: true })
  moderatedBy!: string | null;

  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH, nullable: true })
  respondedBy!: string | null;

  /**
   * When its `PetitionClosed` event was recorded (petition.closings.ts), or taken as
   * recorded: rows seeded or migrated already closed. Null until then; set once.
   */
  @Property({ type: 'datetime', nullable: true })
  closedEventAt!: Date | null;

  @OneToMany({ entity: () => PetitionHeritageObject, mappedBy: 'petition' })
  heritageLinks = new Collection<PetitionHeritageObject>(this);
}
