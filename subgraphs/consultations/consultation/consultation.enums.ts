import { registerEnumType } from 'type-graphql';

/** How a city consults its residents (the formats of the cities' consultation regulations). */
export enum ConsultationFormat {
  PUBLIC_MEETING = 'PUBLIC_MEETING',
  WORKING_GROUP = 'WORKING_GROUP',
  ROUND_TABLE = 'ROUND_TABLE',
  QUESTIONNAIRE = 'QUESTIONNAIRE',
  ONLINE_SURVEY = 'ONLINE_SURVEY',
  EXPRESS_POLL = 'EXPRESS_POLL',
  SOCIOLOGICAL_RESEARCH = 'SOCIOLOGICAL_RESEARCH',
  STRATEGIC_SESSION = 'STRATEGIC_SESSION',
  WEBINAR = 'WEBINAR',
  DIALOGUE_EVENT = 'DIALOGUE_EVENT',
  PUBLIC_DISCUSSION_OF_DRAFT_ACT = 'PUBLIC_DISCUSSION_OF_DRAFT_ACT',
}
registerEnumType(ConsultationFormat, {
  name: 'ConsultationFormat',
  description: 'How a consultation is held.',
  valuesConfig: {
    PUBLIC_MEETING: { description: 'Public hearings or a general meeting of residents.' },
    WORKING_GROUP: { description: 'A working group with residents and civil-society representatives.' },
    ROUND_TABLE: { description: 'A round table of stakeholders.' },
    QUESTIONNAIRE: { description: 'A questionnaire, on paper or online.' },
    ONLINE_SURVEY: { description: 'A survey on the city\u02bcs participation platform.' },
    EXPRESS_POLL: { description: 'A short poll of one or two questions.' },
    SOCIOLOGICAL_RESEARCH: { description: 'A representative sociological study.' },
    STRATEGIC_SESSION: { description: 'A facilitated strategic session.' },
    WEBINAR: { description: 'An online presentation with questions from residents.' },
    DIALOGUE_EVENT: { description: 'A public dialogue or open discussion event.' },
    PUBLIC_DISCUSSION_OF_DRAFT_ACT: { description: 'Public discussion of a draft decision of the city council or executive.' },
  },
});

/** Derived from the consultation's dates and the request's clock; never stored. */
export enum ConsultationStatus {
  PLANNED = 'PLANNED',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(ConsultationStatus, {
  name: 'ConsultationStatus',
  description: 'PLANNED before `opensAt`, OPEN from `opensAt` until `closesAt`, CLOSED from `closesAt`.',
});
