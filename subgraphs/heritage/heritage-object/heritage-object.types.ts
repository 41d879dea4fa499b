import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { cacheHint, INHERIT, PUBLIC_LONG, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import { connectionOf } from '../../shared/pagination.js';
import { HeritageObject } from './heritage-object.entity.js';
import { ConditionSource, HeritageCondition } from './heritage-object.enums.js';

export const HeritageObjectConnection = connectionOf('HeritageObject', () => HeritageObject, PUBLIC_LONG);

@Directive(cacheHint(INHERIT))
@ObjectType({ description: 'A WGS84 point.' })
export class GeoPoint {
  @Field(() => Float)
  lat!: number;

  @Field(() => Float)
  lng!: number;
}

@Directive(cacheHint(PUBLIC_LONG))
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

@Directive(cacheHint(INHERIT))
@ObjectType()
export class ConditionCount {
  @Field(() => HeritageCondition)
  condition!: HeritageCondition;

  @Field(() => Int)
  count!: number;
}

@Directive(cacheHint(PUBLIC_SHORT))
@ObjectType({ description: 'A city\u02bcs heritage objects in figures.' })
export class HeritageStats {
  @Field(() => Int)
  total!: number;

  @Field(() => [ConditionCount], { description: 'Objects by current condition (every condition listed, zeros included).' })
  byCondition!: ConditionCount[];
}
