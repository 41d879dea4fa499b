import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse, validate, type GraphQLSchema } from 'graphql';
import { gql } from 'graphql-tag';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PRODUCTS, REVIEWS, USERS, type BenchProduct, type BenchReview } from './data.js';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';

const byUpc = new Map(PRODUCTS.map((p) => [p.upc, p]));
const byUserId = new Map(USERS.map((u) => [u.id, u]));
const reviewsOfProduct = (upc: string) => REVIEWS.filter((r) => r.productUpc === upc);
const reviewsOfUser = (id: string) => REVIEWS.filter((r) => r.authorId === id);

/** The four subgraphs of the gateway-overhead workload, as Apollo Federation 2 subgraph schemas. */
export const OVERHEAD_SUBGRAPHS: Record<'users' | 'products' | 'reviews' | 'inventory', GraphQLSchema> = {
  users: buildSubgraphSchema({
    typeDefs: gql`
      ${LINK}
      type Query { me: User, user(id: ID!): User, users: [User] }
      type User @key(fields: "id") { id: ID!, name: String, username: String @shareable, birthday: Int }
    `,
    resolvers: {
      Query: { me: () => USERS[0], user: (_: unknown, { id }: { id: string }) => byUserId.get(id), users: () => USERS },
      User: { __resolveReference: (ref: { id: string }) => byUserId.get(ref.id) },
    },
  }),
  products: buildSubgraphSchema({
    typeDefs: gql`
      ${LINK}
      type Query { topProducts(first: Int = 5): [Product] }
      type Product @key(fields: "upc") { upc: String!, name: String, price: Int, weight: Int }
    `,
    resolvers: {
      Query: { topProducts: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, first) },
      Product: { __resolveReference: (ref: { upc: string }) => byUpc.get(ref.upc) },
    },
  }),
  inventory: buildSubgraphSchema({
    typeDefs: gql`
      ${LINK}
      type Product @key(fields: "upc") {
        upc: String!
        weight: Int @external
        price: Int @external
        inStock: Boolean
        shippingEstimate: Int @requires(fields: "price weight")
      }
    `,
    resolvers: {
      Product: {
        __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => ({ ...ref, inStock: byUpc.get(ref.upc)?.inStock }),
        // Free above a price, else by weight: needs fields the products subgraph owns (@requires).
        shippingEstimate: (p: { price?: number; weight?: number }) => (p.price === undefined ? null : p.price > 1000 ? 0 : Math.round((p.weight ?? 0) / 2)),
      },
    },
  }),
  reviews: buildSubgraphSchema({
    typeDefs: gql`
      ${LINK}
      type Review @key(fields: "id") { id: ID!, body: String, author: User @provides(fields: "username"), product: Product }
      type User @key(fields: "id") { id: ID!, username: String @external, reviews: [Review] }
      type Product @key(fields: "upc") { upc: String!, reviews: [Review] }
    `,
    resolvers: {
      Review: {
        __resolveReference: (ref: { id: string }) => REVIEWS.find((r) => r.id === ref.id),
        author: (r: BenchReview) => ({ id: r.authorId, username: byUserId.get(r.authorId)?.username }),
        product: (r: BenchReview) => ({ upc: r.productUpc }),
      },
      User: { reviews: (u: { id: string }) => reviewsOfUser(u.id) },
      Product: { reviews: (p: Pick<BenchProduct, 'upc'>) => reviewsOfProduct(p.upc) },
    },
  }),
};

/**
 * Serves a subgraph schema over plain node:http. Its data never changes, so each distinct
 * request body is executed once and its answer bytes replayed after that: the subgraphs
 * then cost next to nothing, as the public benchmarks' Rust subgraphs do, and the CPU the
 * machine has goes to the gateway under test.
 */
export function serveSubgraph(schema: GraphQLSchema): Server {
  const answers = new Map<string, Buffer>();
  // Requests answered, at GET /requests: the benchmark divides them by the gateway's, so a
  // gateway that merges identical subgraph calls (deduplication) shows it.
  let requests = 0;
  const server = createServer((request, response) => {
    if (request.method === 'GET') {
      if (request.url === '/requests') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requests }));
        return;
      }
      response.writeHead(request.url === '/ready' || request.url === '/health' ? 200 : 404).end();
      return;
    }
    requests++;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let answer = answers.get(body);
      if (!answer) {
        answer = Buffer.from(JSON.stringify(await run(schema, body)));
        if (answers.size < 10_000) answers.set(body, answer);
      }
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
      response.end(answer);
    });
  });
  // Keep-alive as a production subgraph server keeps it (Fastify's default is 72 s): Node's
  // 5 s made every gateway's idle pooled connections close and reopen under load, so the
  // gateways were measured opening TCP connections rather than answering queries.
  server.keepAliveTimeout = 65_000;
  return server;
}

async function run(schema: GraphQLSchema, body: string): Promise<unknown> {
  try {
    const { query, variables, operationName } = JSON.parse(body) as { query: string; variables?: Record<string, unknown>; operationName?: string };
    const document = parse(query);
    const errors = validate(schema, document);
    if (errors.length) return { errors };
    return await execute({ schema, document, variableValues: variables, operationName });
  } catch (error) {
    return { errors: [{ message: (error as Error).message }] };
  }
}

export function listenOn(server: Server, port = 0): Promise<number> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}
