import { Arg, Args, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root, Info } from 'type-graphql';
import { cacheHint, PER_VIEWER, publicForAnonymous } from '../../shared/cache-hints.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../../shared/context.js';
import { City, District, HeritageObjectRef, OrganizationRef } from '../federation.js';
import { localized } from '../../../lib/locale.js';
import { pageSize, lazySource, type Connection } from '../../shared/pagination.js';
import { cityRef, districtRef, type PlaceRef } from '../../shared/places.graphql.js';
import { countRows, keysetPage } from '../../shared/queries.js';
import { type EntityRef } from '../../shared/refs.js';
import { Petition } from './petition.entity.js';
import { PetitionSort, PetitionStatus, SignatureChannel } from './petition.enums.js';
import { PetitionsArgs } from './petition.input.js';
import { heritageIdsOfPetition, petitionById, signedByViewer } from './petition.loader.js';
import { PETITION_ORDERS, petitionBase, publicStatus } from './petition.query.js';
import { privateForSignedIn } from './petition.visibility.js';
import { PetitionConnection, PetitionRejection, PetitionResponse, SignatureChannelCount } from './petition.types.js';

@Resolver(() => Petition)
export class PetitionResolver {
  @Query(() => PetitionConnection, { description: 'Petitions, newest first unless sorted otherwise.' })
  petitions(@Args(() => PetitionsArgs) args: PetitionsArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Connection<Petition> {
    const first = pageSize(args.first);
    const base = petitionBase(ctx, args.filter);
    privateForSignedIn(info, ctx.viewer);
    const keys = PETITION_ORDERS[args.sort ?? PetitionSort.NEWEST];
    return new PetitionConnection(
      lazySource(
        () => countRows(ctx.em, base),
        () => keysetPage(ctx.em, Petition, base, keys, first, args.after),
      ),
    );
  }

  @Query(() => Petition, { nullable: true, description: 'A petition by id; null when unknown, or in moderation and neither the caller\u02bcs nor their city\u02bcs to moderate.' })
  petition(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Petition | null> {
    privateForSignedIn(info, ctx.viewer);
    return petitionById(ctx).load(id);
  }

  @FieldResolver(() => String)
  title(@Root() petition: Petition, @Ctx() ctx: RequestContext): string {
    return localized(ctx.locale, petition.titleUk, petition.titleEn);
  }

  @FieldResolver(() => String)
  body(@Root() petition: Petition, @Ctx() ctx: RequestContext): string {
    return localized(ctx.locale, petition.bodyUk, petition.bodyEn);
  }

  @FieldResolver(() => PetitionStatus)
  status(@Root() petition: Petition, @Ctx() ctx: RequestContext): PetitionStatus {
    return publicStatus(petition, ctx.now);
  }

  @FieldResolver(() => [SignatureChannelCount], { description: 'Signatures per channel; who signed is never public.' })
  signaturesByChannel(@Root() petition: Petition): SignatureChannelCount[] {
    return [
      { channel: SignatureChannel.WEB, count: petition.webSignatureCount },
      { channel: SignatureChannel.MOBILE_APP, count: petition.mobileSignatureCount },
    ];
  }

  @Directive(cacheHint(PER_VIEWER))
  @FieldResolver(() => Boolean, { description: 'Whether the signed-in caller has signed it; false for anonymous callers.' })
  viewerHasSigned(@Root() petition: Petition, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<boolean> {
    publicForAnonymous(info, ctx.viewer);
    return signedByViewer(ctx).load(petition.id);
  }

  @FieldResolver(() => Boolean, { description: 'It reached the threshold and the city has not answered yet.' })
  awaitingResponse(@Root() petition: Petition): boolean {
    return petition.thresholdReachedAt !== null && petition.respondedAt === null;
  }

  @FieldResolver(() => PetitionRejection, { nullable: true })
  rejection(@Root() petition: Petition, @Ctx() ctx: RequestContext): PetitionRejection | null {
    if (petition.status !== PetitionStatus.REJECTED || !petition.rejectionReasonUk || !petition.rejectedAt) return null;
    return { reason: localized(ctx.locale, petition.rejectionReasonUk, petition.rejectionReasonEn), rejectedAt: petition.rejectedAt };
  }

  @FieldResolver(() => PetitionResponse, { nullable: true })
  response(@Root() petition: Petition, @Ctx() ctx: RequestContext): PetitionResponse | null {
    if (!petition.responseUk || !petition.respondedAt) return null;
    return { respondedAt: petition.respondedAt, body: localized(ctx.locale, petition.responseUk, petition.responseEn) };
  }

  @FieldResolver(() => City)
  city(@Root() petition: Petition): PlaceRef {
    return cityRef(petition.city);
  }

  @FieldResolver(() => District, { nullable: true, description: 'Null for a petition about the whole city.' })
  district(@Root() petition: Petition): PlaceRef | null {
    return districtRef(petition.district);
  }

  @FieldResolver(() => OrganizationRef, { nullable: true, description: 'The registered organisation that started it, if any.' })
  initiatorOrganization(@Root() petition: Petition): EntityRef | null {
    return petition.initiatorOrganizationId ? { id: petition.initiatorOrganizationId } : null;
  }

  @FieldResolver(() => [HeritageObjectRef], { nullable: true, description: 'Heritage objects it concerns.' })
  async heritageObjects(@Root() petition: Petition, @Ctx() ctx: RequestContext): Promise<EntityRef[]> {
    const ids = await heritageIdsOfPetition(ctx).load(petition.id);
    return ids.map((id) => ({ id }));
  }
}
