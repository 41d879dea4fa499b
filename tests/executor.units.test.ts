import { createRequire } from 'node:module';
import { composeServices } from '@apollo/composition';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { buildOperationContext, executeQueryPlan, type GraphQLDataSource } from '@apollo/gateway';
import { QueryPlanner } from '@apollo/query-planner';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { describe, expect, it } from 'vitest';
import { executePlan } from '../gateway/src/execution/execute-plan.js';
import { SubgraphUnavailableError } from '../gateway/src/plugins/format-error.js';

/**
 * Our plan executor (gateway/src/execution) against @apollo/gateway's, over the same plans
 * and the same in-process subgraphs: two subgraphs sharing entities behind an interface,
 * with `@requires`, an error inside an entity fetch, a non-null field a subgraph leaves
 * null, @include/@skip on variables, and a subgraph that cannot be reached. Both must
 * answer the same JSON (data, error messages, paths, extensions); a few expectations pin
 * what that JSON must be, so that a bug both executors shared would still fail here.
 */

// @apollo/* build schemas with the CommonJS graphql; execute subgraph documents with it too.
const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const CATALOG = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
  interface Item { id: ID! title: String! }
  type Book implements Item @key(fields: "id") { id: ID! title: String! pages: Int! weight: Int! }
  type Film implements Item @key(fields: "id") { id: ID! title: String! minutes: Int! }
  type Query { items: [Item!]! item(id: ID!): Item }
`;
const REVIEWS = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])
  type Book @key(fields: "id") { id: ID! weight: Int! @external shipping: Int! @requires(fields: "weight") reviews: [Review!] }
  type Film @key(fields: "id") { id: ID! reviews: [Review!] }
  type Review { stars: Int! body: String }
`;

const ITEMS = [
  { __typename: 'Book', id: 'b1', title: 'Kobzar', pages: 300, weight: 2 },
  { __typename: 'Book', id: 'b2', title: 'Zakhar Berkut', pages: 200, weight: 5 },
  { __typename: 'Film', id: 'f1', title: 'Shadows', minutes: 97 },
  { __typename: 'Film', id: 'f2', title: 'Earth', minutes: 75 },
];

const catalog = buildSubgraphSchema({
  typeDefs: graphql.parse(CATALOG),
  resolvers: {
    Query: { items: () => ITEMS, item: (_: unknown, { id }: { id: string }) => ITEMS.find((item) => item.id === id) ?? null },
    Item: { __resolveType: (item: { __typename: string }) => item.__typename },
  } as never,
});
const reviews = buildSubgraphSchema({
  typeDefs: graphql.parse(REVIEWS),
  resolvers: {
    Book: {
      __resolveReference: (book: { id: string; weight: number }) => book,
      shipping: (book: { weight: number }) => book.weight * 10,
      reviews: (book: { id: string }) => {
        if (book.id === 'b2') throw new Error('reviews of b2 are being moderated');
        return [{ stars: 5, body: 'classic' }];
      },
    },
    Film: {
      __resolveReference: (film: { id: string }) => film,
      // f1's review has no stars: the subgraph nulls the list and says why, at its own path.
      reviews: (film: { id: string }) => (film.id === 'f1' ? [{ stars: null, body: 'no rating' }] : [{ stars: 4, body: null }]),
    },
  } as never,
});

const composed = composeServices([
  { name: 'catalog', url: 'http://catalog', typeDefs: graphql.parse(CATALOG) },
  { name: 'reviews', url: 'http://reviews', typeDefs: graphql.parse(REVIEWS) },
]);
if (!composed.supergraphSdl) throw new Error(`composition failed: ${composed.errors?.map((e) => e.message).join('; ')}`);
const supergraph = Supergraph.build(composed.supergraphSdl);
const apiSchema = supergraph.apiSchema();
const api = apiSchema.toGraphQLJSSchema();
const supergraphSchema = supergraph.schema.toGraphQLJSSchema();
const planner = new QueryPlanner(supergraph);

/** A subgraph answering in process, its answer through JSON as over HTTP (a fresh tree for each executor). */
function inProcess(schema: import('graphql').GraphQLSchema): GraphQLDataSource {
  return {
    async process({ request }) {
      const result = await graphql.execute({ schema, document: graphql.parse(request.query!), variableValues: request.variables });
      return JSON.parse(JSON.stringify(result));
    },
  };
}

const unreachable: GraphQLDataSource = {
  process: () => Promise.reject(new SubgraphUnavailableError('reviews', 'unreachable')),
};

