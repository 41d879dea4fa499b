import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { City } from '../federation.js';
import type { PlaceRef } from '../../shared/places.graphql.js';
import { HeritageCondition } from '../heritage-object/heritage-object.enums.js';
import { HeritageStats } from '../heritage-object/heritage-object.types.js';

@Resolver(() => City)
export class CityHeritageStatsResolver {
  @FieldResolver(() => HeritageStats, { nullable: true })
  heritageStats(@Root() city: PlaceRef, @Ctx() ctx: RequestContext): Promise<HeritageStats> {
    const loader = ctx.loaders.get<string, HeritageStats>('City.heritageStats', async (cityIds) => {
      const query = ctx.em
        .getKnex()('heritage_object')
        .select('city', 'condition')
        .count({ total: '*' })
        .whereIn('city', [...cityIds])
        .groupBy('city', 'condition');
      const rows: { city: string; condition: HeritageCondition; total: unknown }[] = await ctx.em.execute(query);
      return cityIds.map((cityId) => {
        const byCondition = Object.values(HeritageCondition).map((condition) => ({
          condition,
          count: Number(rows.find((r) => r.city === cityId && r.condition === condition)?.total ?? 0),
        }));
        return { total: byCondition.reduce((n, c) => n + c.count, 0), byCondition };
      });
    });
    return loader.load(city.id);
  }
}
