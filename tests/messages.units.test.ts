import { readFileSync } from 'node:fs';
import { buildSchema, isInputObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, message, render, type Bilingual, type MessageKey, type MessageParams } from '../lib/messages/index.js';
import { FIELD_LABELS, fieldLabel } from '../lib/messages/fields.js';
import { countUk } from '../lib/messages/format.js';
import { STATUS_WORDS_EN } from '../lib/messages/en.js';
import { CONSULTATION_STATUSES_UK, ORGANISATION_STATUSES_UK, PETITION_STATUSES_UK, REPORT_STATUSES_UK } from '../lib/messages/uk.js';
import { ConsultationStatus } from '../subgraphs/consultations/consultation/consultation.enums.js';
import { HeritageReportStatus } from '../subgraphs/heritage/report/heritage-report.enums.js';
import { PetitionStatus } from '../subgraphs/petitions/petition/petition.enums.js';
import { OrganizationStatus } from '../subgraphs/registry/organization/organization.enums.js';
import { RegistryStatusChange } from '../subgraphs/registry/organization/organization-write.input.js';
import { SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import { runInRequestScope } from '../lib/request-scope.js';
import { BadInputError } from '../lib/errors.js';
import { looksEnglish, looksUkrainian } from './support/languages.js';

const UUID = '6f1c3f0e-8a57-4c5e-9a43-2d0f5b7e9c11';
const OTHER_UUID = '0b6a1e9e-3c1d-4f7a-8e2b-5d4c3b2a1f00';
/** A question written in Ukrainian only: an English message must not quote it. */
const UK_ONLY: Bilingual = { uk: 'Як часто ви користуєтеся парком?', en: null };
const BOTH: Bilingual = { uk: 'Чи підтримуєте ви проєкт?', en: 'Do you support the project?' };
const AT = { answer: 4, question: 2, questionText: UK_ONLY };

/** Every message with parameters a bug would show: distinct numbers, ids, and texts in one language only. */
const SAMPLES: { [K in MessageKey]: MessageParams<K> } = {
  'input.required': { field: 'input.title' },
  'text.empty': { field: 'input.title' },
  'text.tooShort': { field: 'input.title', min: 5, length: 3 },
  'text.tooLong': { field: 'input.title', max: 300, length: 301 },
  'text.controlCharacter': { field: 'input.body', codePoint: '0007', position: 12 },
  'text.loneSurrogate': { field: 'input.body' },
  'date.outOfRange': { field: 'input.opensAt' },
  'date.notDay': { field: 'input.periodStart', value: '2024-13-01' },
  'year.outOfRange': { min: 2000, max: 2100 },
  'link.tooLong': { field: 'input.photoUrls[2]', max: 2048 },
  'link.notAbsolute': { field: 'input.photoUrls[2]' },
  'link.notHttps': { field: 'input.photoUrls[2]' },
  'link.credentials': { field: 'input.photoUrls[2]' },
  'link.ipAddress': { field: 'input.photoUrls[2]' },
  'link.notPublic': { field: 'input.photoUrls[2]' },
  'decimal.notString': { field: 'input.spent' },
  'decimal.malformed': { field: 'input.spent', value: '1,5e3' },
  'decimal.negative': { field: 'input.spent' },
  'decimal.tooPrecise': { field: 'input.spent', max: 3 },
  'page.size': { max: 100, size: 101 },
  'cursor.malformed': undefined,
  'cursor.otherList': undefined,
  'id.unknown': { field: 'input.organizerIds', id: 'abc' },
  'place.unknownCity': { id: 'lviv', known: ['kyiv', 'vinnytsia'] },
  'place.unknownDistrict': { id: 'kyiv-nowhere', city: 'kyiv' },
  'place.districtOfOtherCity': { district: 'kyiv-podilskyi', city: 'vinnytsia' },
  'reference.notFound': { thing: 'petition', id: UUID },
  'reference.unknownOrganisation': undefined,
  'reference.unknownOrganisations': { ids: [UUID] },
  'reference.unknownHeritageObject': undefined,
  'reference.unknownHeritageObjects': { ids: [UUID] },
  'reference.unknownMeasure': { id: UUID },
  'reference.measureOfOtherCity': { id: UUID },
  'auth.signInRequired': undefined,
  'auth.staffOnly': { roles: ['moderator', 'official'] },
  'auth.roleInCity': { role: 'moderator', city: 'kyiv' },
  'auth.ownParticipationOnly': undefined,
  'auth.gatewayOnly': undefined,
  'auth.representativeOnlyDocuments': undefined,
  'auth.representativeOnlyRepresentatives': undefined,
  'service.peerUnavailable': { service: 'registry' },
  'service.unavailable': { service: 'heritage' },
  'internal': undefined,
  'petition.tooManyHeritageObjects': { max: 10 },
  'petition.notInModeration': { status: 'OPEN' },
  'petition.justModerated': undefined,
  'petition.notOpen': { status: 'CLOSED' },
  'petition.alreadyAnswered': undefined,
  'petition.belowThreshold': undefined,
  'consultation.cityFixed': undefined,
  'consultation.opensInPast': undefined,
  'consultation.closesBeforeOpens': undefined,
  'consultation.onlyPlannedEditable': { status: 'OPEN' },
  'consultation.justOpened': undefined,
  'consultation.outcomeBeforeClose': { status: 'OPEN' },
  'consultation.outcomePublished': undefined,
  'consultation.noSurvey': undefined,
  'consultation.notOpen': { status: 'PLANNED' },
  'consultation.answeredDifferently': { id: UUID, title: UK_ONLY },
  'survey.tooManyQuestions': { max: 50 },
  'survey.choiceOptionCount': { field: 'input.survey[2].options', min: 2, max: 20 },
  'survey.noOptionsForKind': { field: 'input.survey[2].options', kind: 'TEXT' },
  'survey.optionsEnMismatch': { field: 'input.survey[2].optionsEn' },
  'survey.duplicateOptions': { field: 'input.survey[2].options' },
  'answer.unknownQuestion': { answer: 4, questionId: UUID },
  'answer.duplicate': AT,
  'answer.optionsOnly': AT,
  'answer.exactlyOneOption': { ...AT, count: 3 },
  'answer.noOption': AT,
  'answer.optionTwice': AT,
  'answer.unknownOption': { ...AT, optionId: UUID },
  'answer.textOnly': AT,
  'answer.controlCharacter': { ...AT, codePoint: '001B', position: 7 },
  'answer.loneSurrogate': AT,
  'answer.emptyText': AT,
  'answer.textTooLong': { ...AT, max: 2000 },
  'answer.valueOnly': AT,
  'answer.valueRange': { ...AT, min: 1, max: 5 },
  'answer.requiredQuestion': { question: 2, questionText: UK_ONLY },
  'geo.latitude': { field: 'filter.near.lat' },
  'geo.longitude': { field: 'filter.within.west' },
  'geo.radius': { max: 50000 },
  'geo.southOfNorth': undefined,
  'geo.westOfEast': undefined,
  'geo.nearTopLevelOnly': undefined,
  'heritage.tooManyPhotos': { max: 10 },
  'heritage.reportDecided': { status: 'ACCEPTED' },
  'heritage.reportJustDecided': undefined,
  'edrpou.format': undefined,
  'edrpou.checkDigit': { code: '12345678' },
  'document.year': { field: 'input.financialReport.year', min: 1991, max: 2026 },
  'organisation.activityAreaCount': { min: 1, max: 10 },
  'organisation.codeRegistered': { edrpou: '12345678', city: 'kyiv' },
  'organisation.notPending': { status: 'REGISTERED' },
  'organisation.justDecided': undefined,
  'organisation.statusChange': { from: 'REGISTERED', to: 'REGISTERED' },
  'organisation.justChanged': undefined,
  'organisation.noDocuments': { status: 'LIQUIDATED' },
  'organisation.residentSubject': { max: 255 },
  'organisation.searchTooLong': { max: 200 },
  'report.periodOrder': undefined,
  'report.periodTaken': { start: '2024-01-01', end: '2024-03-31' },
  'report.published': undefined,
  'report.justPublished': undefined,
  'progress.notReported': undefined,
  'progress.tooManyEvidenceLinks': { max: 20 },
  'progress.otherProgramme': undefined,
  'webhook.noEventTypes': undefined,
  'webhook.alreadyRegistered': { id: UUID },
  'webhook.tooMany': { max: 20, city: 'vinnytsia' },
  'webhook.disabledByOwner': undefined,
  'webhook.disabledFailing': { failures: 10, since: '2026-12-01T18:00:00.000Z', problem: 'HTTP_503' },
  'webhook.disabledExhausted': { attempts: 8, problem: 'TIMEOUT' },
  'request.tooLarge': undefined,
  'request.mediaType': undefined,
  'request.contentLength': undefined,
  'request.emptyJson': undefined,
  'request.invalidJson': undefined,
  'request.unreadable': undefined,
  'request.jsonDepth': { max: 64 },
  'limit.rootFields': { max: 3, found: 5 },
  'limit.aliases': { max: 30, found: 31 },
  'limit.depth': { max: 12, found: 13 },
  'limit.directives': { max: 50, found: 51 },
  'limit.selections': { max: 1500, found: 1501 },
  'limit.fragments': { max: 100, found: 101 },
  'limit.cost': { max: 50000, found: 70000 },
  'rate.limited': { seconds: 42 },
  'persisted.notFound': undefined,
  'persisted.notSupported': undefined,
  'persisted.notInSafelist': undefined,
  'operation.unknownName': { name: 'Petitions' },
  'operation.nameRequired': undefined,
  'live.needsStream': undefined,
  'live.mutationOverGet': undefined,
  'live.unsupportedField': { field: 'petitionTrending' },
  'live.tooManyForClient': { max: 23 },
  'live.tooManyForProcess': undefined,
  'live.slowConsumer': { max: 117 },
  'live.restarting': undefined,
  'live.behind': undefined,
  'live.tokenExpired': undefined,
  'token.malformedHeader': undefined,
  'token.lifetimeTooLong': { max: 86400 },
  'token.tooOld': undefined,
  'token.expired': undefined,
  'token.wrongAudience': undefined,
  'token.wrongIssuer': undefined,
  'token.notYetValid': undefined,
  'token.missingClaim': { claim: 'exp' },
  'token.badSubject': { max: 255 },
  'token.badSignature': undefined,
  'token.unknownKey': undefined,
  'token.algorithm': undefined,
  'token.keysUnavailable': undefined,
  'token.malformed': undefined,
  'geojson.unknownParameter': { parameter: 'zoom' },
  'geojson.badParameter': { parameter: 'bbox' },
  'geojson.nearTogether': undefined,
  'route.noAnswer': undefined,
  'openData.fileName': undefined,
  'openData.bom': undefined,
  'openData.notPublished': { what: 'programme' },
};

/** Another value of a parameter, by its name, that a message must show differently. */
function otherValue(key: MessageKey, name: string, value: unknown): unknown {
  if (typeof value === 'number') return value + 1;
  const statuses = key.startsWith('petition.') ? PetitionStatus : key.startsWith('consultation.') ? ConsultationStatus : key.startsWith('heritage.') ? HeritageReportStatus : OrganizationStatus;
  const other: Record<string, unknown> = {
    field: String(value).startsWith('input.survey') ? 'input.title' : 'input.survey[2].options[4]',
    city: value === 'kyiv' ? 'vinnytsia' : 'kyiv',
    district: 'kyiv-pecherskyi',
    status: Object.values(statuses).find((s) => s !== value),
    from: 'SUSPENDED',
    to: 'LIQUIDATED',
    kind: 'SCALE',
    thing: 'measure',
    role: 'inspector',
    roles: ['registrar'],
    service: 'petitions',
    ids: [UUID, OTHER_UUID],
    known: ['kyiv'],
    questionText: BOTH,
    title: BOTH,
    parameter: 'limit',
    what: 'report',
  };
  if (name in other) return other[name];
  return `${String(value)}9`;
}

describe('the message catalogue', () => {
  it('has every key in both languages, and nothing else', () => {
    expect(Object.keys(CATALOGUES.uk).sort()).toEqual(Object.keys(CATALOGUES.en).sort());
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(CATALOGUES.en).sort());
  });

  it('writes each message in its language only: Ukrainian in Cyrillic, English without it, quoting texts only in their own language', () => {
    for (const [key, params] of Object.entries(SAMPLES) as [MessageKey, unknown][]) {
      const uk = render('uk', { key, params } as never);
      const en = render('en', { key, params } as never);
      expect(looksUkrainian(uk), `${key} (uk): ${uk}`).toBe(true);
      expect(looksEnglish(en), `${key} (en): ${en}`).toBe(true);
      expect(uk, key).not.toBe(en);
    }
  });

  it('takes the same parameters in both languages: a parameter that changes one language\u02bcs message changes the other\u02bcs', () => {
    for (const [key, params] of Object.entries(SAMPLES) as [MessageKey, Record<string, unknown> | undefined][]) {
      for (const name of Object.keys(params ?? {})) {
        const changed = { ...params, [name]: otherValue(key, name, params![name]) };
        for (const locale of ['uk', 'en'] as const) {
          const before = render(locale, { key, params } as never);
          const after = render(locale, { key, params: changed } as never);
          expect(after, `${key}: ${name} is not shown in ${locale}`).not.toBe(before);
        }
      }
    }
  });

  it('quotes a Ukrainian-only text in Ukrainian messages and leaves it out of English ones', () => {
    const uk = render('uk', message('answer.requiredQuestion', { question: 2, questionText: UK_ONLY }));
    const en = render('en', message('answer.requiredQuestion', { question: 2, questionText: UK_ONLY }));
    expect(uk).toBe('Питання 2 «Як часто ви користуєтеся парком?» обовʼязкове.');
    expect(en).toBe('Question 2 is required.');
    expect(render('en', message('answer.requiredQuestion', { question: 2, questionText: BOTH }))).toBe('Question 2 \u201cDo you support the project?\u201d is required.');
  });

  it('names statuses and question kinds in both languages', () => {
    for (const status of Object.values(PetitionStatus)) expect(PETITION_STATUSES_UK[status], status).toBeTruthy();
    for (const status of Object.values(ConsultationStatus)) expect(CONSULTATION_STATUSES_UK[status], status).toBeTruthy();
    for (const status of [...Object.values(OrganizationStatus), ...Object.values(RegistryStatusChange)]) expect(ORGANISATION_STATUSES_UK[status], status).toBeTruthy();
    for (const status of Object.values(HeritageReportStatus)) expect(REPORT_STATUSES_UK[status], status).toBeTruthy();
    for (const status of [...Object.values(PetitionStatus), ...Object.values(ConsultationStatus), ...Object.values(OrganizationStatus), ...Object.values(HeritageReportStatus)]) {
      expect(STATUS_WORDS_EN[status], status).toBeTruthy();
    }
  });
});

