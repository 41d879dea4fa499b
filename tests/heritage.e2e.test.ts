import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceMeters } from '../subgraphs/heritage/heritage-object/geo.js';
import { testDialects } from './support/databases.js';
import { as, graphql, startGraph, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

const dialects = await testDialects();

type Result = Awaited<ReturnType<typeof graphql>>;
const codeOf = (result: Result) => result.errors?.map((e) => [e.extensions?.code, e.extensions?.field]);
const HISTORY = 'query($id: ID!) { heritageObject(id: $id) { condition conditionHistory { condition source note } photos { url } } }';

describe.each(dialects)('cultural heritage through the gateway, on %s', (dialect) => {
  let graph: RunningGraph;
  let url: string;
  let object: { id: string; city: string; lat: number; lng: number };
  let reportId: string;
  const gql = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => graphql(url, query, variables, headers);
  const count = async (table: string) => Number(((await graph.sql('heritage', `select count(*) as n from ${table}`)) as { n: number }[])[0]!.n);
  const geojson = async (query: string) => {
    const response = await fetch(`${url.replace(/\/graphql$/, '')}/geojson/heritage-objects?${query}`);
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as any };
  };

  beforeAll(async () => {
    graph = await startGraph({ dialect });
    url = graph.gatewayUrl;
    [object] = (await graph.sql('heritage', "select id, city, lat, lng from heritage_object where city = 'kyiv' order by protection_number limit 1")) as typeof object[];
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('takes a resident\u02bcs report as PENDING, once however often it is retried', async () => {
    const input = { heritageObjectId: object.id, condition: 'DAMAGED', note: 'Вибиті вікна після нічної атаки, тріщина на фасаді.', photoUrls: ['https://photos.example/a.jpg'] };
    expect(codeOf(await gql(OPERATIONS.ReportHeritageCondition!, { input }))).toEqual([['UNAUTHENTICATED', undefined]]);
    const resident = await as('reporter-1');
    const results = await Promise.all(Array.from({ length: 4 }, () => gql(OPERATIONS.ReportHeritageCondition!, { input }, resident)));
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(new Set(results.map((r) => r.data.reportHeritageCondition.report.id)).size).toBe(1);
    expect(results[0]!.data.reportHeritageCondition.report).toMatchObject({ status: 'PENDING', condition: 'DAMAGED' });
    reportId = results[0]!.data.reportHeritageCondition.report.id;
    const mine = await gql(OPERATIONS.MyParticipation!, {}, resident);
    expect(mine.data.me.heritageReports).toEqual([{ id: reportId, status: 'PENDING', heritageObject: { id: object.id, name: expect.any(String) } }]);
  });

  it('refuses bad reports naming the field, storing nothing', async () => {
    const resident = await as('reporter-2');
    const before = await count('heritage_report');
    const base = { heritageObjectId: object.id, condition: 'EMERGENCY', note: 'Обвалився карниз.' };
    const cases: [Record<string, unknown>, string][] = [
      [{ note: '   ' }, 'input.note'],
      [{ heritageObjectId: '00000000-0000-4000-8000-000000000000' }, 'input.heritageObjectId'],
      [{ photoUrls: ['file:///etc/passwd'] }, 'input.photoUrls[0]'],
      [{ photoUrls: ['https://ok.example/1.jpg', 'javascript:alert(1)'] }, 'input.photoUrls[1]'],
    ];
    for (const [overrides, field] of cases) {
      expect(codeOf(await gql(OPERATIONS.ReportHeritageCondition!, { input: { ...base, ...overrides } }, resident))).toEqual([['BAD_USER_INPUT', field]]);
    }
    expect(await count('heritage_report')).toBe(before);
  });

  it('lets only an inspector of the city review; an accepted report enters the history as CITIZEN with its photos', async () => {
    const review = (headers: Record<string, string>, decision: string, reason?: string) => gql(OPERATIONS.ReviewHeritageReport!, { id: reportId, decision, reason }, headers);
    expect(codeOf(await review(await as('reporter-1'), 'ACCEPT'))).toEqual([['FORBIDDEN', undefined]]);
    expect(codeOf(await review(await as('insp-vn', ['inspector:vinnytsia']), 'ACCEPT'))).toEqual([['FORBIDDEN', undefined]]);
    const inspector = await as('insp-kyiv', ['inspector:kyiv']);
    expect(codeOf(await review(inspector, 'DECLINE'))).toEqual([['BAD_USER_INPUT', 'reason']]);
    const accepted = await review(inspector, 'ACCEPT');
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.reviewHeritageReport.report.status).toBe('ACCEPTED');
    expect(codeOf(await review(inspector, 'DECLINE', 'Повторний розгляд не передбачено.'))).toEqual([['CONFLICT', 'id']]);

    const { data } = await gql(HISTORY, { id: object.id });
    expect(data.heritageObject.condition).toBe('DAMAGED');
    expect(data.heritageObject.conditionHistory.at(-1)).toEqual({ condition: 'DAMAGED', source: 'CITIZEN', note: 'Вибиті вікна після нічної атаки, тріщина на фасаді.' });
    expect(data.heritageObject.photos).toEqual([{ url: 'https://photos.example/a.jpg' }]);
  });

  it('lets an inspector record an official condition directly', async () => {
    const record = 'mutation($id: ID!) { recordHeritageCondition(heritageObjectId: $id, condition: EMERGENCY, note: "Акт обстеження №12") { heritageObject { condition } } }';
    expect(codeOf(await gql(record, { id: object.id }, await as('reporter-1')))).toEqual([['FORBIDDEN', undefined]]);
    const recorded = await gql(record, { id: object.id }, await as('insp-kyiv', ['inspector:kyiv']));
    expect(recorded.data.recordHeritageCondition.heritageObject.condition).toBe('EMERGENCY');
    const { data } = await gql(HISTORY, { id: object.id });
    expect(data.heritageObject.conditionHistory.at(-1)).toEqual({ condition: 'EMERGENCY', source: 'OFFICIAL', note: 'Акт обстеження №12' });
  });

  it('serves the map search as RFC 7946 GeoJSON: exactly the objects within the radius, nearest first', async () => {
    const radius = 1500;
    const { status, type, body } = await geojson(`lat=${object.lat}&lng=${object.lng}&radiusMeters=${radius}`);
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/geo\+json/);
    expect(body.type).toBe('FeatureCollection');
    const all = (await graph.sql('heritage', 'select id, lat, lng from heritage_object')) as { id: string; lat: number; lng: number }[];
    const within = all
      .map((o) => ({ id: o.id, d: distanceMeters(object.lat, object.lng, Number(o.lat), Number(o.lng)) }))
      .filter((o) => o.d <= radius)
      .sort((a, b) => a.d - b.d);
    expect(body.features.map((f: { id: string }) => f.id)).toEqual(within.map((o) => o.id));
    for (const feature of body.features) {
      expect(feature.type).toBe('Feature');
      expect(feature.geometry.type).toBe('Point');
      const [lng, lat] = feature.geometry.coordinates;
      const stored = all.find((o) => o.id === feature.id)!;
      expect([lng, lat]).toEqual([Number(stored.lng), Number(stored.lat)]);
      expect(feature.properties).toMatchObject({ id: feature.id, name: expect.any(String), condition: expect.any(String) });
    }
    const box = await geojson('bbox=30.4,50.4,30.6,50.5&significance=NATIONAL');
    expect(box.status).toBe(200);
    expect(box.body.features.every((f: any) => f.properties.significance === 'NATIONAL' && f.geometry.coordinates[0] >= 30.4 && f.geometry.coordinates[1] <= 50.5)).toBe(true);
  });

  it('caches map layers as the GraphQL answer would, by language, and says when one stopped at its limit', async () => {
    const layer = async (query: string, language = 'uk') => {
      const response = await fetch(`${url.replace(/\/graphql$/, '')}/geojson/heritage-objects?${query}`, { headers: { 'accept-language': language } });
      return { status: response.status, headers: response.headers, body: (await response.json()) as any };
    };
    const [{ n }] = (await graph.sql('heritage', "select count(*) as n from heritage_object where city = 'kyiv'")) as { n: number }[];
    const total = Number(n);
    expect(total).toBeGreaterThan(2);

    const cut = await layer('city=kyiv&limit=2');
    expect(cut.status).toBe(200);
    expect(cut.body).toMatchObject({ type: 'FeatureCollection', limit: 2, truncated: true });
    expect(cut.body.features).toHaveLength(2);
    const exact = await layer(`city=kyiv&limit=${total}`);
    expect(exact.body).toMatchObject({ limit: total, truncated: false });
    expect(exact.body.features).toHaveLength(total);
    const whole = await layer('city=kyiv&limit=1000');
    expect(whole.body).toMatchObject({ limit: 1000, truncated: false });
    expect(whole.body.features).toHaveLength(total);

    // The policy of the same query over GraphQL (public reference data), not a fixed value.
    const query = `query($filter: HeritageObjectFilter, $first: Int) { heritageObjects(filter: $filter, first: $first) {
      pageInfo { hasNextPage endCursor } edges { node { id name protectionNumber significance types condition address location { lat lng } } } } }`;
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { filter: { city: 'kyiv' }, first: 2 } }) });
    expect(answer.headers.get('cache-control')).toMatch(/^max-age=\d+, public$/);
    for (const answered of [cut, exact, whole]) expect(answered.headers.get('cache-control')).toBe(answer.headers.get('cache-control'));
    // Anonymous by design, so the same for everyone: only the language changes the body.
    expect(cut.headers.get('vary')).toBe('accept-language');
    const english = await layer('city=kyiv&limit=2', 'en');
    expect(english.body.features.map((f: any) => f.id)).toEqual(cut.body.features.map((f: any) => f.id));
    expect(english.body.features.map((f: any) => f.properties.name)).not.toEqual(cut.body.features.map((f: any) => f.properties.name));

    const refused = await layer('limit=5000');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses bad map searches with the parameter named', async () => {
    for (const [query, field] of [
      ['lat=91&lng=30&radiusMeters=100', 'lat'],
      ['lat=50&lng=181&radiusMeters=100', 'lng'],
      ['lat=50&lng=30&radiusMeters=0', 'radiusMeters'],
      ['lat=50&lng=30&radiusMeters=60000', 'radiusMeters'],
      ['lat=50&lng=30', 'radiusMeters'],
      ['bbox=30.6,50.4,30.4,50.5', 'bbox'],
      ['bbox=1,2,3', 'bbox'],
      ['limit=5000', 'limit'],
    ] as const) {
      const { status, body } = await geojson(query);
      expect(status, query).toBe(400);
      expect(body.field, query).toBe(field);
    }
  });
});
