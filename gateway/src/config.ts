import { z } from 'zod';
import { DEFAULT_SUBGRAPH_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/shared/config.js';
import { resolveGatewaySecret } from '../../subgraphs/shared/secrets.js';

/** How callers' tokens are verified. */
export interface AuthConfig {
  /** Where the development key lives when no identity provider is configured. */
  dataDir: string;
  /** The identity provider's JWKS; without it, the local development key (never in production). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Clock skew tolerated on `exp`/`nbf`, in seconds. */
  clockToleranceSeconds: number;
  /** Where the roles are in the token (dotted path), e.g. `roles` or `realm_access.roles`. */
  rolesClaim: string;
}

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
  auth: AuthConfig;
  /** Shared with the subgraphs only: the gateway signs every subgraph request with it. */
  gatewaySecret: string;
  /** Origins browsers may call from: every origin in development unless set; none in production unless set. */
  corsOrigins: string[] | true;
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
  DATA_DIR: z.string().default('data'),
  GATEWAY_SECRET: z.string().min(32, 'GATEWAY_SECRET must have at least 32 characters').optional(),
  JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(300).default(30),
  JWT_ROLES_CLAIM: z.string().regex(/^[\w-]+(\.[\w-]+)*$/).default('roles'),
  CORS_ORIGINS: z.string().optional(),
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
  if (production && !values.JWT_JWKS_URL) {
    throw new Error('Invalid gateway configuration: JWT_JWKS_URL (the identity provider\'s keys) is required in production');
  }
  if (values.JWT_JWKS_URL && (!values.JWT_ISSUER || !values.JWT_AUDIENCE)) {
    throw new Error('Invalid gateway configuration: JWT_ISSUER and JWT_AUDIENCE are required with JWT_JWKS_URL');
  }
  const origins = values.CORS_ORIGINS?.split(',').map((origin) => origin.trim()).filter(Boolean);
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
    auth: {
      dataDir: values.DATA_DIR,
      jwksUrl: values.JWT_JWKS_URL,
      issuer: values.JWT_ISSUER,
      audience: values.JWT_AUDIENCE,
      clockToleranceSeconds: values.JWT_CLOCK_TOLERANCE_S,
      rolesClaim: values.JWT_ROLES_CLAIM,
    },
    gatewaySecret: resolveGatewaySecret(values.GATEWAY_SECRET, values.DATA_DIR, production),
    corsOrigins: origins?.includes('*') ? true : (origins ?? (production ? [] : true)),
    logLevel: values.LOG_LEVEL,
  };
}

/** The URL a subgraph listens on by default (what `npm start` and the composed supergraph use). */
export function defaultSubgraphUrl(name: SubgraphName): string {
  return `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`;
}