describe('field labels', () => {
  /** Every argument and input-field name of the schema clients see, and of each subgraph's. */
  function inputNames(schema: GraphQLSchema): Set<string> {
    const names = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isInputObjectType(type)) for (const name of Object.keys(type.getFields())) names.add(name);
      else if ('getFields' in type) for (const field of Object.values(type.getFields())) for (const arg of ('args' in field ? field.args : [])) names.add(arg.name);
    }
    return names;
  }

  it('names every argument and input field of the schema in both languages', () => {
    const schemas = ['schema/api.graphql'].map((file) => buildSchema(readFileSync(file, 'utf8'), { assumeValidSDL: true }));
    const names = new Set(schemas.flatMap((schema) => [...inputNames(schema)]));
    expect(names.size).toBeGreaterThan(50);
    const missing = [...names].filter((name) => !name.startsWith('_') && !(name in FIELD_LABELS));
    expect(missing).toEqual([]);
    for (const [name, label] of Object.entries(FIELD_LABELS)) {
      expect(looksUkrainian(label.uk) || /ЄДРПОУ/.test(label.uk), name).toBe(true);
      expect(looksEnglish(label.en), name).toBe(true);
    }
  });

  it('numbers list items from one where people read them, as the path numbers them from zero', () => {
    expect(fieldLabel('uk', 'answers[3].value')).toBe('відповідь 4, значення');
    expect(fieldLabel('en', 'answers[3].value')).toBe('answer 4, value');
    expect(fieldLabel('uk', 'input.survey[2].options[4]')).toBe('питання 3, варіант відповіді 5');
    expect(fieldLabel('en', 'input.survey[2].options[4]')).toBe('question 3, option 5');
    expect(fieldLabel('uk', 'input.title')).toBe('назва');
    expect(fieldLabel('en', 'filter.near.lat')).toBe('nearby search, latitude');
    expect(fieldLabel('en', 'input')).toBe('input');
  });

  it('puts Ukrainian nouns in the form their number takes', () => {
    const forms = { one: 'символ', few: 'символи', many: 'символів' };
    expect([1, 2, 5, 11, 21, 22, 25, 111].map((n) => countUk(n, forms))).toEqual([
      '1 символ',
      '2 символи',
      '5 символів',
      '11 символів',
      '21 символ',
      '22 символи',
      '25 символів',
      '111 символів',
    ]);
  });
});

describe('errors in the request\u02bcs language', () => {
  it('write their message in the language of the request they are raised in, and keep its key for the error boundary', () => {
    const raise = () => new BadInputError('input.title', message('text.tooLong', { field: 'input.title', max: 300, length: 301 }));
    let english: BadInputError | undefined;
    runInRequestScope('r1', 'en', () => (english = raise()));
    expect(english!.message).toBe('Title must have at most 300 characters, got 301.');
    expect(raise().message).toBe('Назва: дозволено щонайбільше 300 символів, а надіслано 301.');
    expect(english!.localizable).toEqual(raise().localizable);
    expect(english!.extensions).toEqual({ field: 'input.title', code: 'BAD_USER_INPUT' });
    expect(SUBGRAPH_NAMES.every((name) => render('uk', message('service.unavailable', { service: name })).length > 0)).toBe(true);
  });
});
