import type { Knex } from '@mikro-orm/knex';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { City, District, OrganizationRef } from '../federation.js';
import { BadInputError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { localized } from '../../../lib/locale.js';
import { nestedConnection } from '../../shared/nested.js';
import { lazySource, pageSize, type Connection } from '../../shared/pagination.js';
import { cityRef, districtRef, type PlaceRef } from '../../shared/places.graphql.js';
import { countRows, keysetPage } from '../../shared/queries.js';
import { type EntityRef } from '../../shared/refs.js';
import { HeritageObject } from './heritage-object.entity.js';
import { HeritageObjectsArgs } from './heritage-object.input.js';
import { heritageObjectById, heritageObjectsOfSteward, historyOfHeritageObject, stewardIdsOfHeritageObject } from './heritage-object.loader.js';
import { nearSource } from './heritage-object.near.js';
import { HERITAGE_ORDER, heritageBase } from './heritage-object.query.js';
import { ConditionEntry, GeoPoint, HeritageObjectConnection } from './heritage-object.types.js';

@Resolver(() => HeritageObject)
export class HeritageObjectResolver {
  @Query(() => HeritageObjectConnection, { description: 'Heritage objects by name, or nearest first with `filter.near`.' })
  heritageObjects(@Args(() => HeritageObjectsArgs) args: HeritageObjectsArgs, @Ctx() ctx: RequestContext): Connection<HeritageObject> {
    const first = pageSize(args.first);
    const base = heritageBase(ctx.em, args.filter);
    if (args.filter?.near) return new HeritageObjectConnection(nearSource(ctx, base, args.filter.near, first, args.after));
    return new HeritageObjectConnection(
      lazySource(
        () => countRows(ctx.em, base),
        () => keysetPage(ctx.em, HeritageObject, base, HERITAGE_ORDER, first, args.after),
      ),
    );
  }

  @Query(() => HeritageObject, { nullable: true, description: 'A heritage object by id; null when unknown.' })
  heritageObject(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<HeritageObject | null> {
    return heritageObjectById(ctx).load(id);
  }

  @FieldResolver(() => String)
  name(@Root() object: HeritageObject, @Ctx() ctx: RequestContext): string {
    return localized(ctx.locale, object.nameUk, object.nameEn);
  }

  @FieldResolver(() => String, { nullable: true, description: 'When it was built or made, as the register words it.' })
  dating(@Root() object: HeritageObject, @Ctx() ctx: RequestContext): string | null {
    return object.datingUk ? localized(ctx.locale, object.datingUk, object.datingEn) : null;
  }

  @FieldResolver(() => String)
  address(@Root() object: HeritageObject, @Ctx() ctx: RequestContext): string {
    return localized(ctx.locale, object.addressUk, object.addressEn);
  }

  @FieldResolver(() => GeoPoint)
  location(@Root() object: HeritageObject): GeoPoint {
    return { lat: object.lat, lng: object.lng };
  }

  @FieldResolver(() => City)
  city(@Root() object: HeritageObject): PlaceRef {
    return cityRef(object.city);
  }

  @FieldResolver(() => District, { nullable: true })
  district(@Root() object: HeritageObject): PlaceRef | null {
    return districtRef(object.district);
  }

  @FieldResolver(() => [ConditionEntry], { description: 'Every recorded condition, oldest first; the last is the current one.' })
  async conditionHistory(@Root() object: HeritageObject, @Ctx() ctx: RequestContext): Promise<ConditionEntry[]> {
    const records = await historyOfHeritageObject(ctx).load(object.id);
    return records.map((r) => ({
      condition: r.condition,
      recordedAt: r.recordedAt,
      source: r.source,
      note: r.noteUk ? localized(ctx.locale, r.noteUk, r.noteEn) : null,
    }));
  }

  @FieldResolver(() => [OrganizationRef], { nullable: true, description: 'Organisations that look after it.' })
  async stewards(@Root() object: HeritageObject, @Ctx() ctx: RequestContext): Promise<EntityRef[]> {
    const ids = await stewardIdsOfHeritageObject(ctx).load(object.id);
    return ids.map((id) => ({ id }));
  }
}

@Resolver(() => District)
export class DistrictHeritageObjectsResolver {
  @FieldResolver(() => HeritageObjectConnection, { nullable: true, description: 'Heritage objects in this district, by name.' })
  heritageObjects(
    @Root() district: PlaceRef,
    @Args(() => HeritageObjectsArgs) args: HeritageObjectsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Connection<HeritageObject> {
    if (args.filter?.near) throw new BadInputError('filter.near', message('geo.nearTopLevelOnly'));
    const list = {
      relation: 'District.heritageObjects',
      variant: args.filter ?? null,
      entity: HeritageObject,
      base: heritageBase(ctx.em, args.filter),
      join: (q: Knex.QueryBuilder, ids: readonly string[]) => q.select('h.district as __parent').whereIn('h.district', [...ids]),
      order: HERITAGE_ORDER,
    };
    return new HeritageObjectConnection(nestedConnection(ctx, list, district.id, args, info));
  }
}

@Resolver(() => OrganizationRef)
export class OrganizationHeritageResolver {
  @FieldResolver(() => [HeritageObject], { nullable: true, description: 'Heritage objects this organisation looks after.' })
  stewardedHeritageObjects(@Root() organization: EntityRef, @Ctx() ctx: RequestContext): Promise<HeritageObject[]> {
    return heritageObjectsOfSteward(ctx).load(organization.id);
  }
}
