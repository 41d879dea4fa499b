import { Entity, Index, ManyToOne, PrimaryKey, type Ref } from '@mikro-orm/core';
import { HeritageObject } from '../heritage-object/heritage-object.entity.js';

/** An organisation (owned by the registry, hence only its id) that looks after a monument. */
@Entity({ tableName: 'heritage_steward' })
@Index({ properties: ['organizationId'] })
export class HeritageSteward {
  @ManyToOne({ entity: () => HeritageObject, primary: true, deleteRule: 'cascade', ref: true })
  heritageObject!: Ref<HeritageObject>;

  @PrimaryKey({ type: 'uuid' })
  organizationId!: string;
}
