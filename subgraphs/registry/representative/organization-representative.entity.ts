import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Organization } from '../organization/organization.entity.js';
import { MAX_SUBJECT_LENGTH } from '../../../lib/identity.js';

/**
 * A resident who may act for an organisation (publish its documents, add representatives):
 * the one who registered it, and those added since. Personal data: never public; a
 * resident sees their own through `me`.
 */
@Entity({ tableName: 'organization_representative' })
@Unique({ properties: ['organization', 'resident'] })
@Index({ properties: ['resident'] })
export class OrganizationRepresentative {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne({ entity: () => Organization, deleteRule: 'cascade', ref: true })
  organization!: Ref<Organization>;

  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH })
  resident!: string;

  @Property({ type: 'datetime' })
  addedAt!: Date;
}
