import { Field, Float, Int, ObjectType } from 'type-graphql';
import { connectionOf } from '../../shared/pagination.js';
import { HeritageObject } from './heritage-object.entity.js';
import { ConditionSource, HeritageCondition } from './heritage-object.enums.js';

export const HeritageObjectConnection = connectionOf('HeritageObject', () => HeritageObject);

@ObjectType({ description: 'A WGS84 point.' })
export class GeoPoint {
  @Field(() => Float)
  lat!: number;

  @Field(() => Float)
  lng!: number;
}

@ObjectType({ description: 'One entry of a monument\u02bcs condition history.' })
export class ConditionEntry {
  @Field(() => HeritageCondition)
  condition!: HeritageCondition;

  @Field(() => Date)
  recordedAt!: Date;

  @Field(() => ConditionSource)
  source!: ConditionSource;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType()
export class ConditionCount {
  @Field(() => HeritageCondition)
  condition!: HeritageCondition;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'A city\u02bcs heritage objects in figures.' })
export class HeritageStats {
  @Field(() => Int)
  total!: number;

  @Field(() => [ConditionCount], { description: 'Objects by current condition (every condition listed, zeros included).' })
  byCondition!: ConditionCount[];
}
