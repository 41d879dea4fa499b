import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Directive, Field, ObjectType } from 'type-graphql';
import { cacheHint, PUBLIC_LONG } from '../../shared/cache-hints.js';
import { HeritageObject } from '../heritage-object/heritage-object.entity.js';

/** A photograph or document of a monument, as a link (the files live with whoever publishes them). */
@Entity({ tableName: 'heritage_media' })
@Index({ properties: ['heritageObject', 'kind', 'addedAt'] })
@Directive(cacheHint(PUBLIC_LONG))
@ObjectType('HeritageLink', { description: 'A photograph or a document of a monument, as a link.' })
export class HeritageMedia {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne({ entity: () => HeritageObject, deleteRule: 'cascade', ref: true })
  heritageObject!: Ref<HeritageObject>;

  /** PHOTO or DOCUMENT. */
  @Property({ type: 'string', length: 16 })
  kind!: 'PHOTO' | 'DOCUMENT';

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  title!: string | null;

  @Property({ type: 'text' })
  @Field(() => String)
  url!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date)
  addedAt!: Date;
}
