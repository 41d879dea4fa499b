/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** OFFICIAL: recorded by an inspector; CITIZEN: a residentʼs report an inspector accepted. */
export type ConditionSource =
  | 'CITIZEN'
  | 'OFFICIAL';

/** How a consultation is held. */
export type ConsultationFormat =
  /** A public dialogue or open discussion event. */
  | 'DIALOGUE_EVENT'
  /** A short poll of one or two questions. */
  | 'EXPRESS_POLL'
  /** A survey on the cityʼs participation platform. */
  | 'ONLINE_SURVEY'
  /** Public discussion of a draft decision of the city council or executive. */
  | 'PUBLIC_DISCUSSION_OF_DRAFT_ACT'
  /** Public hearings or a general meeting of residents. */
  | 'PUBLIC_MEETING'
  /** A questionnaire, on paper or online. */
  | 'QUESTIONNAIRE'
  /** A round table of stakeholders. */
  | 'ROUND_TABLE'
  /** A representative sociological study. */
  | 'SOCIOLOGICAL_RESEARCH'
  /** A facilitated strategic session. */
  | 'STRATEGIC_SESSION'
  /** An online presentation with questions from residents. */
  | 'WEBINAR'
  /** A working group with residents and civil-society representatives. */
  | 'WORKING_GROUP';

/** PLANNED before `opensAt`, OPEN from `opensAt` until `closesAt`, CLOSED from `closesAt`. */
export type ConsultationStatus =
  | 'CLOSED'
  | 'OPEN'
  | 'PLANNED';

/** A published document: a title, its year and a link (http or https). */
export type DocumentInput = {
  title: string;
  url: string;
  year: number;
};

/** A financial report is mandatory to register; statutes and activity reports are voluntary. */
export type DocumentKind =
  | 'ACTIVITY_REPORT'
  | 'FINANCIAL_REPORT'
  | 'STATUTE';

/** Technical condition of a monument; DAMAGED and DESTROYED record war damage among others. */
export type HeritageCondition =
  | 'DAMAGED'
  | 'DESTROYED'
  | 'EMERGENCY'
  | 'GOOD'
  | 'SATISFACTORY'
  | 'UNSATISFACTORY';

/** PENDING: waiting for an inspector; ACCEPTED: entered the condition history as CITIZEN; DECLINED: with a reason. */
export type HeritageReportStatus =
  | 'ACCEPTED'
  | 'DECLINED'
  | 'PENDING';

/** Significance in the State Register of Immovable Monuments. */
export type HeritageSignificance =
  | 'LOCAL'
  | 'NATIONAL';

/** Types of monument in the national register. */
export type HeritageType =
  | 'ARCHAEOLOGY'
  | 'ARCHITECTURE_AND_URBAN_PLANNING'
  | 'GARDEN_AND_PARK_ART'
  | 'HISTORY'
  | 'LANDSCAPE'
  | 'MONUMENTAL_ART'
  | 'SCIENCE_AND_TECHNOLOGY';

/** Legal form of a civil-society organisation (інститут громадянського суспільства). */
export type LegalForm =
  /** Благодійна організація. */
  | 'CHARITY'
  /** Творча спілка. */
  | 'CREATIVE_UNION'
  /** Громадська організація. */
  | 'PUBLIC_ORGANIZATION'
  /** Громадська спілка. */
  | 'PUBLIC_UNION'
  /** Орган самоорганізації населення (ОСН). */
  | 'SELF_ORGANIZATION_BODY'
  /** Професійна спілка. */
  | 'TRADE_UNION';

/** What a report says of a measure. */
export type MeasureStatus =
  /** Виконано. */
  | 'DONE'
  /** Виконується. */
  | 'IN_PROGRESS'
  /** Не виконано. */
  | 'NOT_DONE'
  /** No published report says anything of it (or says "-"). */
  | 'NOT_REPORTED'
  /** Частково виконано. */
  | 'PARTIALLY_DONE';

export type ModerationDecision =
  /** Open it for signatures for the cityʼs collection period. */
  | 'ADMIT'
  /** Refuse it; a reason is required and is published. */
  | 'REJECT';

/** PENDING until a registrar decides; REGISTERED or DECLINED; later SUSPENDED or LIQUIDATED. */
export type OrganizationStatus =
  | 'DECLINED'
  | 'LIQUIDATED'
  | 'PENDING'
  | 'REGISTERED'
  | 'SUSPENDED';

export type PetitionSort =
  /** Nearest closing date first; petitions without one last. */
  | 'CLOSING_SOON'
  /** Most signatures first. */
  | 'MOST_SIGNED'
  /** Latest submitted first. */
  | 'NEWEST';

/** MODERATION → OPEN (admitted) or REJECTED; OPEN → CLOSED when its collection period ends. */
export type PetitionStatus =
  | 'CLOSED'
  | 'MODERATION'
  | 'OPEN'
  | 'REJECTED';

/** What kind of document the programme is. */
export type ProgrammeKind =
  /** A plan of measures or actions (план заходів, план дій), e.g. the Open Government Partnership plan. */
  | 'ACTION_PLAN'
  /** A plan implementing a city strategy (план реалізації стратегії). */
  | 'STRATEGY_PLAN'
  /** A city target programme (міська цільова програма), with funding per measure. */
  | 'TARGET_PROGRAMME';

/** What an official records of a measure in a draft report: replaces the measureʼs entry in that report (every change is kept). */
export type RecordMeasureProgressInput = {
  /** https links to evidence (at most 20). */
  evidenceUrls?: Array<string> | null | undefined;
  measureId: string | number;
  /** Why it was not (fully) done. */
  reasons?: string | null | undefined;
  /** A DRAFT report on the measureʼs programme. */
  reportId: string | number;
  /** Thousand UAH spent in the period: a non-negative decimal string such as "1234.5". */
  spent?: string | null | undefined;
  /** Any status but NOT_REPORTED. */
  status: MeasureStatus;
  /** What was done in the period (1 to 20,000 characters). */
  text: string;
};

