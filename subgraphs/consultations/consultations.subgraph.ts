import type { SubgraphDefinition } from '../shared/subgraph.js';
import { keyOnly } from '../shared/refs.js';
import { Consultation } from './consultation/consultation.entity.js';
import { consultationById } from './consultation/consultation.loader.js';
import { ConsultationResolver } from './consultation/consultation.resolver.js';
import { ConsultationMutationResolver, type ConsultationServices } from './consultation/consultation.mutation.js';
import { ConsultationSubscriptionResolver } from './consultation/consultation.subscription.js';
import { SurveyTextAnswersResolver } from './survey/text-answers.resolver.js';
import { createPeerQuery } from '../shared/peers.js';
import { placeResolvers, residentResolvers } from './federation.js';
import { residentReference } from '../shared/resident.graphql.js';
import { ResidentResponsesResolver } from './response/responded-consultations.resolver.js';
import { seedConsultations } from './demo/consultations.seeder.js';
import { consultationsSandboxExamples } from './demo/consultations.examples.js';
import { seedConsultationVolume } from './demo/consultations.volume.js';
import { ConsultationHeritageObject } from './links/consultation-heritage-object.entity.js';
import { ConsultationOrganizer } from './links/consultation-organizer.entity.js';
import {
  DistrictConsultationsResolver,
  HeritageObjectConsultationsResolver,
  MeasureConsultationsResolver,
  OrganizationConsultationsResolver,
} from './links/consultations-of.resolver.js';
import { consultationsMigrations } from './migrations/index.js';
import { SurveyAnswer } from './response/survey-answer.entity.js';
import { SurveyResponse } from './response/survey-response.entity.js';
import { CityConsultationStatsResolver } from './stats/consultation-stats.resolver.js';
import { SurveyOption } from './survey/survey-option.entity.js';
import { SurveyQuestion } from './survey/survey-question.entity.js';
import { SurveyOptionResolver, SurveyQuestionResolver } from './survey/survey.resolver.js';
import { timedEventsBackground } from '../shared/timed-events.js';
import { consultationTransitions } from './consultation/consultation.transitions.js';

/**
 * The public-consultations subgraph: owns `Consultation` and its survey; adds consultations
 * to districts, organisations, heritage objects, programme measures and cities.
 */
export const consultationsSubgraph: SubgraphDefinition = {
  name: 'consultations',
  entities: [
    Consultation,
    ConsultationOrganizer,
    ConsultationHeritageObject,
    SurveyQuestion,
    SurveyOption,
    SurveyResponse,
    SurveyAnswer,
  ],
  migrations: consultationsMigrations,
  services: (config) => ({ peers: createPeerQuery(config) }) satisfies ConsultationServices,
  resolvers: [
    ...placeResolvers,
    ...residentResolvers,
    ResidentResponsesResolver,
    ConsultationResolver,
    ConsultationMutationResolver,
    ConsultationSubscriptionResolver,
    SurveyTextAnswersResolver,
    SurveyQuestionResolver,
    SurveyOptionResolver,
    DistrictConsultationsResolver,
    OrganizationConsultationsResolver,
    HeritageObjectConsultationsResolver,
    MeasureConsultationsResolver,
    CityConsultationStatsResolver,
  ],
  references: {
    Consultation: (ref, ctx) => consultationById(ctx).load(ref.id),
    Organization: keyOnly,
    HeritageObject: keyOnly,
    Measure: keyOnly,
    Resident: residentReference,
  },
  isEmpty: async (em) => (await em.count(Consultation, {})) === 0,
  seedDemo: seedConsultations,
  seedVolume: seedConsultationVolume,
  sandboxExamples: consultationsSandboxExamples,
  // ConsultationOpened and ConsultationClosed: no write opens or closes a consultation, time does.
  background: timedEventsBackground(consultationTransitions),
};
