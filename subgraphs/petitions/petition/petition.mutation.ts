import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import type { PetitionServices } from '../petitions.services.js';
import { moderatePetition, respondToPetition, signPetition, submitPetition } from './petition.commands.js';
import { ModerationDecision, SignatureChannel } from './petition.enums.js';
import { SubmitPetitionInput } from './petition.input.js';
import { PetitionPayload } from './petition.types.js';

/** The petition lifecycle: residents submit and sign; moderators admit or reject; officials answer. */
@Resolver()
export class PetitionMutationResolver {
  constructor(private readonly services: PetitionServices) {}

  @Authorized()
  @Mutation(() => PetitionPayload, { description: 'A resident submits a petition; it waits in MODERATION. Retrying the same submission returns the same petition.' })
  async submitPetition(@Arg('input', () => SubmitPetitionInput) input: SubmitPetitionInput, @Ctx() ctx: RequestContext): Promise<PetitionPayload> {
    return { petition: await submitPetition(ctx, this.services, input) };
  }

  @Authorized('moderator')
  @Mutation(() => PetitionPayload, { description: 'A moderator of the petition\u02bcs city admits it (OPEN) or rejects it (reason required).' })
  async moderatePetition(
    @Arg('id', () => ID) id: string,
    @Arg('decision', () => ModerationDecision) decision: ModerationDecision,
    @Arg('reason', () => String, { nullable: true, description: 'Why it is rejected; required to reject, published with the petition.' }) reason: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PetitionPayload> {
    return { petition: await moderatePetition(ctx, this.services, id, decision, reason) };
  }

  @Authorized()
  @Mutation(() => PetitionPayload, { description: 'A resident signs an OPEN petition, once; signing again returns it unchanged.' })
  async signPetition(
    @Arg('id', () => ID) id: string,
    @Arg('channel', () => SignatureChannel) channel: SignatureChannel,
    @Arg('district', () => ID, { nullable: true, description: 'The signer\u02bcs own district, for the public counts by district.' }) district: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PetitionPayload> {
    return { petition: await signPetition(ctx, id, channel, district) };
  }

  @Authorized('official')
  @Mutation(() => PetitionPayload, { description: 'An official of the petition\u02bcs city records the city\u02bcs answer, once.' })
  async respondToPetition(@Arg('id', () => ID) id: string, @Arg('body', () => String) body: string, @Ctx() ctx: RequestContext): Promise<PetitionPayload> {
    return { petition: await respondToPetition(ctx, id, body) };
  }
}
