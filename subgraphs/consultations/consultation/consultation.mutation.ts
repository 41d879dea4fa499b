import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import type { PeerQuery } from '../../shared/peers.js';
import { respondToSurvey } from '../response/respond.command.js';
import { SurveyAnswerInput } from '../response/survey-answer.input.js';
import { ConsultationInput } from './consultation-staff.input.js';
import { createConsultation, publishOutcome, updateConsultation } from './consultation.commands.js';
import { ConsultationPayload } from './consultation.types.js';

export interface ConsultationServices {
  peers: PeerQuery;
}

/** Residents answer surveys; officials of the city plan consultations and publish their outcome. */
@Resolver()
export class ConsultationMutationResolver {
  constructor(private readonly services: ConsultationServices) {}

  @Authorized()
  @Mutation(() => ConsultationPayload, { description: 'A resident answers an OPEN consultation\u02bcs survey, once: the same answers again change nothing; different ones are a CONFLICT.' })
  async respondToSurvey(
    @Arg('consultationId', () => ID) consultationId: string,
    @Arg('answers', () => [SurveyAnswerInput]) answers: SurveyAnswerInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<ConsultationPayload> {
    return { consultation: await respondToSurvey(ctx, consultationId, answers) };
  }

  @Authorized('official')
  @Mutation(() => ConsultationPayload, { description: 'An official of the city plans a consultation (PLANNED until it opens).' })
  async createConsultation(@Arg('input', () => ConsultationInput) input: ConsultationInput, @Ctx() ctx: RequestContext): Promise<ConsultationPayload> {
    return { consultation: await createConsultation(ctx, this.services.peers, input) };
  }

  @Authorized('official')
  @Mutation(() => ConsultationPayload, { description: 'An official of the city edits a PLANNED consultation; fields left out stay as they are.' })
  async updateConsultation(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ConsultationInput) input: ConsultationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ConsultationPayload> {
    return { consultation: await updateConsultation(ctx, this.services.peers, id, input) };
  }

  @Authorized('official')
  @Mutation(() => ConsultationPayload, { description: 'An official of the city publishes what was done with the input of a CLOSED consultation.' })
  async publishConsultationOutcome(
    @Arg('id', () => ID) id: string,
    @Arg('summary', () => String) summary: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ConsultationPayload> {
    return { consultation: await publishOutcome(ctx, id, summary) };
  }
}
