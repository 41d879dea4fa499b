import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { importJWK, SignJWT } from 'jose';
import { stdnum } from 'stdnum';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevSigningKey } from '../gateway/src/auth/dev-key.js';
import { parseGatewayConfig } from '../gateway/src/config.js';
import { fromRoot } from '../scripts/paths.js';
import { SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import { demoOrganizations } from '../subgraphs/registry/demo/organizations.data.js';
import { testDialects } from './support/databases.js';
import { postAsGateway, TEST_GATEWAY_SECRET } from './support/gateway-signing.js';
import { as, graphql, postJson, startGraph, TEST_DATA_DIR, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

/**
 * Issue 15's privacy rules, links, repeated survey answers and token lifetimes, over real
 * HTTP through the gateway. Each rule is checked both ways: what others must not see or do,
 * and that the author, moderator, registrar or internal caller still can.
 */
const dialects = await testDialects();
const HOUR_S = 3_600;

type Result = Awaited<ReturnType<typeof graphql>>;
const codeOf = (result: Result) => result.errors?.map((e) => [e.extensions?.code, e.extensions?.field]);
const idsOf = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((e) => e.node.id);

/** A valid EDRPOU code (the check digit found by the library) from seven digits. */
function edrpouFrom(first7: string): string {
  for (let digit = 0; digit <= 9; digit++) if (stdnum.UA.edrpou.validate(`${first7}${digit}`).isValid) return `${first7}${digit}`;
  throw new Error(`no check digit for ${first7}`);
}

/** A token signed with the test graph's development key, with the `iat` and `exp` given (seconds from now; null leaves it out). */
async function tokenWith(times: { iat: number | null; exp: number }, sub = 'hp-token-resident'): Promise<Record<string, string>> {
  const jwk = await ensureDevSigningKey(TEST_DATA_DIR);
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ roles: [] }).setProtectedHeader({ alg: 'ES256', kid: jwk.kid ?? 'dev' }).setSubject(sub).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE);
  if (times.iat !== null) jwt.setIssuedAt(now + times.iat);
  jwt.setExpirationTime(now + times.exp);
  return { authorization: `Bearer ${await jwt.sign(await importJWK(jwk, 'ES256'))}` };
}

