import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { SourceDocument } from '../document/source-document.entity.js';
import { PartyRole } from './measure.enums.js';
import { Measure } from './measure.entity.js';

/**
 * An executor or partner a document names for a measure, as written, and the registry
 * organisation it was matched to, if any (see party/organization-matching.ts).
 */
@Entity({ tableName: 'measure_party' })
@Unique({ properties: ['measure', 'role', 'position'] })
@Index({ properties: ['organizationId', 'measure'] })
export class MeasureParty {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne({ entity: () => Measure, deleteRule: 'cascade', ref: true })
  measure!: Ref<Measure>;

  @Property({ type: 'string', length: 16 })
  role!: PartyRole;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'text' })
  name!: string;

  /** The name compared loosely (case, quotes, abbreviations such as ГО, ГС, БФ spelled out). */
  @Property({ type: 'text' })
  nameKey!: string;

  /** The registry organisation (owned by the registry subgraph) this party is. */
  @Property({ type: 'uuid', nullable: true })
  organizationId!: string | null;

  @ManyToOne({ entity: () => SourceDocument, ref: true })
  document!: Ref<SourceDocument>;

  @Property({ type: 'integer' })
  line!: number;
}
