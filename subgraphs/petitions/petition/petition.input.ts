import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../shared/pagination.js';
import { PetitionSort, PetitionStatus } from './petition.enums.js';

@InputType({ description: 'Narrows a petition list; all given conditions must hold.' })
export class PetitionFilter {
  @Field(() => ID, { nullable: true, description: 'City id, e.g. `kyiv`.' })
  city?: string | null;

  @Field(() => ID, { nullable: true, description: 'District id, e.g. `kyiv-podilskyi`.' })
  district?: string | null;

  @Field(() => PetitionStatus, { nullable: true })
  status?: PetitionStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only petitions this organisation initiated.' })
  initiatorOrganization?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only petitions concerning this heritage object.' })
  heritageObject?: string | null;
}

@ArgsType()
export class PetitionsArgs extends PageArgs {
  @Field(() => PetitionFilter, { nullable: true })
  filter?: PetitionFilter | null;

  @Field(() => PetitionSort, { nullable: true, defaultValue: PetitionSort.NEWEST })
  sort?: PetitionSort | null;
}
