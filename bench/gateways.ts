import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startService, waitUntil, type Service } from './processes.js';

export const GATEWAY_NAMES = ['ours', 'apollo-gateway', 'hive-gateway', 'hive-gateway-rust'] as const;
export type GatewayName = (typeof GATEWAY_NAMES)[number];

/** Our gateway's executor (GATEWAY_EXECUTOR): the stock @apollo/gateway one, or our own. */
export const OUR_EXECUTORS = ['own', 'stock'] as const;
export type OurExecutor = (typeof OUR_EXECUTORS)[number];

/** How one gateway under test is started over a supergraph file. */
export interface GatewayUnderTest {
  name: GatewayName;
  /** Worker processes, as many as the gateway's own documentation supports on this machine. */
  workers: number;
  /** How it is configured, printed under the table. */
  setup: string;
  start(options: GatewayStartOptions): Promise<Service>;
}

export interface GatewayStartOptions {
  root: string;
  port: number;
  supergraphPath: string;
  /** Shared with the subgraphs of the participation workload, which refuse unsigned requests. */
  gatewaySecret?: string;
  /** Subgraph name by URL, for the peers' request signing. */
  subgraphNamesByUrl?: Record<string, string>;
  /** Our persisted-operation manifest: the client operations, or the overhead query. */
  manifestPath: string;
  /** The participation workload runs our production safelist; the overhead query is not a client operation. */
  safelist: boolean;
  /** More of our gateway's configuration, over the benchmark's (the abuse workload switches rate limits on). */
  env?: Record<string, string>;
  /**
   * In-flight deduplication (identical queries in flight answered once) as each gateway
   * ships it (true, the default), or off for every gateway that has it (false): the
   * `overhead-distinct` rows, where each request costs what a distinct one costs.
   */
  inflightDedupe?: boolean;
  /** Our gateway's executor; its own default when not given. */
  executor?: OurExecutor;
}

const cores = availableParallelism();

/** Where our gateway keeps its development signing key (the abuse workload signs its resident's token with it). */
export const OUR_DATA_DIR = (root: string) => join(root, 'bench/.data/gateway');

/** Ready when a trivial query answers (the peers have no readiness route in common). */
async function answersTypename(port: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return response.ok;
}

export const GATEWAYS: GatewayUnderTest[] = [
  {
    name: 'ours',
    workers: cores,
    setup: `dist/gateway/src/main.js, GATEWAY_WORKERS=${cores} (its default: one per core); response cache and rate limits off, nothing else changed; in-flight deduplication on as it ships (DEDUPE_INFLIGHT=false in the -distinct rows)`,
    async start({ root, port, supergraphPath, gatewaySecret, manifestPath, safelist, env, inflightDedupe = true, executor }) {
      const service = startService('ours', process.execPath, [join(root, 'dist/gateway/src/main.js')], {
        HOST: '127.0.0.1',
        PORT: String(port),
        SUPERGRAPH_PATH: supergraphPath,
        GATEWAY_SECRET: gatewaySecret ?? 'bench-gateway-secret-with-at-least-32-characters',
        GATEWAY_WORKERS: String(cores),
        LOG_LEVEL: 'warn',
        SANDBOX: 'false',
        // No peer caches whole responses, and one load generator on one address would hit any rate limit.
        RESPONSE_CACHE: 'false',
        RATE_LIMIT: 'false',
        SAFELIST: String(safelist),
        PERSISTED_OPERATIONS_PATH: manifestPath,
        WATCH_SUPERGRAPH: 'false',
        DATA_DIR: OUR_DATA_DIR(root),
        // Left at its default (on) where the row measures each gateway as shipped.
        ...(inflightDedupe ? {} : { DEDUPE_INFLIGHT: 'false' }),
        ...(executor ? { GATEWAY_EXECUTOR: executor } : {}),
        ...env,
      }, root);
      // Not /ready: that checks the participation subgraphs, which the overhead workload does not run.
      await waitUntil(service, async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok);
      return service;
    },
  },
  {
    name: 'apollo-gateway',
    workers: 1,
    setup: '@apollo/gateway in @apollo/server standalone, defaults; one process (Apollo documents no clustering: it scales by replicas); no in-flight deduplication to turn on or off',
    async start({ root, port, supergraphPath, gatewaySecret }) {
      const service = startService('apollo-gateway', process.execPath, [join(root, 'dist/bench/peers/apollo-gateway.js')], {
        PORT: String(port),
        SUPERGRAPH_PATH: supergraphPath,
        GATEWAY_SECRET: gatewaySecret,
        NODE_ENV: 'production',
      }, root);
      await waitUntil(service, () => answersTypename(port));
      return service;
    },
  },
  hiveGateway('hive-gateway', 'hive-gateway.config.mjs', 'jit and inbound in-flight deduplication on as in its maintainers\' benchmark (deduplication off in the -distinct rows)'),
  hiveGateway(
    'hive-gateway-rust',
    'hive-gateway-rust.config.mjs',
    'its Rust query planner (@graphql-hive/router-runtime, what --hive-router-runtime loads), no jit (with it this runtime answers nulls), inbound in-flight deduplication as hive-gateway',
  ),
];

/** Hive Gateway's CLI over the supergraph with one of its configurations (bench/peers/*.config.mjs). */
function hiveGateway(name: GatewayName, config: string, configured: string): GatewayUnderTest {
  return {
    name,
    workers: cores,
    setup: `hive-gateway CLI, --fork ${cores} (its documented worker count: one per core), NODE_ENV=production, ${configured}; request signing where the subgraphs require it`,
    async start({ root, port, supergraphPath, gatewaySecret, subgraphNamesByUrl, inflightDedupe = true }) {
      const cli = join(root, 'node_modules/@graphql-hive/gateway/dist/bin.js');
      const args = [cli, 'supergraph', supergraphPath, '--port', String(port), '--host', '127.0.0.1', '--fork', String(cores), '-c', join(root, 'bench/peers', config)];
      const service = startService(name, process.execPath, args, {
        NODE_ENV: 'production',
        GATEWAY_SECRET: gatewaySecret,
        SUBGRAPH_NAMES_BY_URL: JSON.stringify(subgraphNamesByUrl ?? {}),
        HIVE_INFLIGHT_DEDUPE: String(inflightDedupe),
      }, root);
      await waitUntil(service, () => answersTypename(port));
      return service;
    },
  };
}
