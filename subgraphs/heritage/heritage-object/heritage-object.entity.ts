import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { cacheHint, PUBLIC_LONG } from '../../shared/cache-hints.js';
import { HeritageCondition, HeritageSignificance, HeritageType } from './heritage-object.enums.js';

/**
 * A cultural-heritage object (пам'ятка). Its current condition is kept on the row (the
 * latest entry of its history) so that map and list filters need no join.
 */
@Entity({ tableName: 'heritage_object' })
@Index({ properties: ['city', 'nameUk', 'id'] })
@Index({ properties: ['district', 'nameUk', 'id'] })
// Id too: the nearest-first query reads ids and coordinates from the index alone.
@Index({ properties: ['lat', 'lng', 'id'] })
@Directive('@key(fields: "id")')
@Directive(cacheHint(PUBLIC_LONG))
@ObjectType({ description: 'A cultural-heritage object: a monument of the national or local register.' })
export class HeritageObject {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'string', length: 32 })
  city!: string;

  @Property({ type: 'string', length: 64, nullable: true })
  district!: string | null;

  @Property({ type: 'text' })
  nameUk!: string;

  @Property({ type: 'text', nullable: true })
  nameEn!: string | null;

  @Property({ type: 'string', length: 32 })
  @Field(() => String, { description: 'Protection number (охоронний номер) in the register.' })
  protectionNumber!: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => HeritageSignificance)
  significance!: HeritageSignificance;

  @Property({ type: 'json' })
  @Field(() => [HeritageType])
  types!: HeritageType[];

  @Property({ type: 'text', nullable: true })
  datingUk!: string | null;

  @Property({ type: 'text', nullable: true })
  datingEn!: string | null;

  @Property({ type: 'text' })
  addressUk!: string;

  @Property({ type: 'text', nullable: true })
  addressEn!: string | null;

  /** WGS84 latitude and longitude in degrees. */
  @Property({ type: 'double', columnType: 'double precision' })
  lat!: number;

  @Property({ type: 'double', columnType: 'double precision' })
  lng!: number;

  @Property({ type: 'string', length: 16 })
  @Field(() => HeritageCondition, { description: 'Latest recorded condition.' })
  condition!: HeritageCondition;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the latest condition was recorded.' })
  conditionRecordedAt!: Date;
}