async function both(query: string, variables: Record<string, unknown> = {}, services: Record<string, GraphQLDataSource> = { catalog: inProcess(catalog), reviews: inProcess(reviews) }) {
  const document = graphql.parse(query);
  const invalid = graphql.validate(api, document);
  expect(invalid).toEqual([]);
  const plan = planner.buildQueryPlan(operationFromDocument(apiSchema, document));
  const run = async (execute: typeof executeQueryPlan) => {
    const restricted: unknown[] = [];
    const requestContext = {
      request: { query, variables },
      context: {},
      logger: console,
      metrics: { captureTraces: false },
      overallCachePolicy: { restrict: (hint: unknown) => restricted.push(hint) },
    } as unknown as GatewayGraphQLRequestContext;
    const operationContext = buildOperationContext({ schema: api, operationDocument: document });
    const result = await execute(plan, services, requestContext, operationContext, supergraphSchema, apiSchema);
    return JSON.parse(JSON.stringify(result)) as { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
  };
  const stock = await run(executeQueryPlan);
  const own = await run((plan, services, requestContext, operationContext, supergraphSchema, apiSchema) =>
    executePlan(plan, { apiSchema, supergraphSchema, services }, requestContext, operationContext),
  );
  expect(own).toEqual(stock);
  return own;
}

const EVERYTHING = `{
  items {
    __typename id title
    ... on Book { pages shipping reviews { stars body } }
    ... on Film { minutes reviews { stars body } }
  }
}`;

describe('our plan executor answers as @apollo/gateway does', () => {
  it('joins entities behind an interface, with @requires and __typename', async () => {
    const { data } = await both(EVERYTHING);
    expect(data.items.map((item: { __typename: string }) => item.__typename)).toEqual(['Book', 'Book', 'Film', 'Film']);
    expect(data.items[0]).toEqual({ __typename: 'Book', id: 'b1', title: 'Kobzar', pages: 300, shipping: 20, reviews: [{ stars: 5, body: 'classic' }] });
    expect(data.items[3]).toEqual({ __typename: 'Film', id: 'f2', title: 'Earth', minutes: 75, reviews: [{ stars: 4, body: null }] });
  });

  it('puts an error inside an entity fetch at the entity’s path in the response, naming its subgraph', async () => {
    const { data, errors } = await both(EVERYTHING);
    expect(data.items[1].reviews).toBeNull();
    expect(data.items[2].reviews).toBeNull();
    const paths = errors!.map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining([['items', 1, 'reviews'], ['items', 2, 'reviews', 0, 'stars']]));
    expect(errors!.every((error) => error.extensions?.serviceName === 'reviews')).toBe(true);
  });

  it('answers one item by id through an abstract type', async () => {
    const { data } = await both('query($id: ID!) { item(id: $id) { __typename id ... on Film { minutes reviews { stars } } ... on Book { pages } } }', { id: 'f2' });
    expect(data).toEqual({ item: { __typename: 'Film', id: 'f2', minutes: 75, reviews: [{ stars: 4 }] } });
  });

  it.each([
    [true, false],
    [false, true],
    [true, true],
    [false, false],
  ])('follows @include(if: %s) and @skip(if: %s) on variables', async (withReviews, noTitle) => {
    const query = `query($withReviews: Boolean!, $noTitle: Boolean!) {
      items { id title @skip(if: $noTitle) ... on Book @include(if: $withReviews) { shipping reviews { stars } } }
    }`;
    const { data } = await both(query, { withReviews, noTitle });
    const first = data.items[0];
    expect('title' in first).toBe(!noTitle);
    expect('reviews' in first).toBe(withReviews);
    expect('shipping' in first).toBe(withReviews);
  });

  it('answers null for an unreachable subgraph’s fields, with its SERVICE_UNAVAILABLE error', async () => {
    const { data, errors } = await both('{ items { id ... on Film { reviews { stars } } } }', {}, { catalog: inProcess(catalog), reviews: unreachable });
    expect(data.items[2]).toEqual({ id: 'f1', reviews: null });
    expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', service: 'reviews' }) })]);
  });

  it('answers aliases, named fragments, an aliased __typename and introspection as asked', async () => {
    const query = `query { __schema { queryType { name } } list: items { kind: __typename ...Titled ... on Book { label: title size: pages } } }
      fragment Titled on Item { id name: title }`;
    const { data } = await both(query);
    expect(data.__schema).toEqual({ queryType: { name: 'Query' } });
    expect(data.list[0]).toEqual({ kind: 'Book', id: 'b1', name: 'Kobzar', label: 'Kobzar', size: 300 });
    expect(Object.keys(data.list[2])).toEqual(['kind', 'id', 'name']);
  });

  it('propagates a missing non-null field to the nearest nullable parent', async () => {
    // `shipping` (Int!) cannot be fetched when reviews is down: the Book (in a [Item!]! list) nulls the whole list, and `items` the data.
    const { data } = await both('{ items { id ... on Book { shipping } } }', {}, { catalog: inProcess(catalog), reviews: unreachable });
    expect(data).toBeNull();
  });
});
