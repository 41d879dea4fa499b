import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { cacheHint, PUBLIC_LONG } from '../../shared/cache-hints.js';
import { LegalForm, OrganizationStatus } from './organization.enums.js';

/**
 * A civil-society organisation in a city's registry. Only what it chose to publish is
 * stored here for the public: no addresses or people (under martial law some register
 * fields are withheld anyway).
 */
@Entity({ tableName: 'organization' })
@Unique({ properties: ['city', 'edrpou'] })
@Index({ properties: ['city', 'status', 'nameUk', 'id'] })
@Index({ properties: ['district', 'status', 'nameUk', 'id'] })
@Directive('@key(fields: "id")')
@Directive(cacheHint(PUBLIC_LONG))
@ObjectType({ description: 'A civil-society organisation of the city registry.' })
export class Organization {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'string', length: 8 })
  @Field(() => String, { description: 'EDRPOU code: 8 digits, the last a check digit.' })
  edrpou!: string;

  @Property({ type: 'string', length: 32 })
  city!: string;

  @Property({ type: 'string', length: 64, nullable: true })
  district!: string | null;

  @Property({ type: 'text' })
  nameUk!: string;

  @Property({ type: 'text', nullable: true })
  nameEn!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  shortName!: string | null;

  @Property({ type: 'string', length: 32 })
  @Field(() => LegalForm)
  legalForm!: LegalForm;

  @Property({ type: 'string', length: 16 })
  @Field(() => OrganizationStatus)
  status!: OrganizationStatus;

  @Property({ type: 'datetime' })
  appliedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When a registrar entered it in the registry.' })
  registeredAt!: Date | null;

  @Property({ type: 'text', nullable: true })
  declineReasonUk!: string | null;

  @Property({ type: 'text', nullable: true })
  declineReasonEn!: string | null;

  @Property({ type: 'json' })
  activityAreasUk!: string[];

  @Property({ type: 'json' })
  activityAreasEn!: string[];

  /** Names folded for search: lower case, apostrophe variants removed (see search.ts). */
  @Property({ type: 'text' })
  searchText!: string;
}
