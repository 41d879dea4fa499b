import 'reflect-metadata';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevSigningKey, signDevToken } from '../../gateway/src/auth/dev-key.js';
import { parseRoleClaims } from '../../lib/identity.js';
import { parseGatewayConfig } from '../../gateway/src/config.js';
import { createGateway, type Gateway } from '../../gateway/src/gateway.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/subgraphs.js';
import type { DatabaseConfig, Dialect } from '../../subgraphs/shared/database.js';
import { createSubgraph, seedVolume, type SubgraphDefinition } from '../../subgraphs/shared/subgraph.js';
import { SUBGRAPHS } from '../../subgraphs/index.js';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { dbDate } from '../../subgraphs/shared/queries.js';
import { scratchDatabase, testSubgraphConfig } from './databases.js';
import { demoDatabase, seedsAsDefault } from './templates.js';
import { TEST_GATEWAY_SECRET } from './gateway-signing.js';
import { deleteNamespace, testStreamPrefix } from './nats.js';
import type { DestinationStream } from 'pino';
import { createLogger } from '../../lib/log.js';

export interface RunningGraph {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  /** Each subgraph's database (for a process that opens it too, such as `npm run import`). */
  databases: Record<SubgraphName, DatabaseConfig>;
  /** SQL statements each subgraph sent since the last `resetQueries()`. */
  queries: Record<SubgraphName, string[]>;
  resetQueries(): void;
  /** Raw SQL against one subgraph's database (tests compare answers with the rows). */
  sql<T = Record<string, unknown>>(name: SubgraphName, query: string, bindings?: unknown[]): Promise<T[]>;
  /**
   * Another gateway over these subgraphs, configured by `env` on top of the test defaults
   * (and the graph's NATS namespace, with `natsUrl`; subgraph URLs overridable, to put a
   * stand-in in front of one); stopped with the graph.
   */
  startGateway(env?: Record<string, string>, subgraphUrls?: Partial<Record<SubgraphName, string>>): Promise<{ gateway: Gateway; url: string }>;
  /** With `natsUrl`: the graph's own namespace of subjects and streams. */
  natsStreamPrefix?: string;
  /** Stops one subgraph (to test partial answers). */
  stopSubgraph(name: SubgraphName): Promise<void>;
  stop(): Promise<void>;
}

export interface GraphOptions {
  dialect?: Dialect;
  seedDemoData?: boolean;
  /** Fill each database with generated data at this scale (see subgraphs/shared/volume.ts) instead of the demo data. */
  seedScale?: number;
  /** Subgraph definitions to run instead of the defaults (other petition rules, say). */
  definitions?: Partial<Record<SubgraphName, SubgraphDefinition>>;
  /** More gateway configuration, as environment variables (production mode, an identity provider). */
  gatewayEnv?: Record<string, string>;
  /**
   * Domain events through NATS JetStream at this URL (each subgraph's relay, the gateway's
   * feed) instead of the internal streams, in a namespace of this graph alone
   * (`NATS_STREAM_PREFIX`), whose streams are deleted when it stops.
   */
  natsUrl?: string;
  /** Every subgraph and gateway logs here at `trace` (SQL statements included), through the services' own logger setup. */
  logs?: DestinationStream;
}

/** Where the test graph's development signing key lives (shared by every test graph of a run). */
export const TEST_DATA_DIR = join(tmpdir(), 'participation-graph-tests');

/**
 * The test gateway's configuration. Tests write and read back at once, and many run from
 * one address, so the response cache and rate limits are off unless a test switches them
 * on (tests/gateway-*.test.ts do).
 */
export const TEST_GATEWAY_ENV: Record<string, string> = {
  PORT: '0',
  LOG_LEVEL: 'silent',
  GATEWAY_SECRET: TEST_GATEWAY_SECRET,
  DATA_DIR: TEST_DATA_DIR,
  RESPONSE_CACHE: 'false',
  RATE_LIMIT: 'false',
  WATCH_SUPERGRAPH: 'false',
  // A run of the e2e tests over our own plan executor: GATEWAY_EXECUTOR=own npx vitest run …
  ...(process.env.GATEWAY_EXECUTOR ? { GATEWAY_EXECUTOR: process.env.GATEWAY_EXECUTOR } : {}),
};

/** A development token the test graph's gateway accepts. */
export async function devToken(sub: string, roles: string[] = [], expiresIn = '10m'): Promise<string> {
  return signDevToken(await ensureDevSigningKey(TEST_DATA_DIR), { sub, grants: parseRoleClaims(roles), expiresIn });
}

