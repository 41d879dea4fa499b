import { Arg, Ctx, Directive, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { cacheHint, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import type { RequestContext } from '../../shared/context.js';
import { City } from '../federation.js';
import { BadInputError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import type { PlaceRef } from '../../shared/places.graphql.js';
import { dbDate } from '../../shared/queries.js';
import { SignatureChannel } from '../petition/petition.enums.js';
import { SignatureChannelCount } from '../petition/petition.types.js';

@Directive(cacheHint(PUBLIC_SHORT))
@ObjectType({ description: 'A city\u02bcs petitions in one year, in the shape of its annual report.' })
export class PetitionStats {
  @Field(() => Int, { nullable: true, description: 'The year counted; null for all years.' })
  year!: number | null;

  @Field(() => Int, { description: 'Petitions submitted.' })
  submitted!: number;

  @Field(() => Int, { description: 'Petitions admitted by moderation and published for signatures.' })
  admitted!: number;

  @Field(() => Int, { description: 'Petitions a moderator rejected.' })
  rejected!: number;

  @Field(() => Int, { description: 'Signatures given.' })
  signatures!: number;

  @Field(() => [SignatureChannelCount])
  signaturesByChannel!: SignatureChannelCount[];
}

/** [start, end) of a calendar year in UTC, or no bounds for all years. */
function yearRange(year: number | null): [Date, Date] | null {
  if (year === null) return null;
  return [new Date(Date.UTC(year, 0, 1)), new Date(Date.UTC(year + 1, 0, 1))];
}

@Resolver(() => City)
export class CityPetitionStatsResolver {
  @FieldResolver(() => PetitionStats, { nullable: true })
  async petitionStats(
    @Root() city: PlaceRef,
    @Arg('year', () => Int, { nullable: true, description: 'Calendar year; omit for all years.' }) year: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PetitionStats> {
    if (year !== null && year !== undefined && (year < 2000 || year > 2100)) {
      throw new BadInputError('year', message('year.outOfRange', { min: 2000, max: 2100 }));
    }
    const range = yearRange(year ?? null);
    const loader = ctx.loaders.get<string, PetitionStats>(`City.petitionStats:${year ?? 'all'}`, async (cityIds) => {
      const knex = ctx.em.getKnex();
      const within = (column: string) =>
        range ? knex.raw(`sum(case when ${column} >= ? and ${column} < ? then 1 else 0 end)`, range.map((d) => dbDate(ctx.em, d)) as never)
              : knex.raw(`sum(case when ${column} is not null then 1 else 0 end)`);
      const petitions = knex('petition')
        .select('city')
        .select({ submitted: within('created_at'), admitted: within('opened_at'), rejected: within('rejected_at') })
        .whereIn('city', [...cityIds])
        .groupBy('city');
      const signatures = knex('signature').select('city', 'channel').count({ total: '*' }).whereIn('city', [...cityIds]).groupBy('city', 'channel');
      if (range) signatures.where('signed_at', '>=', dbDate(ctx.em, range[0]) as never).where('signed_at', '<', dbDate(ctx.em, range[1]) as never);
      const [petitionRows, signatureRows] = await Promise.all([
        ctx.em.execute(petitions) as Promise<{ city: string; submitted: unknown; admitted: unknown; rejected: unknown }[]>,
        ctx.em.execute(signatures) as Promise<{ city: string; channel: SignatureChannel; total: unknown }[]>,
      ]);
      return cityIds.map((cityId) => {
        const row = petitionRows.find((r) => r.city === cityId);
        const byChannel = Object.values(SignatureChannel).map((channel) => ({
          channel,
          count: Number(signatureRows.find((r) => r.city === cityId && r.channel === channel)?.total ?? 0),
        }));
        return {
          year: year ?? null,
          submitted: Number(row?.submitted ?? 0),
          admitted: Number(row?.admitted ?? 0),
          rejected: Number(row?.rejected ?? 0),
          signatures: byChannel.reduce((sum, c) => sum + c.count, 0),
          signaturesByChannel: byChannel,
        };
      });
    });
    return loader.load(city.id);
  }
}
