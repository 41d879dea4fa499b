import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../shared/pagination.js';
import { LegalForm, OrganizationStatus } from './organization.enums.js';

@InputType({ description: 'Narrows an organisation list; all given conditions must hold.' })
export class OrganizationFilter {
  @Field(() => ID, { nullable: true })
  city?: string | null;

  @Field(() => ID, { nullable: true })
  district?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Words to find in the name (Ukrainian or English), short name or EDRPOU; case- and apostrophe-insensitive.',
  })
  search?: string | null;

  @Field(() => LegalForm, { nullable: true })
  legalForm?: LegalForm | null;

  @Field(() => OrganizationStatus, { nullable: true, description: 'Public statuses only: REGISTERED, SUSPENDED or LIQUIDATED.' })
  status?: OrganizationStatus | null;
}

@ArgsType()
export class OrganizationsArgs extends PageArgs {
  @Field(() => OrganizationFilter, { nullable: true })
  filter?: OrganizationFilter | null;
}
