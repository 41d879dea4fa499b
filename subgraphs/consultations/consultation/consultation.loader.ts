import type { RequestContext } from '../../shared/context.js';
import { byIdLoader, linkedIdsLoader, viewerOwnsLoader } from '../../shared/loaders.js';
import { ConsultationHeritageObject } from '../links/consultation-heritage-object.entity.js';
import { ConsultationOrganizer } from '../links/consultation-organizer.entity.js';
import { SurveyResponse } from '../response/survey-response.entity.js';
import { Consultation } from './consultation.entity.js';

/** Consultations by id, for lookups and `_entities`: one statement per request. */
export const consultationById = (ctx: RequestContext) => byIdLoader(ctx, Consultation);

/** The organisations organising each consultation (their ids): one statement per request. */
export const organizerIdsOfConsultation = (ctx: RequestContext) => linkedIdsLoader(ctx, ConsultationOrganizer, 'consultation', 'organizationId');

/** The heritage objects each consultation concerns (their ids): one statement per request. */
export const heritageIdsOfConsultation = (ctx: RequestContext) => linkedIdsLoader(ctx, ConsultationHeritageObject, 'consultation', 'heritageObjectId');

/** Whether the caller answered each consultation's survey: one statement per request, none for anonymous callers. */
export const respondedByViewer = (ctx: RequestContext) => viewerOwnsLoader(ctx, SurveyResponse, 'consultation', 'respondent');
