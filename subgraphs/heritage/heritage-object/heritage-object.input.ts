import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../shared/pagination.js';
import { HeritageCondition, HeritageSignificance, HeritageType } from './heritage-object.enums.js';

@InputType({ description: 'A circle on the map: objects within it come nearest first.' })
export class NearInput {
  @Field(() => Float, { description: 'Latitude of the centre, -90 to 90.' })
  lat!: number;

  @Field(() => Float, { description: 'Longitude of the centre, -180 to 180.' })
  lng!: number;

  @Field(() => Int, { description: 'Radius in metres, 1 to 50,000.' })
  radiusMeters!: number;
}

@InputType({ description: 'A map viewport: south-west and north-east corners in degrees.' })
export class BoundingBoxInput {
  @Field(() => Float)
  south!: number;

  @Field(() => Float)
  west!: number;

  @Field(() => Float)
  north!: number;

  @Field(() => Float)
  east!: number;
}

@InputType({ description: 'Narrows a heritage list; all given conditions must hold.' })
export class HeritageObjectFilter {
  @Field(() => ID, { nullable: true })
  city?: string | null;

  @Field(() => ID, { nullable: true })
  district?: string | null;

  @Field(() => HeritageSignificance, { nullable: true })
  significance?: HeritageSignificance | null;

  @Field(() => HeritageType, { nullable: true, description: 'Objects having this type among theirs.' })
  type?: HeritageType | null;

  @Field(() => HeritageCondition, { nullable: true })
  condition?: HeritageCondition | null;

  @Field(() => NearInput, { nullable: true, description: 'Within a radius, ordered by distance (top-level list only).' })
  near?: NearInput | null;

  @Field(() => BoundingBoxInput, { nullable: true, description: 'Within a map viewport.' })
  within?: BoundingBoxInput | null;
}

@ArgsType()
export class HeritageObjectsArgs extends PageArgs {
  @Field(() => HeritageObjectFilter, { nullable: true })
  filter?: HeritageObjectFilter | null;
}
