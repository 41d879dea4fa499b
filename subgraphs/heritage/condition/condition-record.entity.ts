import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { HeritageObject } from '../heritage-object/heritage-object.entity.js';
import { ConditionSource, HeritageCondition } from '../heritage-object/heritage-object.enums.js';

/** One entry of a monument's condition history: what, when, on whose authority. */
@Entity({ tableName: 'condition_record' })
@Index({ properties: ['heritageObject', 'recordedAt'] })
export class ConditionRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne({ entity: () => HeritageObject, deleteRule: 'cascade', ref: true })
  heritageObject!: Ref<HeritageObject>;

  @Property({ type: 'string', length: 16 })
  condition!: HeritageCondition;

  @Property({ type: 'datetime' })
  recordedAt!: Date;

  @Property({ type: 'string', length: 16 })
  source!: ConditionSource;

  @Property({ type: 'text', nullable: true })
  noteUk!: string | null;

  @Property({ type: 'text', nullable: true })
  noteEn!: string | null;
}
