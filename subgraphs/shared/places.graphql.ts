import { Arg, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { cacheHint, PUBLIC_LONG } from './cache-hints.js';
import type { RequestContext } from './context.js';
import { localized } from '../../lib/locale.js';
import { CITIES, findCity, findDistrict } from '../../lib/places.js';

/** A city or district as resolvers pass it around: its key. */
export interface PlaceRef {
  id: string;
}

export const cityRef = (id: string): PlaceRef => ({ id });
export const districtRef = (id: string | null | undefined): PlaceRef | null => (id ? { id } : null);

/**
 * The `City` and `District` entities and their shared fields, as fresh classes for one
 * subgraph. Each subgraph adds its own fields to them; type-graphql keeps fields added by
 * field resolvers on the class itself, so classes shared between subgraphs built in one
 * process (composition, tests) would leak one subgraph's fields into another's schema.
 */
export function createPlaceTypes() {
  @Directive('@key(fields: "id")')
  @Directive(cacheHint(PUBLIC_LONG))
  @ObjectType('City', { description: 'A city or territorial community whose residents take part through this graph.' })
  class City {
    @Field(() => ID, { description: 'A short stable slug, e.g. `kyiv`, `vinnytsia`.' })
    id!: string;
  }

  @Directive('@key(fields: "id")')
  @Directive(cacheHint(PUBLIC_LONG))
  @ObjectType('District', { description: 'A district of a city (in Kyiv, one of its ten administrative districts).' })
  class District {
    @Field(() => ID, { description: 'Unique across cities, e.g. `kyiv-podilskyi`.' })
    id!: string;
  }

  /**
   * Cities and districts, answered identically by every subgraph from the shared catalog
   * (hence `@shareable`): the gateway resolves a name wherever it already is, without a hop.
   */
  @Resolver(() => City)
  class CityResolver {
    @Directive('@shareable')
    @Query(() => City, { nullable: true, description: 'A city by id; null when unknown.' })
    city(@Arg('id', () => ID) id: string): PlaceRef | null {
      return findCity(id) ? cityRef(id) : null;
    }

    @Directive('@shareable')
    @Query(() => [City], { description: 'Every city served by this graph.' })
    cities(): PlaceRef[] {
      return CITIES.map((city) => cityRef(city.id));
    }

    @Directive('@shareable')
    @FieldResolver(() => String)
    name(@Root() city: PlaceRef, @Ctx() ctx: RequestContext): string {
      const place = findCity(city.id);
      return place ? localized(ctx.locale, place.nameUk, place.nameEn) : city.id;
    }

    @Directive('@shareable')
    @FieldResolver(() => [District])
    districts(@Root() city: PlaceRef): PlaceRef[] {
      return (findCity(city.id)?.districts ?? []).map((district) => ({ id: district.id }));
    }

    @Directive('@shareable')
    @FieldResolver(() => District, { nullable: true, description: 'One of the city\u02bcs districts; null when unknown.' })
    district(@Root() city: PlaceRef, @Arg('id', () => ID) id: string): PlaceRef | null {
      return findDistrict(id)?.cityId === city.id ? { id } : null;
    }
  }

  @Resolver(() => District)
  class DistrictResolver {
    @Directive('@shareable')
    @FieldResolver(() => String)
    name(@Root() district: PlaceRef, @Ctx() ctx: RequestContext): string {
      const place = findDistrict(district.id);
      return place ? localized(ctx.locale, place.nameUk, place.nameEn) : district.id;
    }

    @Directive('@shareable')
    @FieldResolver(() => City)
    city(@Root() district: PlaceRef): PlaceRef {
      return cityRef(findDistrict(district.id)?.cityId ?? district.id.split('-')[0]!);
    }
  }

  return { City, District, resolvers: [CityResolver, DistrictResolver] as const };
}

/** Reference resolvers: a city or district the catalog does not know resolves to null. */
export const placeReferences = {
  City: (ref: { id: string }) => (findCity(ref.id) ? cityRef(ref.id) : null),
  District: (ref: { id: string }) => (findDistrict(ref.id) ? { id: ref.id } : null),
};

