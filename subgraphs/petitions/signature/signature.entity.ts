import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Petition } from '../petition/petition.entity.js';
import { SignatureChannel } from '../petition/petition.enums.js';
import { MAX_SUBJECT_LENGTH } from '../../../lib/identity.js';

/**
 * One resident's signature. Who signed is personal data: it never leaves this subgraph
 * except to the signer. The unique constraint is what makes "one signature per resident
 * per petition" true under concurrent requests.
 */
@Entity({ tableName: 'signature' })
@Unique({ properties: ['petition', 'signer'] })
@Index({ properties: ['city', 'signedAt'] })
@Index({ properties: ['signer', 'signedAt'] })
export class Signature {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne({ entity: () => Petition, deleteRule: 'cascade', ref: true })
  petition!: Ref<Petition>;

  /** The identity provider's subject of the signer. */
  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH })
  signer!: string;

  @Property({ type: 'string', length: 16 })
  channel!: SignatureChannel;

  /** Copied from the petition so annual statistics need no join. */
  @Property({ type: 'string', length: 32 })
  city!: string;

  /** The signer's district when known: counts by district are public, signers are not. */
  @Property({ type: 'string', length: 64, nullable: true })
  district!: string | null;

  @Property({ type: 'datetime' })
  signedAt!: Date;
}
