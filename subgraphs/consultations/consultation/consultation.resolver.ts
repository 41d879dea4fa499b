import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root, Info } from 'type-graphql';
import { cacheHint, PER_VIEWER, publicForAnonymous } from '../../shared/cache-hints.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../../shared/context.js';
import { localized } from '../../../lib/locale.js';
import { lazySource, pageSize, type Connection } from '../../shared/pagination.js';
import { cityRef, districtRef, type PlaceRef } from '../../shared/places.graphql.js';
import { countRows, keysetPage } from '../../shared/queries.js';
import type { EntityRef } from '../../shared/refs.js';
import { City, District, HeritageObjectRef, MeasureRef, OrganizationRef } from '../federation.js';
import { questionsOfConsultation } from '../survey/survey.loader.js';
import { Survey } from '../survey/survey.types.js';
import { Consultation } from './consultation.entity.js';
import { ConsultationStatus } from './consultation.enums.js';
import { ConsultationsArgs } from './consultation.input.js';
import { consultationById, heritageIdsOfConsultation, organizerIdsOfConsultation, respondedByViewer } from './consultation.loader.js';
import { CONSULTATION_ORDER, consultationBase, consultationStatus } from './consultation.query.js';
import { ConsultationConnection, ConsultationOutcome } from './consultation.types.js';

@Resolver(() => Consultation)
export class ConsultationResolver {
  @Query(() => ConsultationConnection, { description: 'Consultations, latest opening first.' })
  consultations(@Args(() => ConsultationsArgs) args: ConsultationsArgs, @Ctx() ctx: RequestContext): Connection<Consultation> {
    const first = pageSize(args.first);
    const base = consultationBase(ctx.em, args.filter, ctx.now);
    return new ConsultationConnection(
      lazySource(
        () => countRows(ctx.em, base),
        () => keysetPage(ctx.em, Consultation, base, CONSULTATION_ORDER, first, args.after),
      ),
    );
  }

  @Query(() => Consultation, { nullable: true, description: 'A consultation by id; null when unknown.' })
  consultation(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Consultation | null> {
    return consultationById(ctx).load(id);
  }

  @FieldResolver(() => String)
  title(@Root() consultation: Consultation, @Ctx() ctx: RequestContext): string {
    return localized(ctx.locale, consultation.titleUk, consultation.titleEn);
  }

  @FieldResolver(() => String)
  description(@Root() consultation: Consultation, @Ctx() ctx: RequestContext): string {
    return localized(ctx.locale, consultation.descriptionUk, consultation.descriptionEn);
  }

  @FieldResolver(() => ConsultationStatus)
  status(@Root() consultation: Consultation, @Ctx() ctx: RequestContext): ConsultationStatus {
    return consultationStatus(consultation, ctx.now);
  }

  @FieldResolver(() => Int, { description: 'People who took part: offline participants plus survey responses.' })
  participantCount(@Root() consultation: Consultation): number {
    return consultation.offlineParticipants + consultation.responseCount;
  }

  @Directive(cacheHint(PER_VIEWER))
  @FieldResolver(() => Boolean, { description: 'Whether the signed-in caller has responded to its survey; false for anonymous callers.' })
  viewerHasResponded(@Root() consultation: Consultation, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<boolean> {
    publicForAnonymous(info, ctx.viewer);
    return respondedByViewer(ctx).load(consultation.id);
  }

  @FieldResolver(() => City)
  city(@Root() consultation: Consultation): PlaceRef {
    return cityRef(consultation.city);
  }

  @FieldResolver(() => District, { nullable: true, description: 'Null for a consultation about the whole city.' })
  district(@Root() consultation: Consultation): PlaceRef | null {
    return districtRef(consultation.district);
  }

  @FieldResolver(() => [OrganizationRef], { nullable: true, description: 'Organisations organising it (civil-society partners of the city).' })
  async organizers(@Root() consultation: Consultation, @Ctx() ctx: RequestContext): Promise<EntityRef[]> {
    const ids = await organizerIdsOfConsultation(ctx).load(consultation.id);
    return ids.map((id) => ({ id }));
  }

  @FieldResolver(() => [HeritageObjectRef], { nullable: true, description: 'Heritage objects it concerns.' })
  async heritageObjects(@Root() consultation: Consultation, @Ctx() ctx: RequestContext): Promise<EntityRef[]> {
    const ids = await heritageIdsOfConsultation(ctx).load(consultation.id);
    return ids.map((id) => ({ id }));
  }

  @FieldResolver(() => MeasureRef, { nullable: true, description: 'The programme measure it carries out, when an official named one.' })
  measure(@Root() consultation: Consultation): EntityRef | null {
    return consultation.measureId ? { id: consultation.measureId } : null;
  }

  @FieldResolver(() => Survey, { nullable: true, description: 'Its survey; null when it has none.' })
  async survey(@Root() consultation: Consultation, @Ctx() ctx: RequestContext): Promise<Survey | null> {
    const questions = await questionsOfConsultation(ctx).load(consultation.id);
    return questions.length ? { questions } : null;
  }

  @FieldResolver(() => ConsultationOutcome, { nullable: true, description: 'What the city decided; null until published.' })
  outcome(@Root() consultation: Consultation, @Ctx() ctx: RequestContext): ConsultationOutcome | null {
    if (!consultation.outcomeUk || !consultation.outcomePublishedAt) return null;
    return { publishedAt: consultation.outcomePublishedAt, summary: localized(ctx.locale, consultation.outcomeUk, consultation.outcomeEn) };
  }
}