/** An application to the cityʼs registry; a financial report is mandatory. */
export type RegisterOrganizationInput = {
  /** 1 to 10 areas of activity. */
  activityAreas: Array<string>;
  city: string | number;
  district?: string | number | null | undefined;
  /** EDRPOU code: 8 digits with a valid check digit. */
  edrpou: string;
  /** The latest financial report (mandatory to register). */
  financialReport: DocumentInput;
  legalForm: LegalForm;
  /** Name in Ukrainian, as in the state register. */
  name: string;
  nameEn?: string | null | undefined;
  shortName?: string | null | undefined;
};

/** An endpoint to receive a cityʼs events as signed webhooks. */
export type RegisterWebhookInput = {
  /** The city whose events it receives; the caller is an integrator of it. */
  city: string | number;
  /** A note for the integratorʼs own use: at most 500 characters. */
  description?: string | null | undefined;
  /** The event types it receives: at least one. */
  eventTypes: Array<WebhookEventType>;
  /** An https URL of a public host (no credentials, no IP address), at most 2,048 characters. */
  url: string;
};

/** A residentʼs report of a monumentʼs condition. */
export type ReportHeritageConditionInput = {
  condition: HeritageCondition;
  heritageObjectId: string | number;
  /** What you saw: 1 to 2,000 characters. */
  note: string;
  /** Up to 10 links (http or https) to photographs. */
  photoUrls?: Array<string> | null | undefined;
};

export type ReviewDecision =
  /** The report enters the condition history as CITIZEN; its photos join the monumentʼs. */
  | 'ACCEPT'
  /** Declined, with a reason the reporter sees. */
  | 'DECLINE';

/** Where a signature was given. */
export type SignatureChannel =
  | 'MOBILE_APP'
  | 'WEB';

/** A new petition, as its author writes it (in Ukrainian, the language of record). */
export type SubmitPetitionInput = {
  /** 50–10000 characters. */
  body: string;
  /** The city it is addressed to, e.g. `kyiv`. */
  city: string | number;
  /** The district it concerns, if one. */
  district?: string | number | null | undefined;
  /** Heritage objects it concerns (at most 20). */
  heritageObjectIds?: Array<string | number> | null | undefined;
  /** A registered organisation that starts it. */
  initiatorOrganizationId?: string | number | null | undefined;
  /** 10–200 characters. */
  title: string;
};

/** One answer: `optionIds` for choice questions, `text` for TEXT, `value` for SCALE. */
export type SurveyAnswerInput = {
  /** SINGLE_CHOICE: exactly one; MULTIPLE_CHOICE: one or more, distinct. */
  optionIds?: Array<string | number> | null | undefined;
  questionId: string | number;
  /** TEXT: up to 2,000 characters. Never published. */
  text?: string | null | undefined;
  /** SCALE: a whole number from the questionʼs `scaleMin` to `scaleMax`. */
  value?: number | null | undefined;
};

/** What an answer to a survey question is. */
export type SurveyQuestionKind =
  /** One or more of the options. */
  | 'MULTIPLE_CHOICE'
  /** A whole number between `scaleMin` and `scaleMax` (1 to 5). */
  | 'SCALE'
  /** Exactly one of the options. */
  | 'SINGLE_CHOICE'
  /** Free text; never published. */
  | 'TEXT';

export type VerificationDecision =
  /** Registers it (REGISTERED). */
  | 'APPROVE'
  /** Declines the application; a reason is required. */
  | 'DECLINE';

export type WebhookDeliveryStatus =
  /** Not sent: the webhook was switched off before it could be delivered. */
  | 'CANCELLED'
  /** The endpoint answered 2xx. */
  | 'DELIVERED'
  /** Every attempt failed (retried with backoff for about a day). */
  | 'FAILED'
  /** Not delivered yet: its next attempt is at nextAttemptAt. */
  | 'PENDING';

/** An event type a webhook can receive (see ParticipationEventʼs implementations for those of the city feed). */
export type WebhookEventType =
  /** ConsultationClosed: about a Consultation, recorded by the consultations service. */
  | 'CONSULTATION_CLOSED'
  /** ConsultationOpened: about a Consultation, recorded by the consultations service. */
  | 'CONSULTATION_OPENED'
  /** ConsultationOutcomePublished: about a Consultation, recorded by the consultations service. */
  | 'CONSULTATION_OUTCOME_PUBLISHED'
  /** ConsultationParticipantCountChanged: about a Consultation, recorded by the consultations service. */
  | 'CONSULTATION_PARTICIPANT_COUNT_CHANGED'
  /** HeritageConditionChanged: about a HeritageObject, recorded by the heritage service. */
  | 'HERITAGE_CONDITION_CHANGED'
  /** OrganizationRegistered: about a Organization, recorded by the registry service. */
  | 'ORGANIZATION_REGISTERED'
  /** PetitionAnswered: about a Petition, recorded by the petitions service. */
  | 'PETITION_ANSWERED'
  /** PetitionClosed: about a Petition, recorded by the petitions service. */
  | 'PETITION_CLOSED'
  /** PetitionPublished: about a Petition, recorded by the petitions service. */
  | 'PETITION_PUBLISHED'
  /** PetitionRejected: about a Petition, recorded by the petitions service. */
  | 'PETITION_REJECTED'
  /** PetitionSignatureCountChanged: about a Petition, recorded by the petitions service. */
  | 'PETITION_SIGNATURE_COUNT_CHANGED'
  /** PetitionThresholdReached: about a Petition, recorded by the petitions service. */
  | 'PETITION_THRESHOLD_REACHED'
  /** ProgrammeProgressRecorded: about a Programme, recorded by the programmes service. */
  | 'PROGRAMME_PROGRESS_RECORDED';

export type CityOverviewQueryVariables = Exact<{
  city: string | number;
  year?: number | null | undefined;
}>;