/** Authorization headers for a development token. */
export async function as(sub: string, roles: string[] = []): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await devToken(sub, roles)}` };
}

/**
 * The whole graph in this process: every subgraph on a fresh database (demo data
 * seeded, or copied from the run's seeded template), each over real HTTP on a free port,
 * and the gateway in front of them.
 */
/**
 * Statements of the subgraphs' background work, not of any request: the outbox's stream,
 * relay and retention, and the events subgraph's feed consumer and webhook dispatcher. They
 * run on their own clocks, so counting them would make the per-request counts flaky.
 */
const BACKGROUND_STATEMENT = /\b(outbox_event|event_feed_position|webhook_delivery|webhook_attempt|pg_locks)\b/;

export async function startGraph(options: GraphOptions = {}): Promise<RunningGraph> {
  const dialect = options.dialect ?? 'sqlite';
  const traceLogger = (name: string) => (options.logs ? createLogger({ name, level: 'trace', destination: options.logs }) : undefined);
  const queries = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, [] as string[]])) as Record<SubgraphName, string[]>;
  const subgraphUrls = {} as Record<SubgraphName, string>;
  const databases = {} as Record<SubgraphName, DatabaseConfig>;
  const servers = new Map<SubgraphName, Awaited<ReturnType<typeof createSubgraph>>>();
  const drops: (() => Promise<void>)[] = [];
  // Filled in once every subgraph listens; subgraphs read their peers' URLs at call time.
  const peers = {} as Record<SubgraphName, string>;
  // One clock for every generator, so that what one subgraph dates relative to it matches the others.
  const now = new Date();
  // Other graphs (of this run or another) may share the NATS server: each reads and writes its own namespace.
  const nats = options.natsUrl ? { natsUrl: options.natsUrl, natsStreamPrefix: testStreamPrefix('graph') } : undefined;
  const natsEnv: Record<string, string> = nats ? { NATS_URL: nats.natsUrl, NATS_STREAM_PREFIX: nats.natsStreamPrefix } : {};
  const started = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      const definition = options.definitions?.[name] ?? SUBGRAPHS[name]!;
      const demo = options.seedScale === undefined && (options.seedDemoData ?? true);
      // The demo data copied from the run's seeded template (see templates.ts) rather than seeded again.
      const database = demo && seedsAsDefault(name, definition) ? await demoDatabase(dialect, name) : scratchDatabase(dialect, name);
      databases[name] = database.config;
      drops.push(database.drop);
      const server = await createSubgraph(
        definition,
        { ...testSubgraphConfig(name, database, peers), seedDemoData: demo, ...nats },
        { onQuery: (sql) => BACKGROUND_STATEMENT.test(sql) || queries[name].push(sql), logger: traceLogger(name) },
      );
      if (options.seedScale !== undefined) {
        await seedVolume(server.orm, definition, options.seedScale, now);
        queries[name].length = 0; // the inserts are no request's statements
      }
      return [name, server] as const;
    }),
  );
  for (const [name, server] of started) {
    servers.set(name, server);
    subgraphUrls[name] = peers[name] = await server.listen(0, '127.0.0.1');
  }
  const gateway = await createGateway(
    {
      ...parseGatewayConfig({ ...TEST_GATEWAY_ENV, ...natsEnv, ...options.gatewayEnv }),
      subgraphUrls,
    },
    traceLogger('gateway'),
  );
  const gatewayUrl = await gateway.listen();
  const gateways = [gateway];
  return {
    gatewayUrl,
    subgraphUrls,
    databases,
    queries,
    natsStreamPrefix: nats?.natsStreamPrefix,
    resetQueries: () => SUBGRAPH_NAMES.forEach((n) => (queries[n].length = 0)),
    async sql(name, query, bindings = []) {
      const em = servers.get(name)!.orm.em.fork() as SqlEntityManager;
      const values = bindings.map((b) => (b instanceof Date ? dbDate(em, b) : b));
      return (await em.execute(query, values as never[])) as never;
    },
    async startGateway(env = {}, overrides = {}) {
      const another = await createGateway({ ...parseGatewayConfig({ ...TEST_GATEWAY_ENV, ...natsEnv, ...env }), subgraphUrls: { ...subgraphUrls, ...overrides } }, traceLogger('gateway'));
      gateways.push(another);
      return { gateway: another, url: await another.listen() };
    },
    async stopSubgraph(name) {
      await servers.get(name)?.close();
      servers.delete(name);
    },
    async stop() {
      await Promise.all(gateways.map((g) => g.close()));
      await Promise.all([...servers.values()].map((s) => s.close()));
      await Promise.all(drops.map((drop) => drop()));
      if (nats) await deleteNamespace(nats.natsStreamPrefix);
    },
  };
}

/** A GraphQL answer over HTTP: status, headers and the parsed body. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
}

/** Sends a request to the gateway (JSON content type unless `init` says otherwise) and reads the answer, empty or not. */
export async function send(url: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const response = await fetch(url, { method: 'POST', ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/** Posts a JSON body (a GraphQL request) and reads the answer. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return send(url, { body: JSON.stringify(body), headers });
}

/** Posts a GraphQL request and returns the parsed JSON body. */
export async function graphql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ data?: T; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as never;
}
