import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import type { Connection } from '../../shared/pagination.js';
import type { PlaceRef } from '../../shared/places.graphql.js';
import { isUuid, type EntityRef } from '../../shared/refs.js';
import { District, HeritageObjectRef, MeasureRef, OrganizationRef } from '../federation.js';
import type { Consultation } from '../consultation/consultation.entity.js';
import { ConsultationsArgs } from '../consultation/consultation.input.js';
import { consultationsOf } from '../consultation/consultation.nested.js';
import { ConsultationConnection } from '../consultation/consultation.types.js';

@Resolver(() => District)
export class DistrictConsultationsResolver {
  @FieldResolver(() => ConsultationConnection, { nullable: true, description: 'Consultations about this district, latest opening first.' })
  consultations(
    @Root() district: PlaceRef,
    @Args(() => ConsultationsArgs) args: ConsultationsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Connection<Consultation> {
    return consultationsOf(
      'District.consultations',
      (q, ids) => q.select('c.district as __parent').whereIn('c.district', [...ids]),
      district.id,
      args,
      ctx,
      info,
    );
  }
}

@Resolver(() => OrganizationRef)
export class OrganizationConsultationsResolver {
  @FieldResolver(() => ConsultationConnection, { nullable: true, description: 'Consultations this organisation organises, latest opening first.' })
  consultations(
    @Root() organization: EntityRef,
    @Args(() => ConsultationsArgs) args: ConsultationsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Connection<Consultation> {
    return consultationsOf(
      'Organization.consultations',
      (q, ids) =>
        q
          .join('consultation_organizer as o', 'o.consultation_id', 'c.id')
          .select('o.organization_id as __parent')
          .whereIn('o.organization_id', ids.filter(isUuid)),
      organization.id,
      args,
      ctx,
      info,
    );
  }
}

@Resolver(() => HeritageObjectRef)
export class HeritageObjectConsultationsResolver {
  @FieldResolver(() => ConsultationConnection, { nullable: true, description: 'Consultations concerning this heritage object, latest opening first.' })
  consultations(
    @Root() heritageObject: EntityRef,
    @Args(() => ConsultationsArgs) args: ConsultationsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Connection<Consultation> {
    return consultationsOf(
      'HeritageObject.consultations',
      (q, ids) =>
        q
          .join('consultation_heritage_object as h', 'h.consultation_id', 'c.id')
          .select('h.heritage_object_id as __parent')
          .whereIn('h.heritage_object_id', ids.filter(isUuid)),
      heritageObject.id,
      args,
      ctx,
      info,
    );
  }
}

@Resolver(() => MeasureRef)
export class MeasureConsultationsResolver {
  @FieldResolver(() => ConsultationConnection, { nullable: true, description: 'Consultations carrying out this programme measure, latest opening first.' })
  consultations(
    @Root() measure: EntityRef,
    @Args(() => ConsultationsArgs) args: ConsultationsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Connection<Consultation> {
    return consultationsOf(
      'Measure.consultations',
      (q, ids) => q.select('c.measure_id as __parent').whereIn('c.measure_id', ids.filter(isUuid)),
      measure.id,
      args,
      ctx,
      info,
    );
  }
}
