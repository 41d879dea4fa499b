import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { heritageSubgraph } from '../subgraphs/heritage/heritage.subgraph.js';
import { petitionsSubgraph } from '../subgraphs/petitions/petitions.subgraph.js';
import { demoId } from '../subgraphs/shared/demo-ids.js';
import type { Viewer } from '../lib/identity.js';
import { createSubgraph, type SubgraphDefinition } from '../subgraphs/shared/subgraph.js';
import { testSubgraphConfig, type ScratchDatabase } from './support/databases.js';
import { postAsGateway } from './support/gateway-signing.js';
import { demoDatabase } from './support/templates.js';

// The hints in the schemas are checked in cache-hints.test.ts; here, what a running subgraph makes of them.

describe('the Cache-Control header a subgraph answers with (SQLite)', () => {
  const RESIDENT: Viewer = { id: 'resident-cache-hints', grants: [] };
  const running: { close(): Promise<void> }[] = [];
  const databases: ScratchDatabase[] = [];
  const urls = {} as Record<'petitions' | 'heritage', string>;

  async function start(name: 'petitions' | 'heritage', definition: SubgraphDefinition): Promise<void> {
    const database = await demoDatabase('sqlite', name);
    databases.push(database);
    const server = await createSubgraph(definition, testSubgraphConfig(name, database));
    running.push(server);
    urls[name] = await server.listen(0, '127.0.0.1');
  }

  /** Posts as the gateway; fails on any GraphQL error (an error makes any answer `no-store`). */
  async function post(
    subgraph: 'petitions' | 'heritage',
    query: string,
    variables: Record<string, unknown> = {},
    viewer: Viewer | null = null,
  ): Promise<{ cacheControl: string | null; data: Record<string, any> }> {
    const response = await postAsGateway(urls[subgraph], subgraph, { query, variables }, { viewer });
    const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return { cacheControl: response.headers.get('cache-control'), data: body.data! };
  }

  beforeAll(async () => {
    await start('petitions', petitionsSubgraph);
    await start('heritage', heritageSubgraph);
  });

  afterAll(async () => {
    for (const server of running) await server.close();
    for (const database of databases) await database.drop();
  });

  test('a petition list is public for 30 s, places and edges included', async () => {
    const { cacheControl, data } = await post(
      'petitions',
      `{ petitions(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title signatureCount signaturesByChannel { channel count } city { id name } district { name } } } } }`,
    );
    expect(data.petitions.edges.length).toBeGreaterThan(0);
    expect(cacheControl).toBe('max-age=30, public');
  });

  test('a heritage list is public for 5 minutes, and a city\u02bcs figures bring it down to 30 s', async () => {
    const list = await post(
      'heritage',
      `{ heritageObjects(first: 3) { totalCount pageInfo { endCursor } edges { node { id name location { lat lng } photos { url } documents { url } conditionHistory { condition } city { name } } } } }`,
    );
    expect(list.data.heritageObjects.edges.length).toBeGreaterThan(0);
    expect(list.cacheControl).toBe('max-age=300, public');
    const stats = await post('heritage', `{ city(id: "kyiv") { name heritageStats { total byCondition { condition count } } } }`);
    expect(stats.cacheControl).toBe('max-age=30, public');
  });

  test('asking whether the caller signed keeps the age but makes the answer private', async () => {
    const { cacheControl } = await post('petitions', `{ petitions(first: 3) { edges { node { id viewerHasSigned } } } }`, {}, RESIDENT);
    expect(cacheControl).toBe('max-age=30, private');
  });

  test('`me` is never stored', async () => {
    const { cacheControl, data } = await post('petitions', `{ me { id signedPetitions(first: 2) { totalCount } } }`, {}, RESIDENT);
    expect(data.me.id).toBe(RESIDENT.id);
    expect(cacheControl).toBe('no-store');
  });

  test('an _entities fetch takes the hint of the entity type, stubs of another subgraph\u02bcs entity included', async () => {
    const entities = (selection: string) => `query ($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`;
    const { data } = await post('heritage', `{ heritageObjects(first: 1) { edges { node { id } } } }`);
    const heritageId = data.heritageObjects.edges[0].node.id as string;
    const heritage = await post('heritage', entities('... on HeritageObject { id name location { lat lng } }'), { representations: [{ __typename: 'HeritageObject', id: heritageId }] });
    expect(heritage.data._entities[0]?.id).toBe(heritageId);
    expect(heritage.cacheControl).toBe('max-age=300, public');

    // Organization is only a key in petitions: its stub must answer like the registry's type.
    const organization = demoId('organization', 'pechersk-heritage-watch');
    const stub = await post('petitions', entities('... on Organization { id }'), { representations: [{ __typename: 'Organization', id: organization }] });
    expect(stub.data._entities[0]).toEqual({ id: organization });
    expect(stub.cacheControl).toBe('max-age=300, public');

    const { data: petitions } = await post('petitions', `{ petitions(first: 1) { edges { node { id } } } }`);
    const petitionId = petitions.petitions.edges[0].node.id as string;
    const petition = await post('petitions', entities('... on Petition { id signatureCount }'), { representations: [{ __typename: 'Petition', id: petitionId }] });
    expect(petition.cacheControl).toBe('max-age=30, public');
  });
});