describe.each(dialects)('hardening: privacy, links, repeated answers and tokens through the gateway, on %s', (dialect) => {
  let graph: RunningGraph;
  let url: string;
  const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => graphql(url, query, variables, headers);
  const op = (name: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => gql(OPERATIONS[name]!, variables, headers);
  const countRows = async (subgraph: Parameters<RunningGraph['sql']>[0], sql: string, bindings: unknown[] = []) =>
    Number(((await graph.sql(subgraph, `select count(*) as n from ${sql}`, bindings)) as { n: number }[])[0]!.n);

  beforeAll(async () => {
    graph = await startGraph({ dialect });
    url = graph.gatewayUrl;
  });
  afterAll(async () => {
    await graph?.stop();
  });

  describe('a petition in moderation', () => {
    let petitionId: string;
    let organizationId: string;
    let heritageObjectId: string;
    let author: Record<string, string>;
    let moderator: Record<string, string>;
    const CITY = 'vinnytsia';
    const DISTRICT = 'vinnytsia-tsentr';
    const LINKS = /* GraphQL */ `
      query Links($city: ID!, $district: ID!, $organization: ID!, $heritage: ID!) {
        city(id: $city) { district(id: $district) { petitions(first: 100, filter: { status: MODERATION }) { totalCount edges { node { id } } } } }
        organization(id: $organization) { petitions(first: 100) { totalCount edges { node { id } } } }
        heritageObject(id: $heritage) { petitions(first: 100) { totalCount edges { node { id } } } }
      }
    `;
    const submitted = async () => (await op('CityOverview', { city: CITY })).data.city.petitionStats.submitted as number;
    let submittedBefore: number;

    beforeAll(async () => {
      [{ id: organizationId }] = (await graph.sql('registry', "select id from organization where status = 'REGISTERED' and city = 'vinnytsia' order by id limit 1")) as { id: string }[];
      [{ id: heritageObjectId }] = (await graph.sql('heritage', "select id from heritage_object where city = 'vinnytsia' order by id limit 1")) as { id: string }[];
      author = await as('hp-author');
      moderator = await as('hp-mod-vn', ['moderator:vinnytsia']);
      submittedBefore = await submitted();
      const result = await op(
        'SubmitPetition',
        {
          input: {
            city: CITY,
            district: DISTRICT,
            title: 'Неперевірений текст <script>alert(1)</script>',
            body: 'Текст, який ще не бачив модератор: він не має бути публічним, доки його не допустять до збору підписів.',
            initiatorOrganizationId: organizationId,
            heritageObjectIds: [heritageObjectId],
          },
        },
        author,
      );
      expect(result.errors).toBeUndefined();
      petitionId = result.data.submitPetition.petition.id;
    });

    it('is found by id only by its author and the city\u02bcs moderators; for anyone else it does not exist', async () => {
      const page = async (headers: Record<string, string>) => {
        const result = await op('PetitionPage', { id: petitionId }, headers);
        expect(result.errors).toBeUndefined();
        return result.data.petition;
      };
      for (const [who, headers] of [
        ['anonymous', {}],
        ['another resident', await as('hp-stranger')],
        ['a moderator of another city', await as('hp-mod-kyiv', ['moderator:kyiv'])],
        ['an official of the city (not a moderator)', await as('hp-official-vn', ['official:vinnytsia'])],
      ] as const) {
        expect(await page(headers), who).toBeNull();
      }
      for (const [who, headers] of [
        ['its author', author],
        ['a moderator of the city', moderator],
        ['a moderator of every city', await as('hp-mod-all', ['moderator'])],
      ] as const) {
        expect(await page(headers), who).toMatchObject({ id: petitionId, status: 'MODERATION', title: expect.stringContaining('<script>') });
      }
    });

    it('is left out of every list for others, in SQL (counts included), and listed for those who may see it', async () => {
      const list = async (headers: Record<string, string>, status?: string) => {
        const result = await op('Petitions', { city: CITY, status, first: 100 }, headers);
        expect(result.errors).toBeUndefined();
        return result.data.petitions;
      };
      const published = await countRows('petitions', "petition where city = 'vinnytsia' and status <> 'MODERATION'");
      const inModeration = await countRows('petitions', "petition where city = 'vinnytsia' and status = 'MODERATION'");
      const authored = await countRows('petitions', "petition where city = 'vinnytsia' and status = 'MODERATION' and author = ?", ['hp-author']);
      expect(inModeration).toBeGreaterThan(authored); // others' petitions in moderation exist too

      expect((await list({})).totalCount).toBe(published);
      expect(await list({}, 'MODERATION')).toMatchObject({ totalCount: 0, edges: [] });
      const authorsOwn = await list(author, 'MODERATION');
      expect(authorsOwn.totalCount).toBe(authored);
      expect(idsOf(authorsOwn)).toContain(petitionId);
      expect((await list(author)).totalCount).toBe(published + authored);
      const moderators = await list(moderator, 'MODERATION');
      expect(moderators.totalCount).toBe(inModeration);
      expect(idsOf(moderators)).toContain(petitionId);

      // District, organisation and monument links, each nested list through its own subgraph.
      const links = async (headers: Record<string, string>) => {
        const result = await gql(LINKS, { city: CITY, district: DISTRICT, organization: organizationId, heritage: heritageObjectId }, headers);
        expect(result.errors).toBeUndefined();
        return [result.data.city.district.petitions, result.data.organization.petitions, result.data.heritageObject.petitions];
      };
      for (const connection of await links({})) expect(idsOf(connection)).not.toContain(petitionId);
      for (const connection of await links(author)) expect(idsOf(connection)).toContain(petitionId);
      for (const connection of await links(moderator)) expect(idsOf(connection)).toContain(petitionId);
    });

    it('keeps the counts public: the city\u02bcs statistics count it for everyone', async () => {
      expect(await submitted()).toBe(submittedBefore + 1);
    });

    it('resolves as an entity reference only for those who may see it', async () => {
      const entities = async (viewer: { id: string; grants: { role: 'moderator'; city?: string }[] } | null) => {
        const response = await postAsGateway(graph.subgraphUrls.petitions, 'petitions', {
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Petition { id } } }',
          variables: { r: [{ __typename: 'Petition', id: petitionId }] },
        }, { viewer, secret: TEST_GATEWAY_SECRET });
        const body = (await response.json()) as { data: { _entities: unknown[] } };
        return { entity: body.data._entities[0], cacheControl: response.headers.get('cache-control') };
      };
      expect((await entities(null)).entity).toBeNull();
      expect((await entities({ id: 'hp-stranger', grants: [] })).entity).toBeNull();
      const own = await entities({ id: 'hp-author', grants: [] });
      expect(own.entity).toEqual({ id: petitionId });
      expect(own.cacheControl).toMatch(/private/);
      expect((await entities({ id: 'hp-mod-vn', grants: [{ role: 'moderator', city: CITY }] })).entity).toEqual({ id: petitionId });
    });

    it('makes signed-in answers private, so no cache hands one caller\u02bcs petitions to another', async () => {
      const variables = { city: CITY, status: 'MODERATION', first: 100 };
      const anonymous = await postJson(url, { query: OPERATIONS.Petitions, variables });
      expect(anonymous.headers.get('cache-control')).toBe('max-age=30, public');
      const signedIn = await postJson(url, { query: OPERATIONS.Petitions, variables }, author);
      expect(signedIn.headers.get('cache-control')).toMatch(/private/);

      // With the response cache on: the author asks first, then another resident asks the same.
      const { url: cached } = await graph.startGateway({ RESPONSE_CACHE: 'true' });
      const first = await postJson(cached, { query: OPERATIONS.Petitions, variables }, author);
      expect(idsOf(first.body.data.petitions)).toContain(petitionId);
      const other = await postJson(cached, { query: OPERATIONS.Petitions, variables }, await as('hp-stranger'));
      expect(idsOf(other.body.data.petitions)).not.toContain(petitionId);
      expect(other.body.data.petitions.totalCount).toBe(0);
    });

    it('cannot be signed, answered or decided by those who cannot see it: NOT_FOUND, nothing stored', async () => {
      const signatures = () => countRows('petitions', 'signature where petition_id = ?', [petitionId]);
      expect(codeOf(await op('SignPetition', { id: petitionId, channel: 'WEB' }, await as('hp-stranger')))).toEqual([['NOT_FOUND', 'id']]);
      expect(await signatures()).toBe(0);
      const answer = 'Відповідь на петицію, яку ще не допущено.';
      expect(codeOf(await op('RespondToPetition', { id: petitionId, body: answer }, await as('hp-official-vn', ['official:vinnytsia'])))).toEqual([['NOT_FOUND', 'id']]);
      expect(codeOf(await op('ModeratePetition', { id: petitionId, decision: 'ADMIT' }, await as('hp-mod-kyiv', ['moderator:kyiv'])))).toEqual([['NOT_FOUND', 'id']]);
      const [row] = (await graph.sql('petitions', 'select status, responded_at from petition where id = ?', [petitionId])) as { status: string; responded_at: unknown }[];
      expect(row).toEqual({ status: 'MODERATION', responded_at: null });
      // Its author signing it: it is not open, which they may know.
      expect(codeOf(await op('SignPetition', { id: petitionId, channel: 'WEB' }, author))).toEqual([['CONFLICT', 'id']]);
    });

    it('is published with its reason once a moderator rejects it', async () => {
      const reason = 'Петиція не стосується повноважень міської ради.';
      const rejected = await op('ModeratePetition', { id: petitionId, decision: 'REJECT', reason }, moderator);
      expect(rejected.errors).toBeUndefined();
      const page = await op('PetitionPage', { id: petitionId });
      expect(page.data.petition).toMatchObject({ id: petitionId, status: 'REJECTED', rejection: { reason } });
      expect(idsOf((await op('Petitions', { city: CITY, status: 'REJECTED', first: 100 })).data.petitions)).toContain(petitionId);
    });
  });

  describe('registering an organisation', () => {
    const CODE = edrpouFrom(dialect === 'sqlite' ? '4123457' : '4123458');
    const input = (overrides: Record<string, unknown> = {}) => ({
      edrpou: CODE,
      name: 'Громадська організація «Сусіди Либідської»',
      legalForm: 'PUBLIC_ORGANIZATION',
      city: 'kyiv',
      district: 'kyiv-holosiivskyi',
      activityAreas: ['благоустрій'],
      financialReport: { title: 'Фінансовий звіт за 2025 рік', year: 2025, url: 'https://example.org/reports/2025.pdf' },
      ...overrides,
    });
    const register = (headers: Record<string, string>, overrides: Record<string, unknown> = {}) => op('RegisterOrganization', { input: input(overrides) }, headers);
    const withCode = () => graph.sql<{ id: string; status: string }>('registry', 'select id, status from organization where edrpou = ? order by applied_at, id', [CODE]);
    let first: string;
    let second: string;

    it('does not reveal another resident\u02bcs pending application: a second one waits beside it', async () => {
      const a = await register(await as('hp-applicant-a'));
      expect(a.errors).toBeUndefined();
      first = a.data.registerOrganization.organization.id;
      const b = await as('hp-applicant-b');
      // Retried at once, as a mobile app would: one application.
      const retries = await Promise.all(Array.from({ length: 3 }, () => register(b)));
      expect(retries.filter((r) => r.errors)).toEqual([]);
      const ids = new Set(retries.map((r) => r.data.registerOrganization.organization.id));
      expect(ids.size).toBe(1);
      second = [...ids][0]!;
      expect(second).not.toBe(first);
      expect(retries[0]!.data.registerOrganization.organization).toMatchObject({ edrpou: CODE, status: 'PENDING' });
      expect((await withCode()).map((r) => r.status)).toEqual(['PENDING', 'PENDING']);
      // Each applicant sees their own only.
      const mine = await gql('{ me { representedOrganizations { id } } }', {}, b);
      expect(mine.data.me.representedOrganizations).toEqual([{ id: second }]);
    });

    it('answers CONFLICT for a code in the public registry, naming the code and the city, storing nothing', async () => {
      const registered = demoOrganizations.find((o) => o.status === 'REGISTERED' && o.district?.startsWith('kyiv'))!.edrpou;
      const before = await countRows('registry', 'organization');
      const result = await register(await as('hp-applicant-c'), { edrpou: registered });
      expect(codeOf(result)).toEqual([['CONFLICT', 'input.edrpou']]);
      expect(result.errors![0]!.message).toContain(registered);
      expect(result.errors![0]!.message).toContain('Київ');
      expect(await countRows('registry', 'organization')).toBe(before);
    });

    it('lets the registrar approve one application; approving the other is then a CONFLICT for the registrar', async () => {
      const registrar = await as('hp-registrar', ['registrar:kyiv']);
      const verify = (id: string, decision: string, reason?: string) => op('VerifyOrganization', { id, decision, reason }, registrar);
      const approved = await verify(first, 'APPROVE');
      expect(approved.errors).toBeUndefined();
      expect(approved.data.verifyOrganization.organization.status).toBe('REGISTERED');
      const clash = await verify(second, 'APPROVE');
      expect(codeOf(clash)).toEqual([['CONFLICT', 'id']]);
      expect(clash.errors![0]!.message).toContain(CODE);
      expect((await withCode()).map((r) => [r.id, r.status])).toEqual([[first, 'REGISTERED'], [second, 'PENDING']]);
      expect((await verify(second, 'DECLINE', 'Код ЄДРПОУ належить іншій зареєстрованій організації.')).errors).toBeUndefined();

      // Now the code is public: a new application for it is refused, and nothing is stored.
      const before = await countRows('registry', 'organization');
      expect(codeOf(await register(await as('hp-applicant-d')))).toEqual([['CONFLICT', 'input.edrpou']]);
      expect(await countRows('registry', 'organization')).toBe(before);
    });
  });

  describe('published links', () => {
    const BAD: [string, string][] = [
      ['plain http', 'http://photos.example.org/a.jpg'],
      ['not a link', 'javascript:alert(1)'],
      ['credentials', 'https://user:pass@photos.example.org/a.jpg'],
      ['an empty user name with a password', 'https://:secret@photos.example.org/a.jpg'],
      ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data/'],
      ['a loopback address with a port', 'https://127.0.0.1:4101/graphql'],
      ['a decimal IPv4 literal', 'https://2130706433/x.jpg'],
      ['a hexadecimal IPv4 literal', 'https://0x7f.0.0.1/x.jpg'],
      ['an octal IPv4 literal', 'https://0177.0.0.1/x.jpg'],
      ['a private IPv4 address', 'https://10.0.0.5/x.jpg'],
      ['an IPv6 loopback', 'https://[::1]/x.jpg'],
      ['an IPv4-mapped IPv6 address', 'https://[::ffff:169.254.169.254]/x.jpg'],
      ['a unique-local IPv6 address', 'https://[fd00::1]/x.jpg'],
      ['localhost', 'https://localhost/x.jpg'],
      ['localhost with a trailing dot', 'https://localhost./x.jpg'],
      ['a subdomain of localhost', 'https://api.localhost/x.jpg'],
      ['an mDNS name', 'https://printer.local/x.jpg'],
      ['an internal name', 'https://metadata.google.internal/computeMetadata/v1/'],
      ['a home network name', 'https://router.home.arpa/x.jpg'],
      ['a single-label name', 'https://intranet/x.jpg'],
      ['over 2,048 characters', `https://photos.example.org/${'a'.repeat(2_030)}.jpg`],
    ];

    it('refuses unsafe photo links of a condition report, naming the element, storing nothing', async () => {
      const [object] = (await graph.sql('heritage', "select id from heritage_object where city = 'kyiv' order by id limit 1")) as { id: string }[];
      const resident = await as('hp-reporter');
      const before = await countRows('heritage', 'heritage_report');
      const report = (photoUrls: string[]) =>
        op('ReportHeritageCondition', { input: { heritageObjectId: object!.id, condition: 'DAMAGED', note: 'Пошкоджено вітражі.', photoUrls } }, resident);
      for (const [name, link] of BAD) {
        expect(codeOf(await report(['https://photos.example.org/ok.jpg', link])), name).toEqual([['BAD_USER_INPUT', 'input.photoUrls[1]']]);
      }
      expect(await countRows('heritage', 'heritage_report')).toBe(before);
      // What a resident would send is accepted, exactly 2,048 characters included.
      const longest = `https://photos.example.org/${'a'.repeat(2_048 - 'https://photos.example.org/.jpg'.length)}.jpg`;
      expect(longest).toHaveLength(2_048);
      const accepted = await report(['https://photos.kyiv.example.org/vitrazh.jpg', longest]);
      expect(accepted.errors).toBeUndefined();
      expect(await countRows('heritage', 'heritage_report')).toBe(before + 1);
    });

    it('refuses unsafe document links of an organisation, naming the field, storing nothing', async () => {
      const resident = await as('hp-applicant-links');
      const before = await countRows('registry', 'organization');
      for (const [name, link] of BAD) {
        const result = await op(
          'RegisterOrganization',
          {
            input: {
              edrpou: edrpouFrom('4123459'),
              name: 'Благодійний фонд «Світло»',
              legalForm: 'CHARITY',
              city: 'kyiv',
              activityAreas: ['культура'],
              financialReport: { title: 'Фінансовий звіт', year: 2025, url: link },
            },
          },
          resident,
        );
        expect(codeOf(result), name).toEqual([['BAD_USER_INPUT', 'input.financialReport.url']]);
      }
      expect(await countRows('registry', 'organization')).toBe(before);
    });
  });

  describe('answering a survey again', () => {
    let consultationId: string;
    let title: string;
    let questions: { id: string; kind: string; required: boolean; scaleMin: number | null; options: { id: string }[] }[];
    const resident = () => as('hp-respondent');
    const answers = (choice: number) =>
      questions.map((q) => {
        switch (q.kind) {
          case 'SINGLE_CHOICE':
            return { questionId: q.id, optionIds: [q.options[choice % q.options.length]!.id] };
          case 'MULTIPLE_CHOICE':
            return { questionId: q.id, optionIds: [q.options[0]!.id] };
          case 'TEXT':
            return { questionId: q.id, text: 'Більше тіні й лавок.' };
          default:
            return { questionId: q.id, value: q.scaleMin ?? 1 };
        }
      });
    /** What is stored for the consultation: every answer of every response, and the counters. */
    const stored = async () => ({
      answers: await graph.sql(
        'consultations',
        `select r.respondent, a.question_id, a.option_id, a.text, a.value from survey_answer a join survey_response r on r.id = a.response_id
          where r.consultation_id = ? order by r.respondent, a.question_id, a.option_id`,
        [consultationId],
      ),
      counters: await graph.sql(
        'consultations',
        `select c.response_count, o.id, o.response_count as option_count from consultation c join survey_question q on q.consultation_id = c.id
           join survey_option o on o.question_id = q.id where c.id = ? order by o.id`,
        [consultationId],
      ),
    });

    beforeAll(async () => {
      // An open consultation whose survey has a single-choice question with two options or more.
      const now = new Date();
      const [row] = (await graph.sql(
        'consultations',
        `select q.consultation_id as id from survey_question q join survey_option o on o.question_id = q.id join consultation c on c.id = q.consultation_id
          where q.kind = 'SINGLE_CHOICE' and c.opens_at <= ? and c.closes_at > ?
          group by q.consultation_id, q.id having count(*) >= 2 order by q.consultation_id limit 1`,
        [now, now],
      )) as { id: string }[];
      consultationId = row!.id;
      const page = await gql('query($id: ID!) { consultation(id: $id) { title survey { questions { id kind required scaleMin options { id } } } } }', { id: consultationId });
      title = page.data.consultation.title;
      questions = page.data.consultation.survey.questions;
    });

    it('with the same answers is a success that changes nothing, in any order', async () => {
      const first = await op('RespondToSurvey', { id: consultationId, answers: answers(0) }, await resident());
      expect(first.errors).toBeUndefined();
      const after = await stored();
      const again = await op('RespondToSurvey', { id: consultationId, answers: answers(0).reverse() }, await resident());
      expect(again.errors).toBeUndefined();
      expect(again.data.respondToSurvey.consultation).toEqual(first.data.respondToSurvey.consultation);
      expect(await stored()).toEqual(after);
    });

    it('with different answers is a CONFLICT naming the consultation; the first answers stand', async () => {
      const before = await stored();
      const different = await op('RespondToSurvey', { id: consultationId, answers: answers(1) }, await resident());
      expect(codeOf(different)).toEqual([['CONFLICT', 'consultationId']]);
      expect(different.errors![0]!.message).toContain(consultationId);
      expect(different.errors![0]!.message).toContain(title);
      // Leaving out an optional answer given the first time is answering differently too.
      const optional = questions.find((q) => !q.required);
      if (optional) {
        const fewer = await op('RespondToSurvey', { id: consultationId, answers: answers(0).filter((a) => a.questionId !== optional.id) }, await resident());
        expect(codeOf(fewer)).toEqual([['CONFLICT', 'consultationId']]);
      }
      expect(await stored()).toEqual(before);
    });
  });

  describe('token lifetime', () => {
    const me = (headers: Record<string, string>, at = url) => postJson(at, { query: '{ me { id } }' }, headers);
    const refusal = async (headers: Record<string, string>, at = url) => {
      const { status, body } = await me(headers, at);
      return [status, body.errors?.[0]?.extensions?.code, body.errors?.[0]?.extensions?.reason];
    };

    it('refuses tokens issued in the future, without iat, living or used longer than 24 h by default', async () => {
      expect(await refusal(await tokenWith({ iat: 120, exp: 600 }))).toEqual([401, 'UNAUTHENTICATED', 'NOT_YET_VALID']);
      expect(await refusal(await tokenWith({ iat: null, exp: 600 }))).toEqual([401, 'UNAUTHENTICATED', 'MISSING_CLAIM']);
      expect(await refusal(await tokenWith({ iat: -60, exp: 25 * HOUR_S }))).toEqual([401, 'UNAUTHENTICATED', 'LIFETIME_TOO_LONG']);
      expect(await refusal(await tokenWith({ iat: -25 * HOUR_S, exp: 600 }))).toEqual([401, 'UNAUTHENTICATED', 'EXPIRED']);
    });

    it('accepts a token of 24 h, and one issued within the clock tolerance ahead', async () => {
      const day = await me(await tokenWith({ iat: -60, exp: 24 * HOUR_S - 60 }));
      expect([day.status, day.body.data?.me?.id]).toEqual([200, 'hp-token-resident']);
      const skewed = await me(await tokenWith({ iat: 10, exp: 600 }));
      expect([skewed.status, skewed.body.data?.me?.id]).toEqual([200, 'hp-token-resident']);
    });

    it('takes its maximum from JWT_MAX_LIFETIME_S', async () => {
      const { url: strict } = await graph.startGateway({ JWT_MAX_LIFETIME_S: String(HOUR_S) });
      expect(await refusal(await tokenWith({ iat: 0, exp: 2 * HOUR_S }), strict)).toEqual([401, 'UNAUTHENTICATED', 'LIFETIME_TOO_LONG']);
      expect(await refusal(await tokenWith({ iat: -2 * HOUR_S, exp: 600 }), strict)).toEqual([401, 'UNAUTHENTICATED', 'EXPIRED']);
      expect((await me(await tokenWith({ iat: 0, exp: HOUR_S / 2 }), strict)).body.data.me.id).toBe('hp-token-resident');
      // The default gateway takes the two-hour token.
      expect((await me(await tokenWith({ iat: 0, exp: 2 * HOUR_S }))).body.data.me.id).toBe('hp-token-resident');
      expect(() => parseGatewayConfig({ JWT_MAX_LIFETIME_S: '0' })).toThrow(/JWT_MAX_LIFETIME_S/);
    });

    it('has the development token script mint only tokens the gateway accepts', async () => {
      const run = promisify(execFile);
      const script = fromRoot('dist', 'scripts', 'token.js');
      const env = { ...process.env, DATA_DIR: TEST_DATA_DIR };
      const refused = await run('node', [script, '--sub', 'hp-script', '--expires', '2d'], { env }).catch((error: { code: number; stderr: string }) => error);
      expect(refused).toMatchObject({ code: 2, stderr: expect.stringMatching(/JWT_MAX_LIFETIME_S/) });
      const { stdout } = await run('node', [script, '--sub', 'hp-script', '--expires', '24h'], { env });
      expect((await me({ authorization: `Bearer ${stdout.trim()}` })).body.data.me.id).toBe('hp-script');
    });
  });

  describe('/metrics and /ready', () => {
    const INTERNAL_TOKEN = 'internal-token-of-at-least-32-characters-for-tests';
    const PRODUCTION = { NODE_ENV: 'production', JWT_JWKS_URL: 'https://id.example.org/certs', JWT_ISSUER: 'https://id.example.org', JWT_AUDIENCE: 'participation-graph' };
    const get = async (base: string, path: string, headers: Record<string, string> = {}) => {
      const response = await fetch(new URL(path, base), { headers });
      const text = await response.text();
      return { status: response.status, text, json: (() => { try { return JSON.parse(text); } catch { return undefined; } })() };
    };
    const internal = { authorization: `Bearer ${INTERNAL_TOKEN}` };

    it('in production, answer the public a bare readiness and no metrics; the internal token gets both', async () => {
      const { url: gateway } = await graph.startGateway({ ...PRODUCTION, INTERNAL_TOKEN });
      const ready = await get(gateway, '/ready');
      expect([ready.status, ready.json]).toEqual([200, { status: 'ready' }]);
      expect(ready.text).not.toMatch(/petitions|registry|supergraph/);
      const detailed = await get(gateway, '/ready', internal);
      const everyReady = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, 'ready']));
      expect([detailed.status, detailed.json]).toEqual([200, { status: 'ready', supergraph: 'loaded', subgraphs: everyReady }]);

      expect((await get(gateway, '/metrics')).status).toBe(404);
      expect((await get(gateway, '/metrics', { authorization: 'Bearer not-the-internal-token' })).status).toBe(403);
      // A resident's token is no internal credential.
      expect((await get(gateway, '/metrics', await tokenWith({ iat: 0, exp: 600 }))).status).toBe(403);
      const metrics = await get(gateway, '/metrics', internal);
      expect(metrics.status).toBe(200);
      expect(metrics.text).toMatch(/^# TYPE graphql_requests_total counter$/m);
    });

    it('in production without an internal token, keep both closed to everyone', async () => {
      const { url: gateway } = await graph.startGateway(PRODUCTION);
      expect((await get(gateway, '/metrics')).status).toBe(404);
      expect((await get(gateway, '/metrics', internal)).status).toBe(404);
      expect((await get(gateway, '/ready', internal)).json).toEqual({ status: 'ready' });
    });

    it('in development, stay open', async () => {
      expect((await get(url, '/metrics')).status).toBe(200);
      expect((await get(url, '/ready')).json).toMatchObject({ status: 'ready', subgraphs: { petitions: 'ready' } });
      expect(() => parseGatewayConfig({ INTERNAL_TOKEN: 'short' })).toThrow(/INTERNAL_TOKEN/);
      expect(parseGatewayConfig({ INTERNAL_TOKEN: '' }).internalToken).toBeUndefined();
    });
  });
});
