import { Entity, Index, ManyToOne, PrimaryKey, type Ref } from '@mikro-orm/core';
import { Consultation } from '../consultation/consultation.entity.js';

/** A heritage object (owned by the heritage subgraph, hence only its id) that a consultation concerns. */
@Entity({ tableName: 'consultation_heritage_object' })
@Index({ properties: ['heritageObjectId'] })
export class ConsultationHeritageObject {
  @ManyToOne({ entity: () => Consultation, primary: true, deleteRule: 'cascade', ref: true })
  consultation!: Ref<Consultation>;

  @PrimaryKey({ type: 'uuid' })
  heritageObjectId!: string;
}
