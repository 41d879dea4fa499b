import 'reflect-metadata';
import type { ConstDirectiveNode, GraphQLField, GraphQLNamedType, GraphQLSchema } from 'graphql';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { heritageSubgraph } from '../subgraphs/heritage/heritage.subgraph.js';
import { SUBGRAPHS } from '../subgraphs/index.js';
import { petitionsSubgraph } from '../subgraphs/petitions/petitions.subgraph.js';
import type { SubgraphName } from '../subgraphs/shared/config.js';
import { demoId } from '../subgraphs/shared/demo-ids.js';
import type { Viewer } from '../subgraphs/shared/identity.js';
import { buildDefinitionSchema, createSubgraph, type SubgraphDefinition } from '../subgraphs/shared/subgraph.js';
import { scratchDatabase, testSubgraphConfig, type ScratchDatabase } from './support/databases.js';
import { postAsGateway } from './support/gateway-signing.js';

// The CommonJS graphql that @apollo/subgraph builds its schema with: the ESM build's type
// checks refuse its types (graphql-js's single-instance check).
const { getNamedType, isCompositeType, isLeafType, isObjectType, print } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** The `@cacheControl` directive on a type's or field's definition, if any. */
function hintOf(node: GraphQLNamedType | GraphQLField<unknown, unknown>): ConstDirectiveNode | undefined {
  return node.astNode?.directives?.find((d) => d.name.value === 'cacheControl');
}

/** A hint's arguments as `{ maxAge: '0', scope: 'PRIVATE' }`. */
function argsOf(hint: ConstDirectiveNode | undefined): Record<string, string> {
  return Object.fromEntries((hint?.arguments ?? []).map((a) => [a.name.value, print(a.value)]));
}

/** Types a hint would mean nothing on: the roots (their fields carry hints) and federation's own. */
const isExempt = (name: string) => name === 'Query' || name === 'Mutation' || name.startsWith('_');

describe('cache hints in every subgraph schema', () => {
  const schemas = new Map<SubgraphName, GraphQLSchema>();
  beforeAll(async () => {
    for (const [name, definition] of Object.entries(SUBGRAPHS) as [SubgraphName, SubgraphDefinition][]) {
      schemas.set(name, await buildDefinitionSchema(definition));
    }
  });

  test('every object, interface and union type carries a @cacheControl hint', () => {
    const missing: string[] = [];
    for (const [name, schema] of schemas) {
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isCompositeType(type) || isExempt(type.name)) continue;
        if (!hintOf(type)) missing.push(`${name}: ${type.name}`);
      }
    }
    expect(missing, 'add @Directive(cacheHint(...)) from subgraphs/shared/cache-hints.ts').toEqual([]);
  });

  test('root Query fields of scalars (no type to take a hint from) carry their own', () => {
    const missing: string[] = [];
    for (const [name, schema] of schemas) {
      for (const field of Object.values(schema.getQueryType()!.getFields())) {
        if (!field.name.startsWith('_') && isLeafType(getNamedType(field.type)) && !hintOf(field)) missing.push(`${name}: Query.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('a type defined in several subgraphs has the same hint in each (the gateway combines them)', () => {
    const seen = new Map<string, { subgraph: SubgraphName; hint: string }>();
    const differing: string[] = [];
    for (const [name, schema] of schemas) {
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) || isExempt(type.name)) continue;
        const hint = hintOf(type) ? print(hintOf(type)!) : 'none';
        const first = seen.get(type.name);
        if (!first) seen.set(type.name, { subgraph: name, hint });
        else if (first.hint !== hint) differing.push(`${type.name}: ${first.subgraph} ${first.hint}, ${name} ${hint}`);
      }
    }
    expect(seen.get('City')?.subgraph).toBeDefined();
    expect(differing).toEqual([]);
  });

  test('what is tied to the caller is private: Resident and its fields, me, viewer flags, staff-only answers', () => {
    const NEVER_STORED = { maxAge: '0', scope: 'PRIVATE' };
    for (const [name, schema] of schemas) {
      const resident = schema.getType('Resident');
      expect(isObjectType(resident), name).toBe(true);
      if (!isObjectType(resident)) continue;
      expect(argsOf(hintOf(resident)), `${name}: Resident`).toEqual(NEVER_STORED);
      for (const field of Object.values(resident.getFields())) {
        expect(argsOf(hintOf(field)), `${name}: Resident.${field.name}`).toEqual(NEVER_STORED);
      }
      expect(argsOf(hintOf(schema.getQueryType()!.getFields().me!)), `${name}: Query.me`).toEqual(NEVER_STORED);
    }
    const fieldOf = (subgraph: SubgraphName, type: string, field: string) => {
      const owner = schemas.get(subgraph)!.getType(type);
      if (!isObjectType(owner)) throw new Error(`${subgraph} has no object type ${type}`);
      return owner.getFields()[field]!;
    };
    expect(argsOf(hintOf(fieldOf('petitions', 'Petition', 'viewerHasSigned')))).toEqual({ scope: 'PRIVATE' });
    expect(argsOf(hintOf(fieldOf('consultations', 'Consultation', 'viewerHasResponded')))).toEqual({ scope: 'PRIVATE' });
    expect(argsOf(hintOf(fieldOf('consultations', 'SurveyQuestion', 'textAnswers')))).toEqual(NEVER_STORED);
  });
});

describe('the Cache-Control header a subgraph answers with (SQLite)', () => {
  const RESIDENT: Viewer = { id: 'resident-cache-hints', grants: [] };
  const running: { close(): Promise<void> }[] = [];
  const databases: ScratchDatabase[] = [];
  const urls = {} as Record<'petitions' | 'heritage', string>;

  async function start(name: 'petitions' | 'heritage', definition: SubgraphDefinition): Promise<void> {
    const database = scratchDatabase('sqlite', name);
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
