import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { streamPrefixSchema } from '../../lib/events.js';
import { DEFAULT_SUBGRAPH_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '../../lib/subgraphs.js';
import { resolveGatewaySecret } from '../../lib/secrets.js';

/** How callers' tokens are verified. */
export interface AuthConfig {
  /** Where the development key lives when no identity provider is configured. */
  dataDir: string;
  /** The identity provider's JWKS; without it, the local development key (never in production). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Clock skew tolerated on `exp`/`nbf`/`iat`, in seconds. */
  clockToleranceSeconds: number;
  /** Longest a token may live, in seconds: from its `iat` (required) to its `exp`, and in use. */
  maxLifetimeSeconds: number;
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
  /** Per-subgraph timeouts (`<NAME>_TIMEOUT_MS`) overriding `subgraphTimeoutMs`. */
  subgraphTimeouts: Partial<Record<SubgraphName, number>>;
  limits: OperationLimits;
  persisted: PersistedOperationsConfig;
  cache: CacheConfig;
  rateLimit: RateLimitConfig;
  /** Redis shared by every gateway replica (response cache, APQ, rate limits); memory per process without it. */
  redisUrl?: string;
  /** Proxies in front (load balancers) whose X-Forwarded-For is trusted for the client's IP (rate limits). */
  trustProxyHops: number;
  /** Gateway worker processes sharing the port (`npm start` and main.ts); 1 runs in-process. */
  workers: number;
  /** Reload the supergraph when its file changes (and re-warm the query-plan cache). */
  watchSupergraph: boolean;
  /** Identical queries in flight at once (same caller, language, document, variables) executed once, the answer shared. */
  dedupeInflight: boolean;
  /**
   * Who executes query plans: `own` (gateway/src/execution, cheaper per request; the default) or
   * `stock` (@apollo/gateway's executor), kept as a switch back should ours ever answer differently.
   */
  executor: 'stock' | 'own';
  /** Prometheus metrics at /metrics. */
  metrics: boolean;
  /**
   * Bearer token of internal callers (Prometheus, operators): in production only they get
   * /metrics and the detailed /ready. Without it in development, both are open.
   */
  internalToken?: string;
  tracing: TracingConfig;
  live: LiveConfig;
}

/** Subscriptions (gateway/src/live): the event feed they are fed by and what one process and one client may hold open. */
export interface LiveConfig {
  /** NATS with JetStream: the events come from its city streams; without it, from each subgraph's signed internal stream. */
  natsUrl?: string;
  /** `NATS_STREAM_PREFIX` (`participation`): the namespace read, the same as its subgraphs' (one per deployment sharing a NATS server). */
  natsStreamPrefix: string;
  /** Seconds of events kept for resumption (SSE `Last-Event-ID`), and read back at start. */
  retainSeconds: number;
  /** At most this many events kept, whatever their age. */
  retainEvents: number;
  /** A subscription to an entity's current state is executed at most once per this many ms (the latest state wins). */
  coalesceMs: number;
  /** Open subscriptions per client (token subject, else IP). */
  maxPerClient: number;
  /** Open subscriptions per gateway process. */
  maxPerProcess: number;
  /** Messages buffered for a client that reads slowly; beyond it, state updates are replaced by the latest, else it is disconnected. */
  queueLimit: number;
  /** Seconds between heartbeats (an SSE comment, a WebSocket ping). */
  heartbeatSeconds: number;
}

/** What one operation may ask for; each refused before planning, with its code. */
export interface OperationLimits {
  /** Request bodies above this many bytes are refused with 413. */
  maxBodyBytes: number;
  /** JSON (a body, or the `variables`/`extensions` of a GET) nested deeper than this is refused with 400. */
  maxJsonDepth: number;
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  /** Directives per operation, a fragment's counted at each spread. */
  maxDirectives: number;
  /** Fragment definitions per document. */
  maxFragments: number;
  /** Selections (fields, spreads, inline fragments) per operation once its fragments are expanded. */
  maxSelections: number;
  maxTokens: number;
  /** Cost budget: each field costs 1, times the page size (`first`) of every list above it. */
  maxCost: number;
}

export interface PersistedOperationsConfig {
  /** The manifest generated from schema/operations (`npm run compose`). */
  manifestPath: string;
  /** Refuse documents outside the manifest, except for callers with the `developer` role. On in production. */
  safelist: boolean;
  /** Automatic persisted queries: seconds a registered document is kept. */
  apqTtlSeconds: number;
}

export interface CacheConfig {
  /** Whole public responses cached (in Redis when configured, else in memory) for their cache hints' max-age. */
  responseCache: boolean;
  /** Bytes of the in-memory cache (responses and APQ documents) when there is no Redis. */
  memoryBytes: number;
}

export interface RateLimitConfig {
  enabled: boolean;
  /** Points per client (token subject, else IP) per window: a request spends 1, and more by its work. */
  points: number;
  windowSeconds: number;
  /** An operation spends one more point per full this much of its cost. */
  costPerPoint: number;
  /** A refused or invalid document spends one more point per started this many bytes of it. */
  refusedBytesPerPoint: number;
}

export interface TracingConfig {
  /** OTLP/HTTP traces endpoint (e.g. http://collector:4318/v1/traces); tracing is off without it. */
  otlpEndpoint?: string;
  serviceName: string;
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
  JWT_MAX_LIFETIME_S: z.coerce.number().int().min(60).max(30 * 86_400).default(86_400),
  JWT_ROLES_CLAIM: z.string().regex(/^[\w-]+(\.[\w-]+)*$/).default('roles'),
  CORS_ORIGINS: z.string().optional(),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Read where loggers are made (lib/log-format.ts); checked here with the rest.
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(100_000),
  MAX_JSON_DEPTH: z.coerce.number().int().min(8).max(1000).default(64),
  MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(12),
  MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(15),
  MAX_ROOT_FIELDS: z.coerce.number().int().min(1).max(1000).default(10),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1000).default(20),
  MAX_FRAGMENTS: z.coerce.number().int().min(0).max(1000).default(30),
  // Room for the sandbox's introspection query (~240); at most graphql-query-complexity's own
  // node bound (10,000), which it would otherwise hit first.
  MAX_SELECTIONS: z.coerce.number().int().min(1).max(10_000).default(500),
  MAX_TOKENS: z.coerce.number().int().min(100).max(100_000).default(3000),
  MAX_COST: z.coerce.number().int().min(1).max(10_000_000).default(20_000),
  PERSISTED_OPERATIONS_PATH: z.string().default('schema/persisted-operations.json'),
  DEDUPE_INFLIGHT: flag.default(true),
  GATEWAY_EXECUTOR: z.enum(['stock', 'own']).default('own'),
  SAFELIST: flag.optional(),
  APQ_TTL_S: z.coerce.number().int().min(60).default(86_400),
  RESPONSE_CACHE: flag.default(true),
  CACHE_MEMORY_MB: z.coerce.number().int().min(1).max(4096).default(64),
  RATE_LIMIT: flag.default(true),
  RATE_LIMIT_POINTS: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(60),
  RATE_LIMIT_COST_PER_POINT: z.coerce.number().int().min(1).default(100),
  RATE_LIMIT_REFUSED_BYTES_PER_POINT: z.coerce.number().int().min(1).default(1000),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  GATEWAY_WORKERS: z.coerce.number().int().min(1).max(256).optional(),
  WATCH_SUPERGRAPH: flag.default(true),
  METRICS: flag.default(true),
  // Empty (as docker-compose passes an unset `${INTERNAL_TOKEN:-}`) means unset.
  INTERNAL_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'INTERNAL_TOKEN must have at least 32 characters').optional()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('participation-gateway'),
  NATS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^(nats|tls|wss?)$/ }).optional()),
  NATS_STREAM_PREFIX: streamPrefixSchema,
  LIVE_RETAIN_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  LIVE_RETAIN_EVENTS: z.coerce.number().int().min(0).max(1_000_000).default(20_000),
  LIVE_COALESCE_MS: z.coerce.number().int().min(0).max(60_000).default(250),
  LIVE_MAX_PER_CLIENT: z.coerce.number().int().min(1).max(10_000).default(20),
  LIVE_MAX_PER_PROCESS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  LIVE_QUEUE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(100),
  LIVE_HEARTBEAT_S: z.coerce.number().int().min(1).max(300).default(15),
  ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, z.url().optional()])),
  ...Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_TIMEOUT_MS`, z.coerce.number().int().min(100).max(120_000).optional()]),
  ),
});

/** Every environment variable the gateway reads (docker-compose is checked against it). */
export const GATEWAY_ENV_KEYS: readonly string[] = Object.keys(envSchema.shape);

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
  const subgraphTimeouts: Partial<Record<SubgraphName, number>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const url = values[`${name.toUpperCase()}_URL`];
    if (url) subgraphUrls[name] = url;
    const timeout = values[`${name.toUpperCase()}_TIMEOUT_MS`] as unknown as number | undefined;
    if (timeout) subgraphTimeouts[name] = timeout;
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
      maxLifetimeSeconds: values.JWT_MAX_LIFETIME_S,
      rolesClaim: values.JWT_ROLES_CLAIM,
    },
    gatewaySecret: resolveGatewaySecret(values.GATEWAY_SECRET, values.DATA_DIR, production),
    corsOrigins: origins?.includes('*') ? true : (origins ?? (production ? [] : true)),
    logLevel: values.LOG_LEVEL,
    subgraphTimeouts,
    limits: {
      maxBodyBytes: values.MAX_BODY_BYTES,
      maxJsonDepth: values.MAX_JSON_DEPTH,
      maxDepth: values.MAX_DEPTH,
      maxAliases: values.MAX_ALIASES,
      maxRootFields: values.MAX_ROOT_FIELDS,
      maxDirectives: values.MAX_DIRECTIVES,
      maxFragments: values.MAX_FRAGMENTS,
      maxSelections: values.MAX_SELECTIONS,
      maxTokens: values.MAX_TOKENS,
      maxCost: values.MAX_COST,
    },
    persisted: {
      manifestPath: values.PERSISTED_OPERATIONS_PATH,
      safelist: values.SAFELIST ?? production,
      apqTtlSeconds: values.APQ_TTL_S,
    },
    cache: { responseCache: values.RESPONSE_CACHE, memoryBytes: values.CACHE_MEMORY_MB * 1024 * 1024 },
    rateLimit: {
      enabled: values.RATE_LIMIT,
      points: values.RATE_LIMIT_POINTS,
      windowSeconds: values.RATE_LIMIT_WINDOW_S,
      costPerPoint: values.RATE_LIMIT_COST_PER_POINT,
      refusedBytesPerPoint: values.RATE_LIMIT_REFUSED_BYTES_PER_POINT,
    },
    redisUrl: values.REDIS_URL,
    trustProxyHops: values.TRUST_PROXY_HOPS,
    workers: values.GATEWAY_WORKERS ?? availableParallelism(),
    watchSupergraph: values.WATCH_SUPERGRAPH,
    dedupeInflight: values.DEDUPE_INFLIGHT,
    executor: values.GATEWAY_EXECUTOR,
    metrics: values.METRICS,
    internalToken: values.INTERNAL_TOKEN,
    tracing: { otlpEndpoint: values.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, serviceName: values.OTEL_SERVICE_NAME },
    live: {
      natsUrl: values.NATS_URL,
      natsStreamPrefix: values.NATS_STREAM_PREFIX,
      retainSeconds: values.LIVE_RETAIN_SECONDS,
      retainEvents: values.LIVE_RETAIN_EVENTS,
      coalesceMs: values.LIVE_COALESCE_MS,
      maxPerClient: values.LIVE_MAX_PER_CLIENT,
      maxPerProcess: values.LIVE_MAX_PER_PROCESS,
      queueLimit: values.LIVE_QUEUE_LIMIT,
      heartbeatSeconds: values.LIVE_HEARTBEAT_S,
    },
  };
}

/** How long a subgraph may take: its own `<NAME>_TIMEOUT_MS`, else `SUBGRAPH_TIMEOUT_MS`. */
export function subgraphTimeout(config: GatewayConfig, name: string): number {
  return config.subgraphTimeouts[name as SubgraphName] ?? config.subgraphTimeoutMs;
}

/** The URL a subgraph listens on by default (what `npm start` and the composed supergraph use). */
export function defaultSubgraphUrl(name: SubgraphName): string {
  return `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`;
}
