import type { Role } from '../identity.js';
import { SUBGRAPH_NAMES, SUBGRAPH_SERVICE_NAMES, type SubgraphName } from '../subgraphs.js';
import { fieldLabelCapitalised } from './fields.js';
import { cityName, countEn, districtName, joined, quote } from './format.js';
import type { AnswerAt, Bilingual, Thing } from './types.js';

/*
 * The English messages, and (by their parameters) the typed parameters of every message:
 * lib/messages/uk.ts must have the same keys with the same parameters. Keys are stable;
 * wording may change (clients switch on `extensions.code`, never on a message).
 */

const F = (path: string) => fieldLabelCapitalised('en', path);
const characters = (n: number) => countEn(n, 'character', 'characters');
/** A person's text, quoted only when it exists in English: no Ukrainian inside an English message. */
const quoted = (text: Bilingual) => (text.en ? ` ${quote('en', text.en)}` : '');
const answerAt = (p: AnswerAt) => `Answer ${p.answer} (question ${p.question}${quoted(p.questionText)})`;

const THINGS: Record<Thing, string> = {
  petition: 'petition',
  consultation: 'consultation',
  heritageObject: 'heritage object',
  heritageReport: 'condition report',
  organisation: 'organisation',
  programme: 'programme',
  programmeReport: 'programme report',
  measure: 'measure',
  progressEntry: 'progress entry',
  webhook: 'webhook',
};

// Each subgraph's service as messages name it, from the one list of subgraphs.
const SERVICES: Record<SubgraphName, string> = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, SUBGRAPH_SERVICE_NAMES[name].en])) as Record<SubgraphName, string>;

const ROLES: Record<Role, string> = {
  resident: 'resident',
  moderator: 'moderator',
  official: 'official',
  registrar: 'registrar',
  inspector: 'inspector',
  developer: 'developer',
  integrator: 'integrator',
};

/** Statuses as words (the GraphQL enum values of petitions, consultations, organisations and reports). */
export const STATUS_WORDS_EN: Readonly<Record<string, string>> = {
  MODERATION: 'in moderation',
  OPEN: 'open',
  CLOSED: 'closed',
  REJECTED: 'rejected',
  PLANNED: 'planned',
  PENDING: 'pending',
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  REGISTERED: 'registered',
  SUSPENDED: 'suspended',
  LIQUIDATED: 'liquidated',
};
const status = (value: string) => STATUS_WORDS_EN[value] ?? value.toLowerCase();

/** Survey question kinds that take no options. */
export const QUESTION_KINDS_EN: Readonly<Record<string, string>> = { TEXT: 'text', SCALE: 'scale', SINGLE_CHOICE: 'single-choice', MULTIPLE_CHOICE: 'multiple-choice' };

