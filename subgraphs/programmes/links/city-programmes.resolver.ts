import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import type { PlaceRef } from '../../shared/places.graphql.js';
import { City } from '../federation.js';
import { Programme } from '../programme/programme.entity.js';
import { programmesOfCity } from '../programme/programme.loader.js';

@Resolver(() => City)
export class CityProgrammesResolver {
  @FieldResolver(() => [Programme], { description: 'The programmes and plans the city adopted, latest first.' })
  programmes(@Root() city: PlaceRef, @Ctx() ctx: RequestContext): Promise<Programme[]> {
    return programmesOfCity(ctx).load(city.id);
  }
}
