import { Entity, Index, ManyToOne, PrimaryKey, type Ref } from '@mikro-orm/core';
import { Petition } from '../petition/petition.entity.js';

/** A heritage object (owned by the heritage subgraph, hence only its id) that a petition concerns. */
@Entity({ tableName: 'petition_heritage_object' })
@Index({ properties: ['heritageObjectId'] })
export class PetitionHeritageObject {
  @ManyToOne({ entity: () => Petition, primary: true, deleteRule: 'cascade', ref: true })
  petition!: Ref<Petition>;

  @PrimaryKey({ type: 'uuid' })
  heritageObjectId!: string;
}