export type CityOverviewQuery = { city: { id: string, name: string, districts: Array<{ id: string, name: string }>, petitionStats: { submitted: number, admitted: number, rejected: number, signatures: number, signaturesByChannel: Array<{ channel: SignatureChannel, count: number }> } | null, consultationStats: { total: number, participants: number } | null, registryStats: { registered: number } | null, heritageStats: { total: number, byCondition: Array<{ condition: HeritageCondition, count: number }> } | null } | null };

export type DistrictParticipationQueryVariables = Exact<{
  city: string | number;
  district: string | number;
  first?: number | null | undefined;
}>;


export type DistrictParticipationQuery = { city: { id: string, name: string, district: { id: string, name: string, petitions: { totalCount: number, edges: Array<{ node: { id: string, title: string, signatureCount: number, signatureThreshold: number, closesAt: string | null, initiatorOrganization: { id: string, name: string } | null, heritageObjects: Array<{ id: string, name: string, condition: HeritageCondition }> | null } }> } | null, consultations: { totalCount: number, edges: Array<{ node: { id: string, title: string, format: ConsultationFormat, closesAt: string, organizers: Array<{ id: string, name: string }> | null } }> } | null, organizations: { totalCount: number, edges: Array<{ node: { id: string, name: string, legalForm: LegalForm, petitions: { totalCount: number } | null, consultations: { totalCount: number } | null } }> } | null, heritageObjects: { totalCount: number, edges: Array<{ node: { id: string, name: string, significance: HeritageSignificance, condition: HeritageCondition, petitions: { totalCount: number } | null, consultations: { totalCount: number } | null, stewards: Array<{ id: string, name: string }> | null } }> } | null } | null } | null };

export type ConsultationsQueryVariables = Exact<{
  city: string | number;
  status?: ConsultationStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsultationsQuery = { consultations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, format: ConsultationFormat, status: ConsultationStatus, opensAt: string, closesAt: string, participantCount: number } }> } };

export type ConsultationPageQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsultationPageQuery = { consultation: { id: string, title: string, description: string, format: ConsultationFormat, status: ConsultationStatus, opensAt: string, closesAt: string, participantCount: number, viewerHasResponded: boolean, district: { id: string, name: string } | null, organizers: Array<{ id: string, name: string }> | null, heritageObjects: Array<{ id: string, name: string }> | null, survey: { questions: Array<{ id: string, text: string, kind: SurveyQuestionKind, required: boolean, options: Array<{ id: string, text: string, responseCount: number }> }> } | null, outcome: { publishedAt: string, summary: string } | null } | null };

export type RespondToSurveyMutationVariables = Exact<{
  id: string | number;
  answers: Array<SurveyAnswerInput> | SurveyAnswerInput;
}>;


export type RespondToSurveyMutation = { respondToSurvey: { consultation: { id: string, participantCount: number, viewerHasResponded: boolean } } };

export type HeritageNearbyQueryVariables = Exact<{
  lat: number;
  lng: number;
  radiusMeters: number;
  first?: number | null | undefined;
}>;


export type HeritageNearbyQuery = { heritageObjects: { totalCount: number, edges: Array<{ node: { id: string, name: string, protectionNumber: string, significance: HeritageSignificance, types: Array<HeritageType>, condition: HeritageCondition, address: string, location: { lat: number, lng: number }, petitions: { totalCount: number } | null } }> } };

export type HeritageObjectPageQueryVariables = Exact<{
  id: string | number;
}>;


export type HeritageObjectPageQuery = { heritageObject: { id: string, name: string, protectionNumber: string, significance: HeritageSignificance, types: Array<HeritageType>, dating: string | null, address: string, condition: HeritageCondition, location: { lat: number, lng: number }, district: { id: string, name: string } | null, conditionHistory: Array<{ condition: HeritageCondition, recordedAt: string, source: ConditionSource, note: string | null }>, stewards: Array<{ id: string, name: string }> | null, petitions: { totalCount: number, edges: Array<{ node: { id: string, title: string, status: PetitionStatus } }> } | null, consultations: { totalCount: number, edges: Array<{ node: { id: string, title: string, status: ConsultationStatus } }> } | null } | null };

export type ReportHeritageConditionMutationVariables = Exact<{
  input: ReportHeritageConditionInput;
}>;


export type ReportHeritageConditionMutation = { reportHeritageCondition: { report: { id: string, status: HeritageReportStatus, condition: HeritageCondition } } };

export type PetitionLiveSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type PetitionLiveSubscription = { petitionChanged: { id: string, status: PetitionStatus, signatureCount: number, thresholdReachedAt: string | null, viewerHasSigned: boolean, response: { respondedAt: string, body: string } | null, initiatorOrganization: { id: string, name: string } | null } | null };

export type ConsultationLiveSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type ConsultationLiveSubscription = { consultationChanged: { id: string, status: ConsultationStatus, participantCount: number, survey: { questions: Array<{ id: string, options: Array<{ id: string, responseCount: number }> }> } | null, outcome: { publishedAt: string, summary: string } | null } | null };

export type CityFeedSubscriptionVariables = Exact<{
  city: string | number;
}>;


export type CityFeedSubscription = { participationEvents:
    | { __typename: 'ConsultationClosed', id: string, occurredAt: string }
    | { __typename: 'ConsultationOpened', id: string, occurredAt: string, consultation: { id: string, title: string, closesAt: string, organizers: Array<{ id: string, name: string }> | null } }
    | { __typename: 'ConsultationOutcomePublished', id: string, occurredAt: string, consultation: { id: string, title: string, outcome: { summary: string } | null } }
    | { __typename: 'HeritageConditionChanged', id: string, occurredAt: string, heritageObject: { id: string, name: string, condition: HeritageCondition, petitions: { totalCount: number } | null } }
    | { __typename: 'OrganizationRegistered', id: string, occurredAt: string, organization: { id: string, name: string, legalForm: LegalForm } }
    | { __typename: 'PetitionAnswered', id: string, occurredAt: string, petition: { id: string, title: string, response: { body: string } | null } }
    | { __typename: 'PetitionClosed', id: string, occurredAt: string }
    | { __typename: 'PetitionPublished', id: string, occurredAt: string, petition: { id: string, title: string, closesAt: string | null } }
    | { __typename: 'PetitionThresholdReached', id: string, occurredAt: string, petition: { id: string, title: string, signatureCount: number, initiatorOrganization: { id: string, name: string } | null } }
    | { __typename: 'ProgrammeProgressRecorded', id: string, occurredAt: string }
   | null };

