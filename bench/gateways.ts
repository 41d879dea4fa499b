import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startService, waitUntil, type Service } from './processes.js';

export type GatewayName = 'ours' | 'apollo-gateway' | 'hive-gateway';

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
    setup: `dist/gateway/src/main.js, GATEWAY_WORKERS=${cores} (its default: one per core); response cache and rate limits off, nothing else changed`,
    async start({ root, port, supergraphPath, gatewaySecret, manifestPath, safelist, env }) {
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
    setup: '@apollo/gateway in @apollo/server standalone, defaults; one process (Apollo documents no clustering: it scales by replicas)',
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
  {
    name: 'hive-gateway',
    workers: cores,
    setup: `hive-gateway CLI, --fork ${cores} (its documented worker count: one per core), NODE_ENV=production, jit and inbound in-flight deduplication on as in its maintainers' benchmark`,
    async start({ root, port, supergraphPath, gatewaySecret, subgraphNamesByUrl }) {
      const cli = join(root, 'node_modules/@graphql-hive/gateway/dist/bin.js');
      const args = [cli, 'supergraph', supergraphPath, '--port', String(port), '--host', '127.0.0.1', '--fork', String(cores), '-c', join(root, 'bench/peers/hive-gateway.config.mjs')];
      const service = startService('hive-gateway', process.execPath, args, {
        NODE_ENV: 'production',
        GATEWAY_SECRET: gatewaySecret,
        SUBGRAPH_NAMES_BY_URL: JSON.stringify(subgraphNamesByUrl ?? {}),
      }, root);
      await waitUntil(service, () => answersTypename(port));
      return service;
    },
  },
];
