import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../shared/pagination.js';
import { PetitionSort, PetitionStatus } from './petition.enums.js';
import { BODY_LIMITS, TITLE_LIMITS } from './petition.validate.js';

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

@InputType({ description: 'A new petition, as its author writes it (in Ukrainian, the language of record).' })
export class SubmitPetitionInput {
  @Field(() => ID, { description: 'The city it is addressed to, e.g. `kyiv`.' })
  city!: string;

  @Field(() => ID, { nullable: true, description: 'The district it concerns, if one.' })
  district?: string | null;

  @Field(() => String, { description: `${TITLE_LIMITS.min}–${TITLE_LIMITS.max} characters.` })
  title!: string;

  @Field(() => String, { description: `${BODY_LIMITS.min}–${BODY_LIMITS.max} characters.` })
  body!: string;

  @Field(() => ID, { nullable: true, description: 'A registered organisation that starts it.' })
  initiatorOrganizationId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Heritage objects it concerns (at most 20).' })
  heritageObjectIds?: string[] | null;
}
