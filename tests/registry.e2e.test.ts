import { fieldOf } from './support/errors.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stdnum } from 'stdnum';
import { demoOrganizations } from '../subgraphs/registry/demo/organizations.data.js';
import { requireEdrpou } from '../subgraphs/registry/organization/edrpou.js';
import { testDialects } from './support/databases.js';
import { as, graphql, startGraph, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

const dialects = await testDialects();

type Result = Awaited<ReturnType<typeof graphql>>;
const codeOf = (result: Result) => result.errors?.map((e) => [e.extensions?.code, e.extensions?.field]);

/** The check digit the issue describes, computed independently of the library, to test it against. */
function checkDigit(first7: string): number {
  const digits = [...first7].map(Number);
  const code = Number(`${first7}0`);
  const base = code >= 30_000_000 && code <= 60_000_000 ? [7, 1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5, 6, 7];
  let sum = digits.reduce((s, d, i) => s + d * base[i]!, 0) % 11;
  if (sum === 10) sum = digits.reduce((s, d, i) => s + d * (base[i]! + 2), 0) % 11;
  return sum === 10 ? 0 : sum;
}

describe('EDRPOU codes', () => {
  it('accept exactly 8 digits with the right check digit, as the rule defines it', () => {
    for (const code of ['32855961', '14360570', '00032112', '40075815']) {
      expect(requireEdrpou('e', code)).toBe(code);
    }
    // The library agrees with the rule on a spread of codes, both weight sets and the retry.
    for (let n = 0; n < 100_000_000; n += 999_983) {
      const first7 = String(Math.floor(n / 10)).padStart(7, '0');
      const valid = `${first7}${checkDigit(first7)}`;
      const wrong = `${first7}${(checkDigit(first7) + 1) % 10}`;
      expect(stdnum.UA.edrpou.validate(valid).isValid, valid).toBe(true);
      expect(stdnum.UA.edrpou.validate(wrong).isValid, wrong).toBe(false);
    }
    for (const bad of ['32855968', '3285596', '328559610', '3285 5961', 'abcdefgh', '']) expect(fieldOf(() => requireEdrpou('input.edrpou', bad)), bad).toBe('input.edrpou');
  });

  it('of every demo organisation are valid', () => {
    for (const org of demoOrganizations) expect(stdnum.UA.edrpou.validate(org.edrpou).isValid, org.edrpou).toBe(true);
  });
});

describe.each(dialects)('the organisations registry through the gateway, on %s', (dialect) => {
  let graph: RunningGraph;
  let url: string;
  let id: string;
  const EDRPOU = '40075815';
  const input = (overrides: Record<string, unknown> = {}) => ({
    edrpou: EDRPOU,
    name: 'Громадська організація «Обʼєднання сусідів Подолу»',
    nameEn: 'Podil Neighbours Association',
    shortName: 'ОСП',
    legalForm: 'PUBLIC_ORGANIZATION',
    city: 'kyiv',
    district: 'kyiv-podilskyi',
    activityAreas: ['благоустрій', 'культурна спадщина'],
    financialReport: { title: 'Фінансовий звіт за 2025 рік', year: 2025, url: 'https://example.org/reports/2025.pdf' },
    ...overrides,
  });
  const gql = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => graphql(url, query, variables, headers);
  const count = async (table: string) => Number(((await graph.sql('registry', `select count(*) as n from ${table}`)) as { n: number }[])[0]!.n);
  const search = async (text: string) =>
    ((await gql(OPERATIONS.Organizations!, { city: 'kyiv', search: text, first: 50 })).data.organizations.edges as { node: { id: string } }[]).map((e) => e.node.id);

  beforeAll(async () => {
    graph = await startGraph({ dialect });
    url = graph.gatewayUrl;
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('refuses bad applications with the field named, storing nothing', async () => {
    const resident = await as('applicant-bad');
    const before = [await count('organization'), await count('organization_document'), await count('organization_representative')];
    // A code of the public registry is public: CONFLICT (another's pending application is not, see hardening-privacy).
    const duplicate = demoOrganizations.find((o) => o.district?.startsWith('kyiv') && o.status === 'REGISTERED')!.edrpou;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ edrpou: '4007581' }, 'BAD_USER_INPUT', 'input.edrpou'],
      [{ edrpou: '40075816' }, 'BAD_USER_INPUT', 'input.edrpou'],
      [{ edrpou: duplicate }, 'CONFLICT', 'input.edrpou'],
      [{ name: ' ' }, 'BAD_USER_INPUT', 'input.name'],
      [{ district: 'kyiv-nowhere' }, 'BAD_USER_INPUT', 'input.district'],
      [{ activityAreas: [] }, 'BAD_USER_INPUT', 'input.activityAreas'],
      [{ financialReport: { title: 'Звіт', year: 2025, url: 'ftp://example.org/r.pdf' } }, 'BAD_USER_INPUT', 'input.financialReport.url'],
      [{ financialReport: { title: 'Звіт', year: 1850, url: 'https://example.org/r.pdf' } }, 'BAD_USER_INPUT', 'input.financialReport.year'],
    ];
    for (const [overrides, code, field] of cases) {
      expect(codeOf(await gql(OPERATIONS.RegisterOrganization!, { input: input(overrides) }, resident)), JSON.stringify(overrides)).toEqual([[code, field]]);
    }
    // A missing financial report or an unknown legal form never reaches us: the schema refuses it.
    const { financialReport: _omit, ...withoutReport } = input();
    expect((await gql(OPERATIONS.RegisterOrganization!, { input: withoutReport }, resident)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql(OPERATIONS.RegisterOrganization!, { input: input({ legalForm: 'CORPORATION' }) }, resident)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(OPERATIONS.RegisterOrganization!, { input: input() }))).toEqual([['UNAUTHENTICATED', undefined]]);
    expect([await count('organization'), await count('organization_document'), await count('organization_representative')]).toEqual(before);
  });

  it('registers an application as PENDING, once however often it is retried, and keeps it out of the public registry', async () => {
    const applicant = await as('applicant-1');
    const results = await Promise.all(Array.from({ length: 5 }, () => gql(OPERATIONS.RegisterOrganization!, { input: input() }, applicant)));
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(new Set(results.map((r) => r.data.registerOrganization.organization.id)).size).toBe(1);
    const organization = results[0]!.data.registerOrganization.organization;
    expect(organization).toMatchObject({ edrpou: EDRPOU, status: 'PENDING' });
    id = organization.id;
    expect(await graph.sql('registry', 'select id from organization where edrpou = ?', [EDRPOU])).toHaveLength(1);
    // Another resident applying for the same code learns nothing of this application: theirs waits beside it.
    const other = await gql(OPERATIONS.RegisterOrganization!, { input: input() }, await as('someone-else'));
    expect(other.errors).toBeUndefined();
    expect(other.data.registerOrganization.organization).toMatchObject({ edrpou: EDRPOU, status: 'PENDING' });
    expect(other.data.registerOrganization.organization.id).not.toBe(id);
    expect((await gql(OPERATIONS.OrganizationProfile!, { id })).data.organization).toBeNull();
    expect(await search('Подолу')).not.toContain(id);
    const mine = await gql('{ me { representedOrganizations { id status } } }', {}, applicant);
    expect(mine.data.me.representedOrganizations).toEqual([{ id, status: 'PENDING' }]);
  });

  it('lets only a registrar of the city verify, declining with a reason only', async () => {
    const verify = (headers: Record<string, string>, decision: string, reason?: string) => gql(OPERATIONS.VerifyOrganization!, { id, decision, reason }, headers);
    expect(codeOf(await verify(await as('applicant-1'), 'APPROVE'))).toEqual([['FORBIDDEN', undefined]]);
    expect(codeOf(await verify(await as('reg-vn', ['registrar:vinnytsia']), 'APPROVE'))).toEqual([['FORBIDDEN', undefined]]);
    const registrar = await as('reg-kyiv', ['registrar:kyiv']);
    expect(codeOf(await verify(registrar, 'DECLINE'))).toEqual([['BAD_USER_INPUT', 'reason']]);
    const approved = await verify(registrar, 'APPROVE');
    expect(approved.errors).toBeUndefined();
    expect(approved.data.verifyOrganization.organization.status).toBe('REGISTERED');
    expect(codeOf(await verify(registrar, 'DECLINE', 'Статут не відповідає вимогам закону.'))).toEqual([['CONFLICT', 'id']]);

    const profile = (await gql(OPERATIONS.OrganizationProfile!, { id })).data.organization;
    expect(profile).toMatchObject({ edrpou: EDRPOU, status: 'REGISTERED', shortName: 'ОСП', legalForm: 'PUBLIC_ORGANIZATION', district: { id: 'kyiv-podilskyi' } });
    expect(profile.documents).toEqual([{ kind: 'FINANCIAL_REPORT', title: 'Фінансовий звіт за 2025 рік', year: 2025, url: 'https://example.org/reports/2025.pdf' }]);
  });

  it('finds it by name, whatever the case or the apostrophe, in Ukrainian and English', async () => {
    for (const text of ["Об'єднання сусідів", 'обʼєднання СУСІДІВ', 'Об’єднання', 'podil neighbours', EDRPOU]) {
      expect(await search(text), text).toContain(id);
    }
    expect(await search('Обєднання сусідів Оболоні')).not.toContain(id);
  });

  it('lets its representatives publish documents and add representatives; nobody else', async () => {
    const statute = { title: 'Статут', year: 2024, url: 'https://example.org/statute.pdf' };
    const publish = (headers: Record<string, string>, document = statute) =>
      gql('mutation($id: ID!, $d: DocumentInput!) { publishOrganizationDocument(organizationId: $id, kind: STATUTE, document: $d) { organization { documents { kind title } } } }', { id, d: document }, headers);
    expect(codeOf(await publish(await as('outsider')))).toEqual([['FORBIDDEN', undefined]]);
    const applicant = await as('applicant-1');
    const published = await publish(applicant);
    expect(published.errors).toBeUndefined();
    expect(published.data.publishOrganizationDocument.organization.documents.map((d: { kind: string }) => d.kind).sort()).toEqual(['FINANCIAL_REPORT', 'STATUTE']);
    await publish(applicant); // a retry publishes nothing twice
    expect(await graph.sql('registry', 'select id from organization_document where organization_id = ?', [id])).toHaveLength(2);
    expect(codeOf(await publish(applicant, { ...statute, url: 'javascript:alert(1)' }))).toEqual([['BAD_USER_INPUT', 'document.url']]);

    const add = (headers: Record<string, string>) => gql('mutation($id: ID!) { addOrganizationRepresentative(organizationId: $id, resident: "applicant-2") { organization { id } } }', { id }, headers);
    expect(codeOf(await add(await as('outsider')))).toEqual([['FORBIDDEN', undefined]]);
    expect((await add(applicant)).errors).toBeUndefined();
    expect((await publish(await as('applicant-2'), { title: 'Звіт про діяльність', year: 2025, url: 'https://example.org/activity.pdf' })).errors).toBeUndefined();
  });

  it('appears in every cross-subgraph view once registered', async () => {
    const petition = await gql(
      OPERATIONS.SubmitPetition!,
      {
        input: {
          city: 'kyiv',
          district: 'kyiv-podilskyi',
          title: 'Відновити бруківку на Андріївському узвозі',
          body: 'Бруківка на узвозі зруйнована в кількох місцях. Просимо відновити її з історичного матеріалу за погодженням з органом охорони культурної спадщини.',
          initiatorOrganizationId: id,
        },
      },
      await as('applicant-1'),
    );
    expect(petition.errors).toBeUndefined();
    // In moderation, the petition is its author's to see (and the moderators').
    const author = await as('applicant-1');
    const page = (await gql(OPERATIONS.PetitionPage!, { id: petition.data.submitPetition.petition.id }, author)).data.petition;
    expect(page.initiatorOrganization).toEqual({ id, name: expect.stringContaining('Подолу'), edrpou: EDRPOU });
    const profile = (await gql(OPERATIONS.OrganizationProfile!, { id }, author)).data.organization;
    expect(profile.petitions.totalCount).toBe(1);
    expect((await gql(OPERATIONS.OrganizationProfile!, { id })).data.organization.petitions.totalCount).toBe(0);
    expect(profile.consultations.totalCount).toBe(0);
    expect(profile.stewardedHeritageObjects).toEqual([]);
    const district = await gql('{ city(id: "kyiv") { district(id: "kyiv-podilskyi") { organizations(first: 100) { edges { node { id } } } } } }', {});
    expect(district.data.city.district.organizations.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id);
  });

  it('lets a registrar suspend, reinstate and record a liquidation, in that order only', async () => {
    const registrar = await as('reg-kyiv', ['registrar:kyiv']);
    const change = (status: string) =>
      gql('mutation($id: ID!, $s: RegistryStatusChange!) { changeOrganizationStatus(id: $id, status: $s, reason: "Рішення реєстратора за заявою організації.") { organization { status } } }', { id, s: status }, registrar);
    expect((await change('SUSPENDED')).data.changeOrganizationStatus.organization.status).toBe('SUSPENDED');
    expect((await change('REGISTERED')).data.changeOrganizationStatus.organization.status).toBe('REGISTERED');
    expect((await change('LIQUIDATED')).data.changeOrganizationStatus.organization.status).toBe('LIQUIDATED');
    expect(codeOf(await change('REGISTERED'))).toEqual([['CONFLICT', 'status']]);
  });
});
