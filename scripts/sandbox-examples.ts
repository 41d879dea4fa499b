/**
 * The sandbox's examples (schema/sandbox-examples.json, written by `npm run compose`): for
 * every client operation, variables that run as loaded against freshly seeded demo data
 * and the demo identity to run it as; and the identities the sign-in panel offers. The
 * demo data is read here, at build time, so the gateway never imports it.
 */
import { Supergraph } from '@apollo/federation-internals';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { stdnum } from 'stdnum';
import type { SandboxExample, SandboxExamples, SandboxIdentity } from '../gateway/src/plugins/sandbox-examples.js';
import { demoConsultations } from '../subgraphs/consultations/demo/consultations.data.js';
import { demoHeritageObjects } from '../subgraphs/heritage/demo/heritage.data.js';
import { demoPetitions } from '../subgraphs/petitions/demo/petitions.data.js';
import { DEFAULT_PETITION_RULES } from '../subgraphs/petitions/petition/petition.rules.js';
import { demoOrganizations } from '../subgraphs/registry/demo/organizations.data.js';
import { demoId } from '../subgraphs/shared/demo-ids.js';
import { SUBGRAPHS } from '../subgraphs/index.js';
import { SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import type { Role } from '../lib/identity.js';

// The CommonJS graphql that @apollo/federation-internals builds its schema with: mixing it
// with the ESM build fails graphql-js's single-instance check.
const { Kind, getVariableValues, parse } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const CITY = 'kyiv';
const CITY_LABELS: Record<string, string> = { kyiv: 'Kyiv', vinnytsia: 'Vinnytsia' };
const STAFF_ROLES: { role: Role; does: string }[] = [
  { role: 'moderator', does: 'admits or rejects petitions' },
  { role: 'official', does: 'answers petitions, publishes consultation outcomes, reports on programmes' },
  { role: 'registrar', does: 'decides on organisations' },
  { role: 'inspector', does: 'reviews heritage reports' },
  { role: 'integrator', does: 'registers webhooks for the city\u02bcs events' },
];

/** Signs nothing in demo data: what a resident does with it is new every time. */
const NEW_RESIDENT = `demo-resident-${CITY}-new`;

/**
 * Demo residents are `demo-resident-<city>-<n>`; the seeders give the low numbers signed
 * petitions, survey answers, condition reports and organisations they represent.
 */
function identities(): SandboxIdentity[] {
  const residents: SandboxIdentity[] = ['kyiv', 'vinnytsia'].flatMap((city) =>
    [1, 2].map((n) => {
      const sub = `demo-resident-${city}-${n}`;
      return { id: sub, label: `Resident of ${CITY_LABELS[city]}: ${sub}`, sub, roles: [] };
    }),
  );
  residents.push({ id: NEW_RESIDENT, label: `New resident of ${CITY_LABELS[CITY]} (no demo activity): ${NEW_RESIDENT}`, sub: NEW_RESIDENT, roles: [] });
  const staff: SandboxIdentity[] = ['kyiv', 'vinnytsia'].flatMap((city) =>
    STAFF_ROLES.map(({ role, does }) => ({
      id: `${role}-${city}`,
      label: `${role[0]!.toUpperCase()}${role.slice(1)} of ${CITY_LABELS[city]} (${does})`,
      sub: `demo-${role}-${city}`,
      roles: [role],
      city,
    })),
  );
  staff.push({ id: 'developer', label: 'Developer (any operation outside the safelist; no data access)', sub: 'demo-developer', roles: ['developer'] });
  return [...residents, ...staff];
}

function first<T>(what: string, items: readonly T[], test: (item: T) => boolean): T {
  const found = items.find(test);
  if (!found) throw new Error(`sandbox examples: the demo data has no ${what}`);
  return found;
}

const isOpenPetition = (p: (typeof demoPetitions)[number]) =>
  p.status === 'OPEN' && p.daysAgo < DEFAULT_PETITION_RULES[p.city]!.periodDays;

/** Every operation's example, in the order a newcomer reads the graph: public pages, then a resident's, then staff work. */
function examples(): SandboxExample[] {
  const open = first('open petition with an initiator and a monument', demoPetitions, (p) => p.city === CITY && isOpenPetition(p) && !!p.initiatorOrganization && p.heritageObjects.length > 0);
  const inModeration = first('petition in moderation', demoPetitions, (p) => p.city === CITY && p.status === 'MODERATION');
  // Over the threshold and not yet answered: the seeder dates the threshold from the signatures.
  const awaitingAnswer = first('petition awaiting an answer', demoPetitions, (p) =>
    p.city === CITY && (p.status === 'OPEN' || p.status === 'CLOSED') && p.signatures >= DEFAULT_PETITION_RULES[p.city]!.threshold && !p.responseUk);
  const survey = first('open consultation with a survey', demoConsultations, (c) => c.city === CITY && c.opensInDays < 0 && c.closesInDays > 0 && !!c.survey?.length);
  const closed = first('closed consultation without an outcome', demoConsultations, (c) => c.city === CITY && c.closesInDays < 0 && !c.outcomeUk);
  const cityOf = (district: string | null) => (district?.startsWith('vinnytsia') ? 'vinnytsia' : 'kyiv');
  const registered = first('registered organisation', demoOrganizations, (o) => cityOf(o.district) === CITY && o.status === 'REGISTERED');
  const pending = first('pending organisation', demoOrganizations, (o) => cityOf(o.district) === CITY && o.status === 'PENDING');
  const monument = first('monument of the open petition', demoHeritageObjects, (h) => h.slug === open.heritageObjects[0]);
  // The heritage seeder files condition reports on the first twelve monuments; every third is declined, the first pending.
  const reported = demoHeritageObjects[0]!;
  if (!reported.district.startsWith(CITY)) throw new Error('sandbox examples: the first demo monument is not in the city the examples use');
  const pendingReport = demoId('heritage-report', `${demoId('heritage', reported.slug)}:0`);

  const id = (kind: string, slug: string) => demoId(kind, slug);
  const resident = 'demo-resident-kyiv-1';
  // Examples a subgraph keeps beside its own demo data (see SubgraphDefinition.sandboxExamples).
  const own = SUBGRAPH_NAMES.flatMap((name) => SUBGRAPHS[name].sandboxExamples?.({ city: CITY, organizationId: id('organization', registered.slug) }) ?? []);
  const ownPublic = own.filter((example) => example.signIn === null);
  const ownSignedIn = own.filter((example) => example.signIn !== null);
  return [
    { operation: 'CityOverview', signIn: null, variables: { city: CITY } },
    { operation: 'DistrictParticipation', signIn: null, variables: { city: CITY, district: monument.district, first: 5 } },
    { operation: 'Petitions', signIn: null, variables: { city: CITY, status: 'OPEN', sort: 'MOST_SIGNED', first: 10 } },
    { operation: 'PetitionPage', signIn: null, variables: { id: id('petition', open.slug) } },
    { operation: 'Consultations', signIn: null, variables: { city: CITY, status: 'OPEN', first: 10 } },
    { operation: 'ConsultationPage', signIn: null, variables: { id: id('consultation', survey.slug) } },
    { operation: 'Organizations', signIn: null, variables: { city: CITY, first: 10 } },
    { operation: 'OrganizationProfile', signIn: null, variables: { id: id('organization', registered.slug) } },
    { operation: 'HeritageNearby', signIn: null, variables: { lat: monument.lat, lng: monument.lng, radiusMeters: 1500, first: 10 } },
    { operation: 'HeritageObjectPage', signIn: null, variables: { id: id('heritage', monument.slug) } },
    ...ownPublic,
    { operation: 'MyParticipation', signIn: resident, variables: {} },
    // A resident's own actions; each is safe to repeat (the same input returns the same record).
    { operation: 'SignPetition', signIn: NEW_RESIDENT, variables: { id: id('petition', open.slug), channel: 'WEB' } },
    {
      operation: 'SubmitPetition',
      signIn: NEW_RESIDENT,
      variables: {
        input: {
          city: CITY,
          district: monument.district,
          title: 'Встановити інформаційні таблички біля пам\u02bcяток району',
          body: 'Біля багатьох пам\u02bcяток району немає жодної інформації про їхню історію та охоронний статус. Просимо встановити таблички з коротким описом українською та англійською мовами і QR-кодом на сторінку пам\u02bcятки в реєстрі.',
          initiatorOrganizationId: id('organization', open.initiatorOrganization!),
          heritageObjectIds: [id('heritage', monument.slug)],
        },
      },
    },
    { operation: 'RespondToSurvey', signIn: NEW_RESIDENT, variables: { id: id('consultation', survey.slug), answers: surveyAnswers(survey) } },
    {
      operation: 'RegisterOrganization',
      signIn: NEW_RESIDENT,
      variables: {
        input: {
          edrpou: unusedEdrpou(),
          name: 'Громадська організація «Сусіди Подолу»',
          nameEn: 'Podil Neighbours',
          shortName: 'ГО «Сусіди Подолу»',
          legalForm: 'PUBLIC_ORGANIZATION',
          city: CITY,
          district: 'kyiv-podilskyi',
          activityAreas: ['охорона культурної спадщини', 'благоустрій'],
          financialReport: { title: 'Фінансовий звіт за 2025 рік', year: 2025, url: 'https://example.org/podil-neighbours/financial-report-2025.pdf' },
        },
      },
    },
    {
      operation: 'ReportHeritageCondition',
      signIn: NEW_RESIDENT,
      variables: {
        input: {
          heritageObjectId: id('heritage', monument.slug),
          condition: 'UNSATISFACTORY',
          note: 'Після негоди обсипається тиньк біля входу, огорожу пошкоджено.',
          photoUrls: ['https://example.org/photos/heritage-report-1.jpg'],
        },
      },
    },
    // Staff decisions, each on a record that awaits it: they succeed once per fresh demo data.
    { operation: 'ModeratePetition', signIn: `moderator-${CITY}`, variables: { id: id('petition', inModeration.slug), decision: 'ADMIT' } },
    {
      operation: 'RespondToPetition',
      signIn: `official-${CITY}`,
      variables: {
        id: id('petition', awaitingAnswer.slug),
        body: 'Петицію підтримано. Доручено профільному департаменту підготувати план робіт і оприлюднити його протягом місяця.',
      },
    },
    {
      operation: 'PublishConsultationOutcome',
      signIn: `official-${CITY}`,
      variables: { id: id('consultation', closed.slug), summary: 'Пропозиції учасників узагальнено; рішення враховує більшість із них, звіт оприлюднено на сайті міста.' },
    },
    { operation: 'VerifyOrganization', signIn: `registrar-${CITY}`, variables: { id: id('organization', pending.slug), decision: 'APPROVE' } },
    { operation: 'ReviewHeritageReport', signIn: `inspector-${CITY}`, variables: { id: pendingReport, decision: 'ACCEPT' } },
    ...ownSignedIn,
  ];
}

/** An answer to every question of the demo survey, each of the shape its kind takes. */
function surveyAnswers(consultation: (typeof demoConsultations)[number]) {
  return consultation.survey!.map((question, qi) => {
    const questionId = demoId('survey-question', `${consultation.slug}:${qi}`);
    const option = (oi: number) => demoId('survey-option', `${consultation.slug}:${qi}:${oi}`);
    switch (question.kind) {
      case 'SINGLE_CHOICE':
        return { questionId, optionIds: [option(0)] };
      case 'MULTIPLE_CHOICE':
        return { questionId, optionIds: question.options.slice(0, 2).map((_, oi) => option(oi)) };
      case 'TEXT':
        return { questionId, text: 'Більше лавок і освітлення, зберегти старі дерева.' };
      case 'SCALE':
        return { questionId, value: 4 };
    }
  });
}

/** A valid EDRPOU code (check digit included) that no demo organisation has. */
function unusedEdrpou(): string {
  const used = new Set(demoOrganizations.map((o) => o.edrpou));
  for (let stem = 4_350_100; ; stem++) {
    for (let digit = 0; digit < 10; digit++) {
      const code = `${stem}${digit}`;
      if (!used.has(code) && stdnum.UA.edrpou.validate(code).isValid) return code;
    }
  }
}

/** The examples, and what keeps any of them from running as loaded. */
export interface SandboxExamplesBuild {
  examples: SandboxExamples;
  /** One line per operation without an example, or an example the schema rejects, naming it. */
  problems: string[];
}

/**
 * The examples for the operations in `operationsDir`, each checked against the API schema
 * of `supergraphSdl` the way the gateway will coerce it. Problems are reported, not
 * thrown, so `npm run compose` still writes everything else; the tests fail on them.
 */
export function buildSandboxExamples(operationsDir: string, supergraphSdl: string): SandboxExamplesBuild {
  const schema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  const operations = new Map(
    readdirSync(operationsDir)
      .filter((file) => file.endsWith('.graphql'))
      .flatMap((file) => parse(readFileSync(join(operationsDir, file), 'utf8')).definitions)
      .flatMap((definition) => (definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [[definition.name.value, definition] as const] : [])),
  );
  const all = identities();
  const identityIds = new Set(all.map((identity) => identity.id));
  const problems: string[] = [];
  const kept = examples().filter((example) => {
    const operation = operations.get(example.operation);
    if (!operation) {
      problems.push(`${example.operation}: no such client operation in schema/operations (its example is left out)`);
      return false;
    }
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], example.variables);
    for (const error of coerced.errors ?? []) problems.push(`${example.operation}: ${error.message}`);
    if (example.signIn !== null && !identityIds.has(example.signIn)) problems.push(`${example.operation}: signs in as unknown identity ${example.signIn}`);
    return true;
  });
  const covered = new Set(kept.map((example) => example.operation));
  for (const name of operations.keys()) if (!covered.has(name)) problems.push(`${name}: no example (add one in scripts/sandbox-examples.ts)`);
  return { examples: { identities: all, operations: kept }, problems };
}

/** The file's text, as `npm run compose` writes it (warning about each problem) and the tests compare it. */
export function sandboxExamplesJson(operationsDir: string, supergraphSdl: string, warn: (message: string) => void = console.warn): string {
  const { examples, problems } = buildSandboxExamples(operationsDir, supergraphSdl);
  for (const problem of problems) warn(`schema/sandbox-examples.json: ${problem}`);
  return `${JSON.stringify(examples, null, 2)}\n`;
}
