import { Arg, Ctx, Directive, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { cacheHint, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import type { RequestContext } from '../../shared/context.js';
import { BadInputError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import type { PlaceRef } from '../../shared/places.graphql.js';
import { City } from '../federation.js';
import { dbDate } from '../../shared/queries.js';

@Directive(cacheHint(PUBLIC_SHORT))
@ObjectType({ description: 'A city\u02bcs consultations opened in one year, in the shape of its annual report.' })
export class ConsultationStats {
  @Field(() => Int, { nullable: true, description: 'The year counted; null for all years.' })
  year!: number | null;

  @Field(() => Int, { description: 'Consultations opened.' })
  total!: number;

  @Field(() => Int, { description: 'People who took part in them: offline participants plus survey responses.' })
  participants!: number;
}

/** [start, end) of a calendar year in UTC, or no bounds for all years. */
function yearRange(year: number | null): [Date, Date] | null {
  if (year === null) return null;
  return [new Date(Date.UTC(year, 0, 1)), new Date(Date.UTC(year + 1, 0, 1))];
}

@Resolver(() => City)
export class CityConsultationStatsResolver {
  @FieldResolver(() => ConsultationStats, { nullable: true })
  async consultationStats(
    @Root() city: PlaceRef,
    @Arg('year', () => Int, { nullable: true, description: 'Calendar year; omit for all years.' }) year: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ConsultationStats> {
    if (year !== null && year !== undefined && (year < 2000 || year > 2100)) {
      throw new BadInputError('year', message('year.outOfRange', { min: 2000, max: 2100 }));
    }
    const range = yearRange(year ?? null);
    const loader = ctx.loaders.get<string, ConsultationStats>(`City.consultationStats:${year ?? 'all'}`, async (cityIds) => {
      const knex = ctx.em.getKnex();
      const query = knex('consultation')
        .select('city')
        .count({ total: '*' })
        .select(knex.raw('sum(offline_participants + response_count) as participants'))
        .whereIn('city', [...cityIds])
        .groupBy('city');
      if (range) query.where('opens_at', '>=', dbDate(ctx.em, range[0]) as never).where('opens_at', '<', dbDate(ctx.em, range[1]) as never);
      const rows = (await ctx.em.execute(query)) as { city: string; total: unknown; participants: unknown }[];
      return cityIds.map((cityId) => {
        const row = rows.find((r) => r.city === cityId);
        return { year: year ?? null, total: Number(row?.total ?? 0), participants: Number(row?.participants ?? 0) };
      });
    });
    return loader.load(city.id);
  }
}
