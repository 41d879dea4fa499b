import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { District, HeritageObjectRef, OrganizationRef } from '../federation.js';
import type { Connection } from '../../shared/pagination.js';
import type { PlaceRef } from '../../shared/places.graphql.js';
import { isUuid, type EntityRef } from '../../shared/refs.js';
import type { Petition } from '../petition/petition.entity.js';
import { PetitionsArgs } from '../petition/petition.input.js';
import { petitionsOf } from '../petition/petition.nested.js';
import { PetitionConnection } from '../petition/petition.types.js';

@Resolver(() => District)
export class DistrictPetitionsResolver {
  @FieldResolver(() => PetitionConnection, { nullable: true, description: 'Petitions about this district.' })
  petitions(
    @Root() district: PlaceRef,
    @Args(() => PetitionsArgs) args: PetitionsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Connection<Petition> {
    return petitionsOf(
      'District.petitions',
      (q, ids) => q.select('p.district as __parent').whereIn('p.district', [...ids]),
      district.id,
      args,
      ctx,
      info,
    );
  }
}

@Resolver(() => OrganizationRef)
export class OrganizationPetitionsResolver {
  @FieldResolver(() => PetitionConnection, { nullable: true, description: 'Petitions this organisation initiated.' })
  petitions(
    @Root() organization: EntityRef,
    @Args(() => PetitionsArgs) args: PetitionsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Connection<Petition> {
    return petitionsOf(
      'Organization.petitions',
      (q, ids) => q.select('p.initiator_organization_id as __parent').whereIn('p.initiator_organization_id', ids.filter(isUuid)),
      organization.id,
      args,
      ctx,
      info,
    );
  }
}

@Resolver(() => HeritageObjectRef)
export class HeritageObjectPetitionsResolver {
  @FieldResolver(() => PetitionConnection, { nullable: true, description: 'Petitions concerning this heritage object.' })
  petitions(
    @Root() heritageObject: EntityRef,
    @Args(() => PetitionsArgs) args: PetitionsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Connection<Petition> {
    return petitionsOf(
      'HeritageObject.petitions',
      (q, ids) =>
        q
          .join('petition_heritage_object as j', 'j.petition_id', 'p.id')
          .select('j.heritage_object_id as __parent')
          .whereIn('j.heritage_object_id', ids.filter(isUuid)),
      heritageObject.id,
      args,
      ctx,
      info,
    );
  }
}
