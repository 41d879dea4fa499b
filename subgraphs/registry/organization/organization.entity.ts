import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { cacheHint, PUBLIC_LONG } from '../../shared/cache-hints.js';
import { LegalForm, OrganizationStatus, PUBLIC_ORGANIZATION_STATUSES } from './organization.enums.js';

/**
 * A civil-society organisation in a city's registry. Only what it chose to publish is
 * stored here for the public: no addresses or people (under martial law some register
 * fields are withheld anyway).
 */
@Entity({ tableName: 'organization' })
// One public organisation per code and city. Applications (PENDING, DECLINED) are not public,
// so several may share a code: a registration must not reveal another's application, and the
// registrar decides between them (approving a second one is a CONFLICT for the registrar).
@Unique({
  name: 'organization_public_city_edrpou_unique',
  expression: `create unique index "organization_public_city_edrpou_unique" on "organization" ("city", "edrpou") where "status" in (${PUBLIC_ORGANIZATION_STATUSES.map((status) => `'${status}'`).join(', ')})`,
})
@Index({ properties: ['city', 'edrpou'] })
@Index({ properties: ['city', 'status', 'nameUk', 'id'] })
@Index({ properties: ['district', 'status', 'nameUk', 'id'] })
// A district's public organisations by name (DistrictParticipation): the public statuses are
// three ranges of the index above, so its page sorted every organisation of the district
// (PostgreSQL scanned the table). In name order the page reads a few rows; status last is
// checked in the index, and the count reads this index alone.
@Index({ properties: ['district', 'nameUk', 'id', 'status'] })
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

  /**
   * SHA-256 of applicant, city and code while the application is pending (cleared when a
   * registrar decides): a retried application, even one racing the first, finds the first.
   */
  @Property({ type: 'string', length: 64, nullable: true, unique: true })
  applicationKey!: string | null;

  /** Names folded for search: lower case, apostrophe variants removed (see search.ts). */
  @Property({ type: 'text' })
  searchText!: string;
}
