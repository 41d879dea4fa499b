import { Entity, Index, ManyToOne, PrimaryKey, type Ref } from '@mikro-orm/core';
import { Consultation } from '../consultation/consultation.entity.js';

/** An organisation (owned by the registry subgraph, hence only its id) that organises a consultation. */
@Entity({ tableName: 'consultation_organizer' })
@Index({ properties: ['organizationId'] })
export class ConsultationOrganizer {
  @ManyToOne({ entity: () => Consultation, primary: true, deleteRule: 'cascade', ref: true })
  consultation!: Ref<Consultation>;

  @PrimaryKey({ type: 'uuid' })
  organizationId!: string;
}