export type RegisterWebhookMutationVariables = Exact<{
  input: RegisterWebhookInput;
}>;


export type RegisterWebhookMutation = { registerWebhook: { secret: string, webhook: { id: string, url: string, eventTypes: Array<WebhookEventType>, city: { id: string } } } };

export type WebhooksQueryVariables = Exact<{
  city: string | number;
}>;


export type WebhooksQuery = { webhooks: Array<{ id: string, url: string, eventTypes: Array<WebhookEventType>, active: boolean, deliveries: { edges: Array<{ node: { id: string, eventType: WebhookEventType, attempts: number, status: WebhookDeliveryStatus, lastAttemptAt: string | null, responseStatus: number | null } }> } }> };

export type MyParticipationQueryVariables = Exact<{ [key: string]: never; }>;


export type MyParticipationQuery = { me: { id: string, signedPetitions: { totalCount: number, edges: Array<{ node: { id: string, title: string, status: PetitionStatus, signatureCount: number } }> }, respondedConsultations: { totalCount: number, edges: Array<{ node: { id: string, title: string, status: ConsultationStatus } }> }, heritageReports: Array<{ id: string, status: HeritageReportStatus, heritageObject: { id: string, name: string } | null }> } | null };

export type PetitionsQueryVariables = Exact<{
  city: string | number;
  status?: PetitionStatus | null | undefined;
  sort?: PetitionSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PetitionsQuery = { petitions: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, title: string, status: PetitionStatus, signatureCount: number, signatureThreshold: number, closesAt: string | null } }> } };

export type PetitionPageQueryVariables = Exact<{
  id: string | number;
}>;


export type PetitionPageQuery = { petition: { id: string, number: string, title: string, body: string, status: PetitionStatus, createdAt: string, openedAt: string | null, closesAt: string | null, thresholdReachedAt: string | null, signatureCount: number, signatureThreshold: number, viewerHasSigned: boolean, signaturesByChannel: Array<{ channel: SignatureChannel, count: number }>, rejection: { reason: string } | null, response: { respondedAt: string, body: string } | null, district: { id: string, name: string } | null, initiatorOrganization: { id: string, name: string, edrpou: string } | null, heritageObjects: Array<{ id: string, name: string, protectionNumber: string }> | null } | null };

export type SubmitPetitionMutationVariables = Exact<{
  input: SubmitPetitionInput;
}>;


export type SubmitPetitionMutation = { submitPetition: { petition: { id: string, status: PetitionStatus } } };

export type ModeratePetitionMutationVariables = Exact<{
  id: string | number;
  decision: ModerationDecision;
  reason?: string | null | undefined;
}>;


export type ModeratePetitionMutation = { moderatePetition: { petition: { id: string, status: PetitionStatus, openedAt: string | null, closesAt: string | null, rejection: { reason: string } | null } } };

export type SignPetitionMutationVariables = Exact<{
  id: string | number;
  channel: SignatureChannel;
}>;


export type SignPetitionMutation = { signPetition: { petition: { id: string, signatureCount: number, viewerHasSigned: boolean, thresholdReachedAt: string | null } } };

export type RespondToPetitionMutationVariables = Exact<{
  id: string | number;
  body: string;
}>;


export type RespondToPetitionMutation = { respondToPetition: { petition: { id: string, response: { respondedAt: string, body: string } | null } } };

export type CityProgrammesQueryVariables = Exact<{
  city: string | number;
}>;


export type CityProgrammesQuery = { city: { id: string, programmes: Array<{ id: string, title: string, kind: ProgrammeKind, startYear: number | null, endYear: number | null, measureCount: number }> } | null };

export type ProgrammePageQueryVariables = Exact<{
  id: string | number;
  status?: MeasureStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ProgrammePageQuery = { programme: { id: string, title: string, kind: ProgrammeKind, startYear: number | null, endYear: number | null, approvedBy: string | null, source: { document: string }, goals: Array<{ number: string | null, title: string }>, statusCounts: Array<{ status: MeasureStatus, count: number }>, reports: Array<{ id: string, title: string, periodStart: string, periodEnd: string }>, measures: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: string, title: string, deadline: string | null, status: MeasureStatus, executors: Array<string> } }> } } | null };

export type MeasurePageQueryVariables = Exact<{
  id: string | number;
}>;


export type MeasurePageQuery = { measure: { id: string, number: string, title: string, deadline: string | null, executors: Array<string>, expectedResults: string | null, status: MeasureStatus, goal: { number: string | null, title: string } | null, partners: Array<{ name: string, organization: { id: string, name: string } | null }>, funding: Array<{ source: string, year: number | null, planned: string | null }>, progress: Array<{ status: MeasureStatus, statusText: string | null, text: string | null, spent: string | null, reasons: string | null, report: { id: string, title: string } }>, consultations: { totalCount: number, edges: Array<{ node: { id: string, title: string, status: ConsultationStatus } }> } | null } | null };

export type ProgrammeReportQueryVariables = Exact<{
  id: string | number;
}>;


export type ProgrammeReportQuery = { programmeReport: { id: string, title: string, periodStart: string, periodEnd: string, programme: { id: string, title: string }, statusCounts: Array<{ status: MeasureStatus, count: number }>, totals: { plannedStated: string | null, spentStated: string | null, deviationStated: string | null, plannedSum: string | null, spentSum: string | null } } | null };

export type OrganizationProgrammesQueryVariables = Exact<{
  id: string | number;
}>;


export type OrganizationProgrammesQuery = { organization: { id: string, name: string, programmeMeasures: { totalCount: number, edges: Array<{ node: { id: string, number: string, title: string, status: MeasureStatus } }> } | null } | null };

