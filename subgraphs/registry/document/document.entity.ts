import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Organization } from '../organization/organization.entity.js';
import { DocumentKind } from '../organization/organization.enums.js';

/** A document an organisation published: its financial report (mandatory), statute, activity reports. */
@Entity({ tableName: 'organization_document' })
@Index({ properties: ['organization', 'year'] })
export class OrganizationDocument {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne({ entity: () => Organization, deleteRule: 'cascade', ref: true })
  organization!: Ref<Organization>;

  @Property({ type: 'string', length: 24 })
  kind!: DocumentKind;

  @Property({ type: 'text' })
  titleUk!: string;

  @Property({ type: 'text', nullable: true })
  titleEn!: string | null;

  @Property({ type: 'integer' })
  year!: number;

  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'datetime' })
  publishedAt!: Date;
}
