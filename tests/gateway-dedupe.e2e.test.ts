import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoId } from '../subgraphs/shared/demo-ids.js';
import { demoPetitions } from '../subgraphs/petitions/demo/petitions.data.js';
import { as, postJson, startGraph, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

const OPEN_PETITION = demoId('petition', demoPetitions.find((p) => p.status === 'OPEN')!.slug);

const post = (url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => postJson(url, { query, variables }, headers);

const sqlCount = (graph: RunningGraph) => Object.values(graph.queries).reduce((sum, list) => sum + list.length, 0);

/** The number in a Prometheus text line `name value`. */
const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);

describe('In-flight deduplication and answer serialization', () => {
  let graph: RunningGraph;

  beforeAll(async () => {
    graph = await startGraph({ dialect: 'sqlite' });
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('answers identical queries in flight at once with a few executions, not one each', async () => {
    const { url } = await graph.startGateway({ DEDUPE_INFLIGHT: 'true', METRICS: 'true' });
    // The plan and the cost are cached by the first request, as they would be in service.
    const alone = await post(url, OPERATIONS.PetitionPage!, { id: OPEN_PETITION });
    graph.resetQueries();
    await post(url, OPERATIONS.PetitionPage!, { id: OPEN_PETITION });
    const perRequest = sqlCount(graph);
    expect(perRequest).toBeGreaterThan(0);

    graph.resetQueries();
    const burst = await Promise.all(Array.from({ length: 12 }, () => post(url, OPERATIONS.PetitionPage!, { id: OPEN_PETITION })));
    for (const answer of burst) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(alone.body);
      // The copies carry the first answer's cache policy, not a policy of their own.
      expect(answer.headers.get('cache-control')).toBe('max-age=30, public');
    }
    // Twelve readers, a few executions (readers arriving while one is answered share it).
    const executions = sqlCount(graph) / perRequest;
    expect(Number.isInteger(executions)).toBe(true);
    expect(executions).toBeLessThanOrEqual(4);
    const metrics = await (await fetch(url.replace('/graphql', '/metrics'))).text();
    expect(metric(metrics, 'graphql_inflight_deduplicated_total')).toBe(12 - executions);
  });

  it('never shares an answer between callers, languages or variables', async () => {
    const { url } = await graph.startGateway({ DEDUPE_INFLIGHT: 'true' });
    const resident = await as('resident-dedupe-1', ['resident']);
    await post(url, OPERATIONS.SignPetition!, { id: OPEN_PETITION, channel: 'WEB' }, resident);
    const [anonymous, signedIn, english] = await Promise.all([
      post(url, OPERATIONS.PetitionPage!, { id: OPEN_PETITION }),
      post(url, OPERATIONS.PetitionPage!, { id: OPEN_PETITION }, resident),
      post(url, OPERATIONS.PetitionPage!, { id: OPEN_PETITION }, { 'accept-language': 'en' }),
    ]);
    expect(anonymous.body.data.petition.viewerHasSigned).toBe(false);
    expect(signedIn.body.data.petition.viewerHasSigned).toBe(true);
    expect(signedIn.headers.get('cache-control')).not.toContain('public');
    expect(english.body.data.petition.title).not.toBe(anonymous.body.data.petition.title);
  });

  it('never deduplicates a mutation: two identical signatures at once both run, and sign once', async () => {
    const { url } = await graph.startGateway({ DEDUPE_INFLIGHT: 'true', METRICS: 'true' });
    const resident = await as('resident-dedupe-2', ['resident']);
    const count = async () => Number((await graph.sql<{ n: number }>('petitions', 'select count(*) as n from signature where petition_id = ?', [OPEN_PETITION]))[0]!.n);
    const before = await count();
    const answers = await Promise.all([0, 1].map(() => post(url, OPERATIONS.SignPetition!, { id: OPEN_PETITION, channel: 'MOBILE_APP' }, resident)));
    // Signing is idempotent: both succeed, one signature row.
    for (const answer of answers) expect(answer.body.data.signPetition.petition.viewerHasSigned).toBe(true);
    expect(await count()).toBe(before + 1);
    const metrics = await (await fetch(url.replace('/graphql', '/metrics'))).text();
    expect(metric(metrics, 'graphql_inflight_deduplicated_total')).toBe(0);
  });

  it('runs every query itself when switched off', async () => {
    const { url } = await graph.startGateway({ DEDUPE_INFLIGHT: 'false' });
    await post(url, OPERATIONS.PetitionPage!, { id: OPEN_PETITION });
    graph.resetQueries();
    await post(url, OPERATIONS.PetitionPage!, { id: OPEN_PETITION });
    const perRequest = sqlCount(graph);
    graph.resetQueries();
    await Promise.all(Array.from({ length: 6 }, () => post(url, OPERATIONS.PetitionPage!, { id: OPEN_PETITION })));
    expect(sqlCount(graph)).toBe(perRequest * 6);
  });

  it('writes compact JSON, not indented', async () => {
    const response = await fetch(graph.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ cities { id districts { id } } }' }) });
    const text = await response.text();
    expect(JSON.parse(text).data.cities.length).toBeGreaterThan(1);
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
  });
});