export type RecordMeasureProgressMutationVariables = Exact<{
  input: RecordMeasureProgressInput;
}>;


export type RecordMeasureProgressMutation = { recordMeasureProgress: { measure: { id: string, status: MeasureStatus, progress: Array<{ status: MeasureStatus, text: string | null, spent: string | null, report: { id: string } }> } } };

export type OrganizationsQueryVariables = Exact<{
  city: string | number;
  search?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type OrganizationsQuery = { organizations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, edrpou: string, name: string, legalForm: LegalForm, status: OrganizationStatus } }> } };

export type OrganizationProfileQueryVariables = Exact<{
  id: string | number;
}>;


export type OrganizationProfileQuery = { organization: { id: string, edrpou: string, name: string, shortName: string | null, legalForm: LegalForm, status: OrganizationStatus, registeredAt: string | null, activityAreas: Array<string>, district: { id: string, name: string } | null, documents: Array<{ kind: DocumentKind, title: string, year: number, url: string }>, petitions: { totalCount: number, edges: Array<{ node: { id: string, title: string, status: PetitionStatus } }> } | null, consultations: { totalCount: number, edges: Array<{ node: { id: string, title: string } }> } | null, stewardedHeritageObjects: Array<{ id: string, name: string, condition: HeritageCondition }> | null } | null };

export type RegisterOrganizationMutationVariables = Exact<{
  input: RegisterOrganizationInput;
}>;


export type RegisterOrganizationMutation = { registerOrganization: { organization: { id: string, edrpou: string, status: OrganizationStatus } } };

export type VerifyOrganizationMutationVariables = Exact<{
  id: string | number;
  decision: VerificationDecision;
  reason?: string | null | undefined;
}>;


export type VerifyOrganizationMutation = { verifyOrganization: { organization: { id: string, status: OrganizationStatus } } };

export type ReviewHeritageReportMutationVariables = Exact<{
  id: string | number;
  decision: ReviewDecision;
  reason?: string | null | undefined;
}>;


export type ReviewHeritageReportMutation = { reviewHeritageReport: { report: { id: string, status: HeritageReportStatus } } };

export type PublishConsultationOutcomeMutationVariables = Exact<{
  id: string | number;
  summary: string;
}>;


