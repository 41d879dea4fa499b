import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHeritageObjects } from '../subgraphs/heritage/demo/heritage.data.js';
import { distanceMeters } from '../subgraphs/heritage/heritage-object/geo.js';
import { demoPetitions } from '../subgraphs/petitions/demo/petitions.data.js';
import { demoOrganizations } from '../subgraphs/registry/demo/organizations.data.js';
import { demoConsultations } from '../subgraphs/consultations/demo/consultations.data.js';
import { demoId } from '../subgraphs/shared/demo-ids.js';
import { CITIES } from '../lib/places.js';
import { testDialects } from './support/databases.js';
import { graphql, startGraph, type RunningGraph } from './support/graph.js';
import { SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import { OPERATIONS } from './support/operations.js';

const dialects = await testDialects();
const cityOf = (district: string | null) => (district?.startsWith('vinnytsia') ? 'vinnytsia' : 'kyiv');
const PUBLIC_ORG = new Set(['REGISTERED', 'SUSPENDED', 'LIQUIDATED']);

describe.each(dialects)('the graph through the gateway, on %s', (dialect) => {
  let graph: RunningGraph;
  let url: string;
  const run = async (name: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const result = await graphql(url, OPERATIONS[name]!, variables, headers);
    expect(result.errors, `${name} ${JSON.stringify(variables)}: ${JSON.stringify(result.errors)}`).toBeUndefined();
    return result.data;
  };

  beforeAll(async () => {
    graph = await startGraph({ dialect });
    url = graph.gatewayUrl;
  });

  it('switches off Apollo\u02bcs telemetry (a municipal deployment does not phone home)', () => {
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('answers CityOverview for Kyiv and Vinnytsia with figures from every subgraph', async () => {
    for (const city of CITIES) {
      const data = await run('CityOverview', { city: city.id });
      expect(data.city.id).toBe(city.id);
      expect(data.city.name).toBe(city.nameUk);
      expect(data.city.districts.map((d: { id: string }) => d.id)).toEqual(city.districts.map((d) => d.id));
      const heritage = demoHeritageObjects.filter((h) => cityOf(h.district) === city.id);
      expect(data.city.heritageStats.total).toBe(heritage.length);
      const damaged = heritage.filter((h) => h.history.at(-1)!.condition === 'DAMAGED').length;
      expect(data.city.heritageStats.byCondition.find((c: { condition: string }) => c.condition === 'DAMAGED').count).toBe(damaged);
      const petitions = demoPetitions.filter((p) => p.city === city.id);
      expect(data.city.petitionStats.submitted).toBe(petitions.length);
      expect(data.city.petitionStats.rejected).toBe(petitions.filter((p) => p.status === 'REJECTED').length);
      const signatures = petitions.filter((p) => p.status === 'OPEN' || p.status === 'CLOSED').reduce((n, p) => n + p.signatures, 0);
      expect(data.city.petitionStats.signatures).toBe(signatures);
      const byChannel = data.city.petitionStats.signaturesByChannel.reduce((n: number, c: { count: number }) => n + c.count, 0);
      expect(byChannel).toBe(signatures);
      expect(data.city.registryStats.registered).toBe(
        demoOrganizations.filter((o) => o.status === 'REGISTERED' && cityOf(o.district) === city.id).length,
      );
      expect(data.city.consultationStats.total).toBe(demoConsultations.filter((c) => c.city === city.id).length);
      expect(data.city.consultationStats.participants).toBeGreaterThan(0);
    }
  });

  it('answers DistrictParticipation in every district, with cross-subgraph fields filled', async () => {
    for (const city of CITIES) {
      for (const district of city.districts) {
        const data = await run('DistrictParticipation', { city: city.id, district: district.id, first: 50 });
        const view = data.city.district;
        expect(view.id).toBe(district.id);
        const open = demoPetitions.filter((p) => p.district === district.id && p.status === 'OPEN');
        expect(view.petitions.totalCount, district.id).toBe(open.length);
        expect(view.petitions.totalCount, `${district.id} has open petitions`).toBeGreaterThan(0);
        for (const { node } of view.petitions.edges) {
          const demo = open.find((p) => demoId('petition', p.slug) === node.id)!;
          expect(node.title).toBe(demo.titleUk);
          expect(node.signatureCount).toBe(demo.signatures);
          expect(node.initiatorOrganization?.id ?? null).toBe(demo.initiatorOrganization ? demoId('organization', demo.initiatorOrganization) : null);
          if (node.initiatorOrganization) expect(node.initiatorOrganization.name).toBeTruthy();
          expect(node.heritageObjects.map((h: { name: string }) => h.name).sort()).toEqual(
            demo.heritageObjects.map((slug) => demoHeritageObjects.find((h) => h.slug === slug)!.nameUk).sort(),
          );
        }
        // Every Kyiv district has an open consultation; Vinnytsia's run city-wide or in some parts.
        if (city.id === 'kyiv') expect(view.consultations.totalCount, `${district.id} has open consultations`).toBeGreaterThan(0);
        expect(view.consultations.totalCount).toBe(
          demoConsultations.filter((c) => c.district === district.id && c.opensInDays < 0 && c.closesInDays > 0).length,
        );
        for (const { node } of view.consultations.edges) expect(node.organizers.every((o: { name: string }) => o.name)).toBe(true);
        const orgs = demoOrganizations.filter((o) => o.district === district.id && PUBLIC_ORG.has(o.status));
        expect(view.organizations.totalCount).toBe(orgs.length);
        for (const { node } of view.organizations.edges) {
          const slug = orgs.find((o) => demoId('organization', o.slug) === node.id)!.slug;
          // Petitions still in moderation are the author's and the moderators' only.
          expect(node.petitions.totalCount).toBe(demoPetitions.filter((p) => p.initiatorOrganization === slug && p.status !== 'MODERATION').length);
          expect(node.consultations.totalCount).toBe(demoConsultations.filter((c) => c.organizers.includes(slug)).length);
        }
        const heritage = demoHeritageObjects.filter((h) => h.district === district.id);
        expect(view.heritageObjects.totalCount).toBe(heritage.length);
        for (const { node } of view.heritageObjects.edges) {
          const demo = heritage.find((h) => demoId('heritage', h.slug) === node.id)!;
          expect(node.condition).toBe(demo.history.at(-1)!.condition);
          expect(node.petitions.totalCount).toBe(demoPetitions.filter((p) => p.heritageObjects.includes(demo.slug) && p.status !== 'MODERATION').length);
          expect(node.consultations.totalCount).toBe(demoConsultations.filter((c) => c.heritageObjects.includes(demo.slug)).length);
          expect(node.stewards.map((s: { id: string }) => s.id).sort()).toEqual(demo.stewards.map((s) => demoId('organization', s)).sort());
          expect(node.stewards.every((s: { name: string }) => s.name)).toBe(true);
        }
      }
    }
  });

  it('makes a constant number of SQL statements per subgraph, whatever the page size', async () => {
    const counts = async (first: number) => {
      graph.resetQueries();
      await run('DistrictParticipation', { city: 'kyiv', district: 'kyiv-shevchenkivskyi', first });
      return Object.fromEntries(Object.entries(graph.queries).map(([name, list]) => [name, list.length]));
    };
    const one = await counts(1);
    const many = await counts(50);
    expect(many).toEqual(one);
    // One statement per list or entity type, in each subgraph request the plan makes:
    // petitions: the district's open petitions (page and total in one windowed query), their
    //   heritage links, the organisations' petition counts, the monuments' petition counts;
    // consultations: the district's open consultations, their organisers, the organisations'
    //   and the monuments' consultation counts;
    // registry: the district's organisations, then organisations by id for the petitions'
    //   initiators, the consultations' organisers and the monuments' stewards;
    // heritage: the district's monuments, their stewards, monuments by id for the petitions.
    // subgraph-list: this operation's statements per subgraph (none in the others), not the set.
    expect(many).toEqual({ ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, 0])), petitions: 4, consultations: 4, registry: 4, heritage: 3 });
  });

  it('pages through every petition once, in order, for each sort', async () => {
    // Anonymous: petitions still in moderation are not listed.
    const total = demoPetitions.filter((p) => p.city === 'kyiv' && p.status !== 'MODERATION').length;
    for (const sort of ['NEWEST', 'MOST_SIGNED', 'CLOSING_SOON']) {
      const seen: { id: string; signatureCount: number; closesAt: string | null }[] = [];
      let after: string | null = null;
      for (let page = 0; page < 50; page++) {
        const data = await run('Petitions', { city: 'kyiv', sort, first: 7, after });
        expect(data.petitions.totalCount).toBe(total);
        seen.push(...data.petitions.edges.map((e: { node: never }) => e.node));
        if (!data.petitions.pageInfo.hasNextPage) break;
        after = data.petitions.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(total);
      expect(new Set(seen.map((p) => p.id)).size).toBe(total);
      if (sort === 'MOST_SIGNED') {
        for (let i = 1; i < seen.length; i++) expect(seen[i - 1]!.signatureCount).toBeGreaterThanOrEqual(seen[i]!.signatureCount);
      }
      if (sort === 'CLOSING_SOON') {
        const dates = seen.map((p) => p.closesAt);
        const firstNull = dates.indexOf(null);
        if (firstNull >= 0) expect(dates.slice(firstNull).every((d) => d === null)).toBe(true);
        const set = dates.filter((d): d is string => d !== null);
        expect([...set].sort()).toEqual(set);
      }
    }
  });

  it('filters petitions by status and answers a petition page', async () => {
    const rejected = await run('Petitions', { city: 'kyiv', status: 'REJECTED', first: 100 });
    expect(rejected.petitions.totalCount).toBe(demoPetitions.filter((p) => p.city === 'kyiv' && p.status === 'REJECTED').length);
    const answered = demoPetitions.find((p) => p.city === 'kyiv' && p.responseUk && p.signatures >= 6000)!;
    const page = (await run('PetitionPage', { id: demoId('petition', answered.slug) })).petition;
    expect(page.number).toMatch(/^KY-\d{4}-\d{4}$/);
    expect(page.response.body).toBe(answered.responseUk);
    expect(page.thresholdReachedAt).not.toBeNull();
    expect(page.viewerHasSigned).toBe(false);
    expect(page.signaturesByChannel.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(page.signatureCount);
    const rejection = demoPetitions.find((p) => p.status === 'REJECTED')!;
    const rejectedPage = (await run('PetitionPage', { id: demoId('petition', rejection.slug) })).petition;
    expect(rejectedPage.status).toBe('REJECTED');
    expect(rejectedPage.rejection.reason).toBe(rejection.rejectionReasonUk);
  });

  it('answers in English where a translation exists, in Ukrainian otherwise', async () => {
    const en = await run('CityOverview', { city: 'kyiv' }, { 'accept-language': 'en' });
    expect(en.city.name).toBe('Kyiv');
    expect(en.city.districts[0].name).toMatch(/district$/);
    const untranslated = demoPetitions.find((p) => p.titleEn === null && p.status !== 'MODERATION');
    if (untranslated) {
      const page = await run('PetitionPage', { id: demoId('petition', untranslated.slug) }, { 'accept-language': 'en-GB,en;q=0.9' });
      expect(page.petition.title).toBe(untranslated.titleUk);
    }
    const translated = demoPetitions.find((p) => p.titleEn)!;
    const page = await run('PetitionPage', { id: demoId('petition', translated.slug) }, { 'accept-language': 'en' });
    expect(page.petition.title).toBe(translated.titleEn);
  });

  it('answers the registry, heritage and consultation pages', async () => {
    const org = demoOrganizations.find((o) => o.status === 'REGISTERED' && demoPetitions.some((p) => p.initiatorOrganization === o.slug))!;
    const profile = (await run('OrganizationProfile', { id: demoId('organization', org.slug) })).organization;
    expect(profile.edrpou).toBe(org.edrpou);
    expect(profile.documents.length).toBe(org.documents.length);
    expect(profile.petitions.totalCount).toBeGreaterThan(0);
    expect(profile.stewardedHeritageObjects.length).toBe(demoHeritageObjects.filter((h) => h.stewards.includes(org.slug)).length);

    const monument = demoHeritageObjects.find((h) => demoPetitions.some((p) => p.heritageObjects.includes(h.slug)))!;
    const object = (await run('HeritageObjectPage', { id: demoId('heritage', monument.slug) })).heritageObject;
    expect(object.name).toBe(monument.nameUk);
    expect(object.conditionHistory).toHaveLength(monument.history.length);
    expect(object.location).toEqual({ lat: monument.lat, lng: monument.lng });
    expect(object.petitions.edges.length).toBeGreaterThan(0);

    const consultation = demoConsultations.find((c) => c.survey && c.surveyResponses > 0)!;
    const page = (await run('ConsultationPage', { id: demoId('consultation', consultation.slug) })).consultation;
    expect(page.survey.questions).toHaveLength(consultation.survey!.length);
    expect(page.participantCount).toBe(consultation.offlineParticipants + consultation.surveyResponses);
    const choice = page.survey.questions.find((q: { kind: string }) => q.kind === 'SINGLE_CHOICE');
    if (choice) {
      const answered = choice.options.reduce((n: number, o: { responseCount: number }) => n + o.responseCount, 0);
      expect(answered).toBeLessThanOrEqual(consultation.surveyResponses);
      expect(answered).toBeGreaterThan(0);
    }
    const list = await run('Consultations', { city: 'vinnytsia', status: 'OPEN' });
    expect(list.consultations.totalCount).toBeGreaterThanOrEqual(2);
    expect(list.consultations.edges.every((e: { node: { status: string } }) => e.node.status === 'OPEN')).toBe(true);
  });

  it('finds organisations by name whatever the apostrophe', async () => {
    const withApostrophe = demoOrganizations.find((o) => PUBLIC_ORG.has(o.status) && /['ʼ’]/.test(o.nameUk));
    const org = withApostrophe ?? demoOrganizations.find((o) => PUBLIC_ORG.has(o.status))!;
    const word = org.nameUk.split(/\s+/).find((w) => /['ʼ’]/.test(w)) ?? org.nameUk.split(/\s+/).at(-1)!;
    const swapped = word.replace(/'/g, '\u02bc').replace(/[ʼ’]/g, "'").replace(/[«»"]/g, '').toUpperCase();
    const data = await run('Organizations', { city: cityOf(org.district), search: swapped });
    expect(data.organizations.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(demoId('organization', org.slug));
    const none = await run('Organizations', { city: 'kyiv', search: 'zzzz-no-such-name' });
    expect(none.organizations.totalCount).toBe(0);
  });

  it('finds exactly the monuments within a radius, nearest first', async () => {
    const centre = { lat: 50.4501, lng: 30.5234 };
    for (const radiusMeters of [500, 1500, 4000]) {
      const data = await run('HeritageNearby', { ...centre, radiusMeters, first: 100 });
      const expected = demoHeritageObjects
        .map((h) => ({ id: demoId('heritage', h.slug), d: distanceMeters(centre.lat, centre.lng, h.lat, h.lng) }))
        .filter((h) => h.d <= radiusMeters)
        .sort((a, b) => a.d - b.d);
      expect(data.heritageObjects.totalCount).toBe(expected.length);
      expect(data.heritageObjects.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(expected.map((h) => h.id));
    }
  });

  it('refuses bad arguments with BAD_USER_INPUT naming the argument', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['Petitions', { city: 'kyiv', first: 101 }, 'first'],
      ['Petitions', { city: 'kyiv', first: -1 }, 'first'],
      ['Petitions', { city: 'kyiv', after: 'not-a-cursor' }, 'after'],
      ['Petitions', { city: 'lviv' }, 'filter.city'],
      ['Organizations', { city: 'atlantis' }, 'filter.city'],
      ['HeritageNearby', { lat: 91, lng: 30, radiusMeters: 100 }, 'filter.near.lat'],
      ['HeritageNearby', { lat: 50, lng: 30, radiusMeters: 0 }, 'filter.near.radiusMeters'],
    ];
    for (const [name, variables, field] of cases) {
      const result = await graphql(url, OPERATIONS[name]!, variables);
      expect(result.errors?.[0]?.extensions, `${name} ${JSON.stringify(variables)}`).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(JSON.stringify(result.errors)).not.toMatch(/stack|at .*\.js|select |SQLITE|postgres/i);
    }
  });

  it('answers null for unknown ids', async () => {
    expect((await run('PetitionPage', { id: '00000000-0000-4000-8000-000000000000' })).petition).toBeNull();
    expect((await run('PetitionPage', { id: 'not-a-uuid' })).petition).toBeNull();
    expect((await run('OrganizationProfile', { id: demoId('organization', 'no-such') })).organization).toBeNull();
    expect((await run('HeritageObjectPage', { id: 'x' })).heritageObject).toBeNull();
    expect((await run('ConsultationPage', { id: demoId('consultation', 'no-such') })).consultation).toBeNull();
    expect((await graphql(url, '{ city(id: "lviv") { id } }')).data).toEqual({ city: null });
  });

  it('still answers when a subgraph is down, naming it and nulling only its fields', async () => {
    await graph.stopSubgraph('registry');
    const result = await graphql(url, OPERATIONS.DistrictParticipation!, { city: 'kyiv', district: 'kyiv-podilskyi' });
    const view = result.data?.city?.district;
    expect(view.petitions.totalCount).toBeGreaterThan(0);
    expect(view.heritageObjects.totalCount).toBeGreaterThan(0);
    expect(view.organizations).toBeNull();
    expect(result.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE' && e.extensions?.service === 'registry')).toBe(true);
    expect(JSON.stringify(result.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
  });
});