export const en = {
  // Input anywhere
  'input.required': (p: { field: string }) => `${F(p.field)} is required.`,
  'text.empty': (p: { field: string }) => `${F(p.field)} must not be empty.`,
  'text.tooShort': (p: { field: string; min: number; length: number }) => `${F(p.field)} must have at least ${characters(p.min)}, got ${p.length}.`,
  'text.tooLong': (p: { field: string; max: number; length: number }) => `${F(p.field)} must have at most ${characters(p.max)}, got ${p.length}.`,
  'text.controlCharacter': (p: { field: string; codePoint: string; position: number }) =>
    `${F(p.field)} must not contain control characters (U+${p.codePoint} at position ${p.position}).`,
  'text.loneSurrogate': (p: { field: string }) => `${F(p.field)} must be valid Unicode (it holds a lone surrogate).`,
  'date.outOfRange': (p: { field: string }) => `${F(p.field)} must be an RFC 3339 date-time from the year 1900 to 9999, e.g. 2027-03-01T09:00:00Z.`,
  'date.notDay': (p: { field: string; value: string }) => `${F(p.field)} must be a date written as YYYY-MM-DD, got ${quote('en', p.value)}.`,
  'year.outOfRange': (p: { min: number; max: number }) => `The year must be between ${p.min} and ${p.max}.`,
  'link.tooLong': (p: { field: string; max: number }) => `${F(p.field)} must have at most ${characters(p.max)}.`,
  'link.notAbsolute': (p: { field: string }) => `${F(p.field)} must be an absolute https link.`,
  'link.notHttps': (p: { field: string }) => `${F(p.field)} must be an https link.`,
  'link.credentials': (p: { field: string }) => `${F(p.field)} must not carry a user name or password.`,
  'link.ipAddress': (p: { field: string }) => `${F(p.field)} must name a host, not an IP address.`,
  'link.notPublic': (p: { field: string }) => `${F(p.field)} must name a public host.`,
  'decimal.notString': (p: { field: string }) => `${F(p.field)} must be a decimal number written as a string, e.g. "1234.5".`,
  'decimal.malformed': (p: { field: string; value: string }) =>
    `${F(p.field)} must be a decimal number such as "1234.5" (a point, no spaces or exponent), got ${quote('en', p.value)}.`,
  'decimal.negative': (p: { field: string }) => `${F(p.field)} must not be negative.`,
  'decimal.tooPrecise': (p: { field: string; max: number }) => `${F(p.field)} has more than ${countEn(p.max, 'decimal', 'decimals')}.`,
  'page.size': (p: { max: number; size: number }) => `The page size must be between 0 and ${p.max}, got ${p.size}.`,
  'cursor.malformed': () => 'Malformed cursor: pass an endCursor or edge cursor this API returned for the same list and order.',
  'cursor.otherList': () => 'This cursor belongs to another list or order.',
  'id.unknown': (p: { field: string; id: string }) => `${F(p.field)}: unknown id ${quote('en', p.id)}.`,
  'place.unknownCity': (p: { id: string; known: string[] }) => `Unknown city ${quote('en', p.id)}; known cities: ${joined(p.known)}.`,
  'place.unknownDistrict': (p: { id: string; city?: string }) =>
    `Unknown district ${quote('en', p.id)}${p.city ? ` in ${cityName('en', p.city)}` : ''}.`,
  'place.districtOfOtherCity': (p: { district: string; city: string }) => `${districtName('en', p.district)} is not in ${cityName('en', p.city)}.`,
  'reference.notFound': (p: { thing: Thing; id: string }) => `No ${THINGS[p.thing]} ${quote('en', p.id)}.`,
  'reference.unknownOrganisation': () => 'Unknown organisation.',
  'reference.unknownOrganisations': (p: { ids: string[] }) => `Unknown organisation, or not registered: ${joined(p.ids)}.`,
  'reference.unknownHeritageObject': () => 'Unknown heritage object.',
  'reference.unknownHeritageObjects': (p: { ids: string[] }) => `Unknown heritage object ${joined(p.ids)}.`,
  'reference.unknownMeasure': (p: { id: string }) => `Unknown measure ${quote('en', p.id)}.`,
  'reference.measureOfOtherCity': (p: { id: string }) => `Measure ${quote('en', p.id)} belongs to a programme of another city.`,

  // Who may do what
  'auth.signInRequired': () => 'Sign in to do this.',
  'auth.staffOnly': (p: { roles: Role[] }) => `Only ${p.roles.map((role) => ROLES[role]).join(' or ')} staff may do this.`,
  'auth.roleInCity': (p: { role: Role; city: string }) => `Only a ${ROLES[p.role]} of ${cityName('en', p.city)} may do this.`,
  'auth.ownParticipationOnly': () => 'A resident\u02bcs participation is visible to that resident only.',
  'auth.gatewayOnly': () => 'This service answers the gateway only.',
  'auth.representativeOnlyDocuments': () => 'Only a representative of this organisation may publish its documents.',
  'auth.representativeOnlyRepresentatives': () => 'Only a representative of this organisation may add representatives.',

  // Services
  'service.peerUnavailable': (p: { service: string }) => `The ${(SERVICES[p.service as SubgraphName] ?? p.service)} service could not answer; try again shortly.`,
  'service.unavailable': (p: { service: string }) => `The ${(SERVICES[p.service as SubgraphName] ?? p.service)} service could not answer; its fields are null.`,
  'internal': () => 'Internal server error',

  // Petitions
  'petition.tooManyHeritageObjects': (p: { max: number }) => `A petition names at most ${countEn(p.max, 'heritage object', 'heritage objects')}.`,
  'petition.notInModeration': (p: { status: string }) => `This petition is ${status(p.status)}, not in moderation.`,
  'petition.justModerated': () => 'Another moderator has just decided on this petition.',
  'petition.notOpen': (p: { status: string }) => `Only open petitions can be signed; this one is ${status(p.status)}.`,
  'petition.alreadyAnswered': () => 'This petition has already been answered.',
  'petition.belowThreshold': () => 'This petition has not reached the city\u02bcs signature threshold.',

  // Consultations and their surveys
  'consultation.cityFixed': () => 'A consultation cannot move to another city.',
  'consultation.opensInPast': () => 'A consultation is planned ahead: the opening date must be in the future.',
  'consultation.closesBeforeOpens': () => 'The closing date must be after the opening date.',
  'consultation.onlyPlannedEditable': (p: { status: string }) => `Only a planned consultation can be edited; this one is ${status(p.status)}.`,
  'consultation.justOpened': () => 'This consultation has just opened and can no longer be edited.',
  'consultation.outcomeBeforeClose': (p: { status: string }) => `The outcome is published after the consultation closes; it is ${status(p.status)}.`,
  'consultation.outcomePublished': () => 'The outcome of this consultation is already published.',
  'consultation.noSurvey': () => 'This consultation has no survey to answer.',
  'consultation.notOpen': (p: { status: string }) => `Only open consultations take answers; this one is ${status(p.status)}.`,
  'consultation.answeredDifferently': (p: { id: string; title: Bilingual }) =>
    `You have already answered consultation ${p.id}${quoted(p.title)} differently; answers cannot be changed.`,
  'survey.tooManyQuestions': (p: { max: number }) => `A survey has at most ${countEn(p.max, 'question', 'questions')}.`,
  'survey.choiceOptionCount': (p: { field: string; min: number; max: number }) => `${F(p.field)}: a choice question needs ${p.min} to ${p.max} options.`,
  'survey.noOptionsForKind': (p: { field: string; kind: string }) => `${F(p.field)}: a ${QUESTION_KINDS_EN[p.kind] ?? p.kind} question has no options.`,
  'survey.optionsEnMismatch': (p: { field: string }) => `${F(p.field)}: give an English text for every option, or none.`,
  'survey.duplicateOptions': (p: { field: string }) => `${F(p.field)}: two options have the same text.`,
  'answer.unknownQuestion': (p: { answer: number; questionId: string }) => `Answer ${p.answer}: question ${quote('en', p.questionId)} is not in this survey.`,
  'answer.duplicate': (p: AnswerAt) => `${answerAt(p)}: this question is answered twice.`,
  'answer.optionsOnly': (p: AnswerAt) => `${answerAt(p)}: a choice question takes optionIds only.`,
  'answer.exactlyOneOption': (p: AnswerAt & { count: number }) => `${answerAt(p)}: choose exactly one option, not ${p.count}.`,
  'answer.noOption': (p: AnswerAt) => `${answerAt(p)}: choose at least one option.`,
  'answer.optionTwice': (p: AnswerAt) => `${answerAt(p)}: an option is chosen twice.`,
  'answer.unknownOption': (p: AnswerAt & { optionId: string }) => `${answerAt(p)}: option ${quote('en', p.optionId)} is not an option of this question.`,
  'answer.textOnly': (p: AnswerAt) => `${answerAt(p)}: a text question takes text only.`,
  'answer.controlCharacter': (p: AnswerAt & { codePoint: string; position: number }) =>
    `${answerAt(p)}: the answer must not contain control characters (U+${p.codePoint} at position ${p.position}).`,
  'answer.loneSurrogate': (p: AnswerAt) => `${answerAt(p)}: the answer must be valid Unicode (it holds a lone surrogate).`,
  'answer.emptyText': (p: AnswerAt) => `${answerAt(p)}: the answer is empty.`,
  'answer.textTooLong': (p: AnswerAt & { max: number }) => `${answerAt(p)}: the answer is over ${characters(p.max)}.`,
  'answer.valueOnly': (p: AnswerAt) => `${answerAt(p)}: a scale question takes a value only.`,
  'answer.valueRange': (p: AnswerAt & { min: number; max: number }) => `${answerAt(p)}: the value must be a whole number from ${p.min} to ${p.max}.`,
  'answer.requiredQuestion': (p: { question: number; questionText: Bilingual }) => `Question ${p.question}${quoted(p.questionText)} is required.`,

  // Heritage
  'geo.latitude': (p: { field: string }) => `${F(p.field)} must be between -90 and 90.`,
  'geo.longitude': (p: { field: string }) => `${F(p.field)} must be between -180 and 180.`,
  'geo.radius': (p: { max: number }) => `The radius must be between 1 and ${p.max} metres.`,
  'geo.southOfNorth': () => 'The south edge must not be north of the north edge.',
  'geo.westOfEast': () => 'The west edge must not be east of the east edge (boxes across the antimeridian are not supported).',
  'geo.nearTopLevelOnly': () => 'A nearby search is supported on the top-level heritageObjects list only.',
  'heritage.tooManyPhotos': (p: { max: number }) => `A report carries at most ${countEn(p.max, 'photograph', 'photographs')}.`,
  'heritage.reportDecided': (p: { status: string }) => `This report is already ${status(p.status)}.`,
  'heritage.reportJustDecided': () => 'Another inspector has just decided on this report.',

  // Organisations registry
  'edrpou.format': () => 'An EDRPOU code is exactly 8 digits.',
  'edrpou.checkDigit': (p: { code: string }) => `${p.code} is not a valid EDRPOU code: its check digit does not match.`,
  'document.year': (p: { field: string; min: number; max: number }) => `${F(p.field)} must be from ${p.min} to ${p.max}.`,
  'organisation.activityAreaCount': (p: { min: number; max: number }) => `Give ${p.min} to ${p.max} areas of activity.`,
  'organisation.codeRegistered': (p: { edrpou: string; city: string }) =>
    `An organisation with EDRPOU ${p.edrpou} is already in the ${cityName('en', p.city)} registry.`,
  'organisation.notPending': (p: { status: string }) => `This organisation is ${status(p.status)}, not pending.`,
  'organisation.justDecided': () => 'Another registrar has just decided on this organisation.',
  'organisation.statusChange': (p: { from: string; to: string }) => `A ${status(p.from)} organisation cannot become ${status(p.to)}.`,
  'organisation.justChanged': () => 'Another registrar has just changed this organisation.',
  'organisation.noDocuments': (p: { status: string }) => `A ${status(p.status)} organisation publishes no documents.`,
  'organisation.residentSubject': (p: { max: number }) => `The resident must be a resident\u02bcs subject of 1 to ${characters(p.max)}.`,
  'organisation.searchTooLong': (p: { max: number }) => `The search must be at most ${characters(p.max)}.`,

  // City programmes
  'report.periodOrder': () => 'The end of the period must not be before its start.',
  'report.periodTaken': (p: { start: string; end: string }) => `The programme already has a report for ${p.start} – ${p.end}.`,
  'report.published': () => 'The report is published: a published report never changes.',
  'report.justPublished': () => 'The report has just been published: a published report never changes.',
  'progress.notReported': () => 'A progress entry states what was done: NOT_REPORTED is what a report says when it has no entry.',
  'progress.tooManyEvidenceLinks': (p: { max: number }) => `At most ${countEn(p.max, 'evidence link', 'evidence links')}.`,
  'progress.otherProgramme': () => 'The report is on another programme than the measure.',

  // Webhooks of integrators (the events subgraph)
  'webhook.noEventTypes': () => 'Choose at least one event type.',
  'webhook.alreadyRegistered': (p: { id: string }) =>
    `This endpoint is already registered for these event types as webhook ${quote('en', p.id)}; its secret was shown when it was registered. Reactivate that webhook, or deactivate it and register again.`,
  'webhook.tooMany': (p: { max: number; city: string }) =>
    `You already have ${countEn(p.max, 'active webhook', 'active webhooks')} in ${cityName('en', p.city)}, the most an integrator may have there. Deactivate one you no longer need first.`,
  'webhook.disabledByOwner': () => 'Switched off by its owner.',
  'webhook.disabledFailing': (p: { failures: number; since: string; problem: string }) =>
    `Switched off after ${countEn(p.failures, 'failed delivery attempt', 'failed delivery attempts')} in a row since ${p.since}; the last one: ${deliveryProblemEn(p.problem)}.`,
  'webhook.disabledExhausted': (p: { attempts: number; problem: string }) =>
    `Switched off: a delivery failed all of its ${countEn(p.attempts, 'attempt', 'attempts')}; the last one: ${deliveryProblemEn(p.problem)}.`,

  // The gateway: requests it refuses before GraphQL
  'request.tooLarge': () => 'The request body is larger than this endpoint accepts.',
  'request.mediaType': () => 'Send GraphQL requests as application/json.',
  'request.contentLength': () => 'The Content-Length header does not match the body.',
  'request.emptyJson': () => 'The JSON body is empty.',
  'request.invalidJson': () => 'The body is not valid JSON.',
  'request.unreadable': () => 'The request could not be read.',
  'request.jsonDepth': (p: { max: number }) => `The request nests JSON deeper than ${p.max} levels.`,
  // … operations it refuses
  'limit.rootFields': (p: { max: number; found: number }) => `Root field limit of ${p.max} exceeded, found ${p.found}.`,
  'limit.aliases': (p: { max: number; found: number }) => `Aliases limit of ${p.max} exceeded, found ${p.found}.`,
  'limit.depth': (p: { max: number; found: number }) => `Query depth limit of ${p.max} exceeded, found ${p.found}.`,
  'limit.directives': (p: { max: number; found: number }) => `Directives limit of ${p.max} exceeded, found ${p.found}.`,
  'limit.selections': (p: { max: number; found: number }) => `Selection limit of ${p.max} exceeded, found ${p.found} once fragments are expanded.`,
  'limit.fragments': (p: { max: number; found: number }) => `Fragment limit of ${p.max} exceeded, found ${p.found}.`,
  'limit.cost': (p: { max: number; found: number }) => `Operation cost ${p.found} exceeds the limit of ${p.max}; ask for smaller pages.`,
  'rate.limited': (p: { seconds: number }) => `Too many requests; retry in ${p.seconds} s.`,
  // Apollo's own words, which older clients compare (newer ones read the code).
  'persisted.notFound': () => 'PersistedQueryNotFound',
  'persisted.notSupported': () => 'PersistedQueryNotSupported',
  'persisted.notInSafelist': () => 'This endpoint answers the published client operations only (schema/persisted-operations.json).',
  'operation.unknownName': (p: { name: string }) => `Unknown operation named ${quote('en', p.name)}.`,
  'operation.nameRequired': () => 'Must provide operation name if query contains multiple operations.',
  // … live subscriptions (gateway/src/live)
  'live.needsStream': () => 'Subscriptions are served at /graphql over Server-Sent Events (Accept: text/event-stream) or WebSocket (graphql-transport-ws), not as a JSON request.',
  'live.mutationOverGet': () => 'Mutations cannot be sent with GET; use POST.',
  'live.unsupportedField': (p: { field: string }) => `Subscription.${p.field} cannot be followed by this gateway.`,
  'live.tooManyForClient': (p: { max: number }) => `A client may hold at most ${p.max} open subscriptions; close one first.`,
  'live.tooManyForProcess': () => 'This server holds as many subscriptions as it can; retry shortly (another replica may take it).',
  'live.slowConsumer': (p: { max: number }) => `Disconnected: more than ${p.max} messages waited for this client to read them; reconnect to resume.`,
  'live.restarting': () => 'The server is restarting; reconnect to resume.',
  'live.behind': () => 'The server fell behind the events of this subscription; reconnect to resume from the last message.',
  'live.tokenExpired': () => 'The token this stream was opened with has expired; reconnect with a fresh one to resume.',
  // … and tokens
  'token.malformedHeader': () => 'Authorization must be "Bearer <token>".',
  'token.lifetimeTooLong': (p: { max: number }) => `The token lives longer than the ${p.max} s this graph accepts.`,
  'token.tooOld': () => 'The token is older than this graph accepts.',
  'token.expired': () => 'The token has expired.',
  'token.wrongAudience': () => 'The token is for another audience.',
  'token.wrongIssuer': () => 'The token\u02bcs issuer is not trusted.',
  'token.notYetValid': () => 'The token is not valid yet.',
  'token.missingClaim': (p: { claim: string }) => `The token lacks a valid "${p.claim}" claim.`,
  'token.badSubject': (p: { max: number }) => `The token lacks a valid "sub" claim (1 to ${characters(p.max)}).`,
  'token.badSignature': () => 'The token\u02bcs signature does not verify.',
  'token.unknownKey': () => 'The token is signed by a key this graph does not trust.',
  'token.algorithm': () => 'The token\u02bcs signing algorithm is not accepted.',
  'token.keysUnavailable': () => 'The token cannot be verified right now; try again shortly.',
  'token.malformed': () => 'The token is malformed.',

  // GET /geojson/heritage-objects
  'geojson.unknownParameter': (p: { parameter: string }) => `Unknown query parameter ${quote('en', p.parameter)}.`,
  'geojson.badParameter': (p: { parameter: string }) => `The query parameter ${quote('en', p.parameter)} is not valid: it takes ${GEOJSON_HINTS_EN[p.parameter] ?? 'what the API reference says'}.`,
  'geojson.nearTogether': () => 'The query parameters lat, lng and radiusMeters go together.',

  // The REST routes (GeoJSON, open data)
  'route.noAnswer': () => 'The graph gave no answer; try again shortly.',
  'openData.fileName': () => 'Files here are <id>.csv and <id>.json.',
  'openData.bom': () => 'The query parameter bom is true or false.',
  'openData.notPublished': (p: { what: 'programme' | 'report' }) => `No published ${p.what === 'programme' ? 'programme' : 'programme report'} with this id.`,
} satisfies Record<string, (p: never) => string>;

/** Why a webhook delivery attempt failed (`HTTP_<status>` or an error class of the events subgraph's sender). */
const DELIVERY_PROBLEMS_EN: Readonly<Record<string, string>> = {
  TIMEOUT: 'no answer within the time limit',
  DNS: 'the host name did not resolve',
  ADDRESS_REFUSED: 'the host resolves to a private or loopback address',
  CONNECTION: 'the connection failed',
  TLS: 'the TLS handshake failed',
  URL_REFUSED: 'the address is not allowed for webhooks',
};
function deliveryProblemEn(problem: string): string {
  const status = /^HTTP_(\d{3})$/.exec(problem);
  return status ? `the endpoint answered HTTP ${status[1]}` : (DELIVERY_PROBLEMS_EN[problem] ?? problem);
}

/** What each GeoJSON query parameter takes. */
const GEOJSON_HINTS_EN: Readonly<Record<string, string>> = {
  lat: 'a number from -90 to 90',
  lng: 'a number from -180 to 180',
  radiusMeters: 'a whole number of metres',
  bbox: 'four numbers west,south,east,north',
  limit: 'a whole number from 1 to 1000',
};

