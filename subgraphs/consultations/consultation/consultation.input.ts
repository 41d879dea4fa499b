import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../shared/pagination.js';
import { ConsultationFormat, ConsultationStatus } from './consultation.enums.js';

@InputType({ description: 'Narrows a consultation list; all given conditions must hold.' })
export class ConsultationFilter {
  @Field(() => ID, { nullable: true, description: 'City id, e.g. `kyiv`.' })
  city?: string | null;

  @Field(() => ID, { nullable: true, description: 'District id, e.g. `kyiv-podilskyi`.' })
  district?: string | null;

  @Field(() => ConsultationStatus, { nullable: true, description: 'Status as of the request.' })
  status?: ConsultationStatus | null;

  @Field(() => ConsultationFormat, { nullable: true })
  format?: ConsultationFormat | null;

  @Field(() => ID, { nullable: true, description: 'Only consultations this organisation organises.' })
  organizer?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only consultations concerning this heritage object.' })
  heritageObject?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only consultations carrying out this programme measure.' })
  measure?: string | null;
}

@ArgsType()
export class ConsultationsArgs extends PageArgs {
  @Field(() => ConsultationFilter, { nullable: true })
  filter?: ConsultationFilter | null;
}