export type PublishConsultationOutcomeMutation = { publishConsultationOutcome: { consultation: { id: string, outcome: { publishedAt: string, summary: string } | null } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const CityOverviewDocument = new TypedDocumentString(`
    query CityOverview($city: ID!, $year: Int) {
  city(id: $city) {
    id
    name
    districts {
      id
      name
    }
    petitionStats(year: $year) {
      submitted
      admitted
      rejected
      signatures
      signaturesByChannel {
        channel
        count
      }
    }
    consultationStats(year: $year) {
      total
      participants
    }
    registryStats {
      registered
    }
    heritageStats {
      total
      byCondition {
        condition
        count
      }
    }
  }
}
    `, {"persistedId":"4e7179681c5a588361709e55fbb5f24acbc8e7ff81da3ed2eb1325c9a46ff964"}) as unknown as TypedDocumentString<CityOverviewQuery, CityOverviewQueryVariables>;
export const DistrictParticipationDocument = new TypedDocumentString(`
    query DistrictParticipation($city: ID!, $district: ID!, $first: Int = 5) {
  city(id: $city) {
    id
    name
    district(id: $district) {
      id
      name
      petitions(first: $first, filter: {status: OPEN}) {
        totalCount
        edges {
          node {
            id
            title
            signatureCount
            signatureThreshold
            closesAt
            initiatorOrganization {
              id
              name
            }
            heritageObjects {
              id
              name
              condition
            }
          }
        }
      }
      consultations(first: $first, filter: {status: OPEN}) {
        totalCount
        edges {
          node {
            id
            title
            format
            closesAt
            organizers {
              id
              name
            }
          }
        }
      }
      organizations(first: $first) {
        totalCount
        edges {
          node {
            id
            name
            legalForm
            petitions {
              totalCount
            }
            consultations {
              totalCount
            }
          }
        }
      }
      heritageObjects(first: $first) {
        totalCount
        edges {
          node {
            id
            name
            significance
            condition
            petitions {
              totalCount
            }
            consultations {
              totalCount
            }
            stewards {
              id
              name
            }
          }
        }
      }
    }
  }
}
    `, {"persistedId":"bc3a3cdc8f9263253956cebadf9e6fc5f9e3f016a3cc7fd47e41c2b56d83243f"}) as unknown as TypedDocumentString<DistrictParticipationQuery, DistrictParticipationQueryVariables>;
export const ConsultationsDocument = new TypedDocumentString(`
    query Consultations($city: ID!, $status: ConsultationStatus, $first: Int = 20, $after: String) {
  consultations(
    first: $first
    after: $after
    filter: {city: $city, status: $status}
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        title
        format
        status
        opensAt
        closesAt
        participantCount
      }
    }
  }
}
    `, {"persistedId":"ff5da5ce9248fb17a776ff7cc49e8cc0bfd9ad799803f99cd24869f7cb095b10"}) as unknown as TypedDocumentString<ConsultationsQuery, ConsultationsQueryVariables>;
export const ConsultationPageDocument = new TypedDocumentString(`
    query ConsultationPage($id: ID!) {
  consultation(id: $id) {
    id
    title
    description
    format
    status
    opensAt
    closesAt
    participantCount
    viewerHasResponded
    district {
      id
      name
    }
    organizers {
      id
      name
    }
    heritageObjects {
      id
      name
    }
    survey {
      questions {
        id
        text
        kind
        required
        options {
          id
          text
          responseCount
        }
      }
    }
    outcome {
      publishedAt
      summary
    }
  }
}
    `, {"persistedId":"3779689fdce6453e100ac956cf8627fa9cffe160a61ef36cc7ca42bd805b24e5"}) as unknown as TypedDocumentString<ConsultationPageQuery, ConsultationPageQueryVariables>;
export const RespondToSurveyDocument = new TypedDocumentString(`
    mutation RespondToSurvey($id: ID!, $answers: [SurveyAnswerInput!]!) {
  respondToSurvey(consultationId: $id, answers: $answers) {
    consultation {
      id
      participantCount
      viewerHasResponded
    }
  }
}
    `, {"persistedId":"e18144e9108f244de5aac13719391295e71952cf1fe60feb260d835c4854993e"}) as unknown as TypedDocumentString<RespondToSurveyMutation, RespondToSurveyMutationVariables>;
export const HeritageNearbyDocument = new TypedDocumentString(`
    query HeritageNearby($lat: Float!, $lng: Float!, $radiusMeters: Int!, $first: Int = 20) {
  heritageObjects(
    first: $first
    filter: {near: {lat: $lat, lng: $lng, radiusMeters: $radiusMeters}}
  ) {
    totalCount
    edges {
      node {
        id
        name
        protectionNumber
        significance
        types
        condition
        address
        location {
          lat
          lng
        }
        petitions {
          totalCount
        }
      }
    }
  }
}
    `, {"persistedId":"c19ee8989de5fb750631a278f30811fbf431e1b45c7c2c83d7203a90561c0f60"}) as unknown as TypedDocumentString<HeritageNearbyQuery, HeritageNearbyQueryVariables>;
export const HeritageObjectPageDocument = new TypedDocumentString(`
    query HeritageObjectPage($id: ID!) {
  heritageObject(id: $id) {
    id
    name
    protectionNumber
    significance
    types
    dating
    address
    condition
    location {
      lat
      lng
    }
    district {
      id
      name
    }
    conditionHistory {
      condition
      recordedAt
      source
      note
    }
    stewards {
      id
      name
    }
    petitions {
      totalCount
      edges {
        node {
          id
          title
          status
        }
      }
    }
    consultations {
      totalCount
      edges {
        node {
          id
          title
          status
        }
      }
    }
  }
}
    `, {"persistedId":"91b9c60d08ca9756ba253f7e207043134ef3581646bf0fa36dddca2bd06242bb"}) as unknown as TypedDocumentString<HeritageObjectPageQuery, HeritageObjectPageQueryVariables>;
export const ReportHeritageConditionDocument = new TypedDocumentString(`
    mutation ReportHeritageCondition($input: ReportHeritageConditionInput!) {
  reportHeritageCondition(input: $input) {
    report {
      id
      status
      condition
    }
  }
}
    `, {"persistedId":"359106724dad5d4c8aba0804e2473fd19a6a43ef5234810b6341786476672dad"}) as unknown as TypedDocumentString<ReportHeritageConditionMutation, ReportHeritageConditionMutationVariables>;
export const PetitionLiveDocument = new TypedDocumentString(`
    subscription PetitionLive($id: ID!) {
  petitionChanged(id: $id) {
    id
    status
    signatureCount
    thresholdReachedAt
    viewerHasSigned
    response {
      respondedAt
      body
    }
    initiatorOrganization {
      id
      name
    }
  }
}
    `, {"persistedId":"970f372bd88f28adc299b64a51381b3c9028e455760a6f0766825c009a4ea3bf"}) as unknown as TypedDocumentString<PetitionLiveSubscription, PetitionLiveSubscriptionVariables>;
export const ConsultationLiveDocument = new TypedDocumentString(`
    subscription ConsultationLive($id: ID!) {
  consultationChanged(id: $id) {
    id
    status
    participantCount
    survey {
      questions {
        id
        options {
          id
          responseCount
        }
      }
    }
    outcome {
      publishedAt
      summary
    }
  }
}
    `, {"persistedId":"96043095caba5faaec1d49b587cdaf31663ad7914eb025aff191b2375bc2735e"}) as unknown as TypedDocumentString<ConsultationLiveSubscription, ConsultationLiveSubscriptionVariables>;
export const CityFeedDocument = new TypedDocumentString(`
    subscription CityFeed($city: ID!) {
  participationEvents(city: $city) {
    __typename
    id
    occurredAt
    ... on PetitionPublished {
      petition {
        id
        title
        closesAt
      }
    }
    ... on PetitionThresholdReached {
      petition {
        id
        title
        signatureCount
        initiatorOrganization {
          id
          name
        }
      }
    }
    ... on PetitionAnswered {
      petition {
        id
        title
        response {
          body
        }
      }
    }
    ... on ConsultationOpened {
      consultation {
        id
        title
        closesAt
        organizers {
          id
          name
        }
      }
    }
    ... on ConsultationOutcomePublished {
      consultation {
        id
        title
        outcome {
          summary
        }
      }
    }
    ... on HeritageConditionChanged {
      heritageObject {
        id
        name
        condition
        petitions {
          totalCount
        }
      }
    }
    ... on OrganizationRegistered {
      organization {
        id
        name
        legalForm
      }
    }
  }
}
    `, {"persistedId":"5cd2c1acf463407c1f44b24ef50f99df3791dfb03c37eda5210287fd8a329452"}) as unknown as TypedDocumentString<CityFeedSubscription, CityFeedSubscriptionVariables>;
export const RegisterWebhookDocument = new TypedDocumentString(`
    mutation RegisterWebhook($input: RegisterWebhookInput!) {
  registerWebhook(input: $input) {
    webhook {
      id
      url
      eventTypes
      city {
        id
      }
    }
    secret
  }
}
    `, {"persistedId":"d1dc759fb23b612c60bcf9c180a17d6f0b389912912a20091db99f3058f4c6f4"}) as unknown as TypedDocumentString<RegisterWebhookMutation, RegisterWebhookMutationVariables>;
export const WebhooksDocument = new TypedDocumentString(`
    query Webhooks($city: ID!) {
  webhooks(city: $city) {
    id
    url
    eventTypes
    active
    deliveries(first: 10) {
      edges {
        node {
          id
          eventType
          attempts
          status
          lastAttemptAt
          responseStatus
        }
      }
    }
  }
}
    `, {"persistedId":"ffe70ddaa356adef4d066d25b431ad01504631cc7d92d34dc0b35903edd85d00"}) as unknown as TypedDocumentString<WebhooksQuery, WebhooksQueryVariables>;
export const MyParticipationDocument = new TypedDocumentString(`
    query MyParticipation {
  me {
    id
    signedPetitions(first: 10) {
      totalCount
      edges {
        node {
          id
          title
          status
          signatureCount
        }
      }
    }
    respondedConsultations(first: 10) {
      totalCount
      edges {
        node {
          id
          title
          status
        }
      }
    }
    heritageReports {
      id
      status
      heritageObject {
        id
        name
      }
    }
  }
}
    `, {"persistedId":"4af3e3ea65f7ace0456daec1ffe4dd3e3040b7e09a0c8a7abbd06162a6d1628c"}) as unknown as TypedDocumentString<MyParticipationQuery, MyParticipationQueryVariables>;
export const PetitionsDocument = new TypedDocumentString(`
    query Petitions($city: ID!, $status: PetitionStatus, $sort: PetitionSort, $first: Int = 20, $after: String) {
  petitions(
    first: $first
    after: $after
    filter: {city: $city, status: $status}
    sort: $sort
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        title
        status
        signatureCount
        signatureThreshold
        closesAt
      }
    }
  }
}
    `, {"persistedId":"167d01772c489d21ade69da6a1f99cea17e758ed29d5f233aced93ad3c639db6"}) as unknown as TypedDocumentString<PetitionsQuery, PetitionsQueryVariables>;
export const PetitionPageDocument = new TypedDocumentString(`
    query PetitionPage($id: ID!) {
  petition(id: $id) {
    id
    number
    title
    body
    status
    createdAt
    openedAt
    closesAt
    thresholdReachedAt
    signatureCount
    signatureThreshold
    signaturesByChannel {
      channel
      count
    }
    viewerHasSigned
    rejection {
      reason
    }
    response {
      respondedAt
      body
    }
    district {
      id
      name
    }
    initiatorOrganization {
      id
      name
      edrpou
    }
    heritageObjects {
      id
      name
      protectionNumber
    }
  }
}
    `, {"persistedId":"bf05c780ec8c0c9ca29321d14e03516c7124059a55d7f0b72e57829cd0de85e3"}) as unknown as TypedDocumentString<PetitionPageQuery, PetitionPageQueryVariables>;
export const SubmitPetitionDocument = new TypedDocumentString(`
    mutation SubmitPetition($input: SubmitPetitionInput!) {
  submitPetition(input: $input) {
    petition {
      id
      status
    }
  }
}
    `, {"persistedId":"ad55c79357772e794a89a83d712bdc05e968706b6e7d5506457d1d5d6924640f"}) as unknown as TypedDocumentString<SubmitPetitionMutation, SubmitPetitionMutationVariables>;
export const ModeratePetitionDocument = new TypedDocumentString(`
    mutation ModeratePetition($id: ID!, $decision: ModerationDecision!, $reason: String) {
  moderatePetition(id: $id, decision: $decision, reason: $reason) {
    petition {
      id
      status
      openedAt
      closesAt
      rejection {
        reason
      }
    }
  }
}
    `, {"persistedId":"ed2f2f38f034d5fe5fe70f527dbc9412adc6e667d42a438252b5c50b769df2d5"}) as unknown as TypedDocumentString<ModeratePetitionMutation, ModeratePetitionMutationVariables>;
export const SignPetitionDocument = new TypedDocumentString(`
    mutation SignPetition($id: ID!, $channel: SignatureChannel!) {
  signPetition(id: $id, channel: $channel) {
    petition {
      id
      signatureCount
      viewerHasSigned
      thresholdReachedAt
    }
  }
}
    `, {"persistedId":"6563d650bad45901e9ecdc812944bd20fcdd2f212606db2b083e3b5bcb5f0013"}) as unknown as TypedDocumentString<SignPetitionMutation, SignPetitionMutationVariables>;
export const RespondToPetitionDocument = new TypedDocumentString(`
    mutation RespondToPetition($id: ID!, $body: String!) {
  respondToPetition(id: $id, body: $body) {
    petition {
      id
      response {
        respondedAt
        body
      }
    }
  }
}
    `, {"persistedId":"1c12121ea73a7a81e75e8d34612774fb2b67272e99d1cdc67260570f533f1bec"}) as unknown as TypedDocumentString<RespondToPetitionMutation, RespondToPetitionMutationVariables>;
export const CityProgrammesDocument = new TypedDocumentString(`
    query CityProgrammes($city: ID!) {
  city(id: $city) {
    id
    programmes {
      id
      title
      kind
      startYear
      endYear
      measureCount
    }
  }
}
    `, {"persistedId":"308260283e25a31b96109d03d96ab6523c2ba9dc62726e80aef52790056e473b"}) as unknown as TypedDocumentString<CityProgrammesQuery, CityProgrammesQueryVariables>;
export const ProgrammePageDocument = new TypedDocumentString(`
    query ProgrammePage($id: ID!, $status: MeasureStatus, $first: Int = 50, $after: String) {
  programme(id: $id) {
    id
    title
    kind
    startYear
    endYear
    approvedBy
    source {
      document
    }
    goals {
      number
      title
    }
    statusCounts {
      status
      count
    }
    reports {
      id
      title
      periodStart
      periodEnd
    }
    measures(first: $first, after: $after, filter: {status: $status}) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          number
          title
          deadline
          status
          executors
        }
      }
    }
  }
}
    `, {"persistedId":"1acc8e16eca3768643e23d38b829c22b299145c96a90f239210335863d36d5d3"}) as unknown as TypedDocumentString<ProgrammePageQuery, ProgrammePageQueryVariables>;
export const MeasurePageDocument = new TypedDocumentString(`
    query MeasurePage($id: ID!) {
  measure(id: $id) {
    id
    number
    title
    goal {
      number
      title
    }
    deadline
    executors
    partners {
      name
      organization {
        id
        name
      }
    }
    expectedResults
    funding {
      source
      year
      planned
    }
    status
    progress {
      report {
        id
        title
      }
      status
      statusText
      text
      spent
      reasons
    }
    consultations(first: 5) {
      totalCount
      edges {
        node {
          id
          title
          status
        }
      }
    }
  }
}
    `, {"persistedId":"b91f8ccdbada2f8103d3549178e079951499b4ed6967a27161d0f142dea02ede"}) as unknown as TypedDocumentString<MeasurePageQuery, MeasurePageQueryVariables>;
export const ProgrammeReportDocument = new TypedDocumentString(`
    query ProgrammeReport($id: ID!) {
  programmeReport(id: $id) {
    id
    title
    periodStart
    periodEnd
    programme {
      id
      title
    }
    statusCounts {
      status
      count
    }
    totals {
      plannedStated
      spentStated
      deviationStated
      plannedSum
      spentSum
    }
  }
}
    `, {"persistedId":"1637b9a631cf2af9dede1404152d798404a0347ad0876c3b7a286fb352b64906"}) as unknown as TypedDocumentString<ProgrammeReportQuery, ProgrammeReportQueryVariables>;
export const OrganizationProgrammesDocument = new TypedDocumentString(`
    query OrganizationProgrammes($id: ID!) {
  organization(id: $id) {
    id
    name
    programmeMeasures(first: 10) {
      totalCount
      edges {
        node {
          id
          number
          title
          status
        }
      }
    }
  }
}
    `, {"persistedId":"632880277f91ccc67918e3a149d473f35c65aef3a12e144af8a18b2fe9e5799c"}) as unknown as TypedDocumentString<OrganizationProgrammesQuery, OrganizationProgrammesQueryVariables>;
export const RecordMeasureProgressDocument = new TypedDocumentString(`
    mutation RecordMeasureProgress($input: RecordMeasureProgressInput!) {
  recordMeasureProgress(input: $input) {
    measure {
      id
      status
      progress {
        report {
          id
        }
        status
        text
        spent
      }
    }
  }
}
    `, {"persistedId":"c6c84b8b4fecd03a758e77badc3daac0526151653c09f95e6f185cfc5d27b12c"}) as unknown as TypedDocumentString<RecordMeasureProgressMutation, RecordMeasureProgressMutationVariables>;
export const OrganizationsDocument = new TypedDocumentString(`
    query Organizations($city: ID!, $search: String, $first: Int = 20, $after: String) {
  organizations(
    first: $first
    after: $after
    filter: {city: $city, search: $search}
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        edrpou
        name
        legalForm
        status
      }
    }
  }
}
    `, {"persistedId":"5e76d489e6ed6bed7757780f690b96e95f132df264850de73fb58d042f36496b"}) as unknown as TypedDocumentString<OrganizationsQuery, OrganizationsQueryVariables>;
export const OrganizationProfileDocument = new TypedDocumentString(`
    query OrganizationProfile($id: ID!) {
  organization(id: $id) {
    id
    edrpou
    name
    shortName
    legalForm
    status
    registeredAt
    activityAreas
    district {
      id
      name
    }
    documents {
      kind
      title
      year
      url
    }
    petitions(first: 5) {
      totalCount
      edges {
        node {
          id
          title
          status
        }
      }
    }
    consultations(first: 5) {
      totalCount
      edges {
        node {
          id
          title
        }
      }
    }
    stewardedHeritageObjects {
      id
      name
      condition
    }
  }
}
    `, {"persistedId":"41b30c3f901920b7c6d811f7faa43feb6cdd204529e90c79422534780925c1b0"}) as unknown as TypedDocumentString<OrganizationProfileQuery, OrganizationProfileQueryVariables>;
export const RegisterOrganizationDocument = new TypedDocumentString(`
    mutation RegisterOrganization($input: RegisterOrganizationInput!) {
  registerOrganization(input: $input) {
    organization {
      id
      edrpou
      status
    }
  }
}
    `, {"persistedId":"7a76c867264005c6235520e904eaf3e1a4c2b100442ce847ea6bc0f4b44973d9"}) as unknown as TypedDocumentString<RegisterOrganizationMutation, RegisterOrganizationMutationVariables>;
export const VerifyOrganizationDocument = new TypedDocumentString(`
    mutation VerifyOrganization($id: ID!, $decision: VerificationDecision!, $reason: String) {
  verifyOrganization(id: $id, decision: $decision, reason: $reason) {
    organization {
      id
      status
    }
  }
}
    `, {"persistedId":"e71b3b7ee6f4dd0380a8ce96f6d8833d53baa70d529bf79f8943d86e75215877"}) as unknown as TypedDocumentString<VerifyOrganizationMutation, VerifyOrganizationMutationVariables>;
export const ReviewHeritageReportDocument = new TypedDocumentString(`
    mutation ReviewHeritageReport($id: ID!, $decision: ReviewDecision!, $reason: String) {
  reviewHeritageReport(id: $id, decision: $decision, reason: $reason) {
    report {
      id
      status
    }
  }
}
    `, {"persistedId":"bffbdee3e33f6f56c4d9a4271ceba5655c66a1c770ea16421e16f3dcb3c2e369"}) as unknown as TypedDocumentString<ReviewHeritageReportMutation, ReviewHeritageReportMutationVariables>;
export const PublishConsultationOutcomeDocument = new TypedDocumentString(`
    mutation PublishConsultationOutcome($id: ID!, $summary: String!) {
  publishConsultationOutcome(id: $id, summary: $summary) {
    consultation {
      id
      outcome {
        publishedAt
        summary
      }
    }
  }
}
    `, {"persistedId":"6c128e03109efcda7296e06a047606020b9b264b9c62e05f559d4a00bfadaded"}) as unknown as TypedDocumentString<PublishConsultationOutcomeMutation, PublishConsultationOutcomeMutationVariables>;