import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { cacheHint, PUBLIC_LONG } from '../../shared/cache-hints.js';
import { SourceDocument } from '../document/source-document.entity.js';
import { ProgrammeKind } from './programme.enums.js';

/**
 * A programme or plan a city adopted, as its document names it. Known by its natural key
 * (city and title, compared loosely), so that a report on it found in another document
 * attaches to the same programme.
 */
@Entity({ tableName: 'programme' })
@Index({ properties: ['city', 'startYear', 'id'] })
@Directive('@key(fields: "id")')
@Directive(cacheHint(PUBLIC_LONG))
@ObjectType({ description: 'A programme or plan a city adopted (what it promised), with its goals, measures and reports.' })
export class Programme {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  /** `city|title`, the title compared loosely (case, quotes, dashes, spaces). */
  @Property({ type: 'text', unique: true })
  programmeKey!: string;

  @Property({ type: 'string', length: 32 })
  city!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => ProgrammeKind)
  kind!: ProgrammeKind;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'As the document names it (Ukrainian).' })
  title!: string;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: 'True when the document names no programme and the title was composed from what it says (its years).' })
  titleInferred!: boolean;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true })
  startYear!: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true })
  endYear!: number | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The decision that approved it, as written (blank date and number kept as blanks).' })
  approvedBy!: string | null;

  /** The document it was first read from. */
  @ManyToOne({ entity: () => SourceDocument, ref: true })
  document!: Ref<SourceDocument>;

  /** The line each field was read from: `{ title: 3, city: 6, … }`. */
  @Property({ type: 'json' })
  lines!: Record<string, number>;
}
