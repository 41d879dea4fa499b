import { z } from 'zod';
import { DEFAULT_SUBGRAPH_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/shared/config.js';

export interface GatewayConfig {
  host: string;
  port: number;
  production: boolean;
  /** The composed supergraph the gateway plans against. */
  supergraphPath: string;
  /** Where each subgraph answers; overrides the routing URLs composed into the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** The sandbox (GraphiQL) at GET /graphql: on by default, off in production unless enabled. */
  sandbox: boolean;
  introspection: boolean;
  /** Milliseconds a subgraph may take before its fields are answered null with an error. */
  subgraphTimeoutMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  NODE_ENV: z.string().default('development'),
  SUPERGRAPH_PATH: z.string().default('schema/supergraph.graphql'),
  SANDBOX: flag.optional(),
  INTROSPECTION: flag.optional(),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, z.url().optional()])),
});

/** Reads the gateway's configuration from the environment, once, at the edge. */
export function parseGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid gateway configuration: ${z.prettifyError(parsed.error)}`);
  const values = parsed.data as z.infer<typeof envSchema> & Record<string, string | undefined>;
  const production = values.NODE_ENV === 'production';
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const url = values[`${name.toUpperCase()}_URL`];
    if (url) subgraphUrls[name] = url;
  }
  return {
    host: values.HOST,
    port: values.PORT,
    production,
    supergraphPath: values.SUPERGRAPH_PATH,
    subgraphUrls,
    sandbox: values.SANDBOX ?? !production,
    introspection: values.INTROSPECTION ?? !production,
    subgraphTimeoutMs: values.SUBGRAPH_TIMEOUT_MS,
    logLevel: values.LOG_LEVEL,
  };
}

/** The URL a subgraph listens on by default (what `npm start` and the composed supergraph use). */
export function defaultSubgraphUrl(name: SubgraphName): string {
  return `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`;
}
