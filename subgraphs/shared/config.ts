import { z } from 'zod';
import { join, resolve } from 'node:path';
import type { DatabaseConfig } from './database.js';
import { streamPrefixSchema } from '../../lib/events.js';
import { internalTokenSchema } from '../../lib/internal-caller.js';
import { resolveGatewaySecret } from '../../lib/secrets.js';
import { DEFAULT_SUBGRAPH_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '../../lib/subgraphs.js';

export interface SubgraphConfig {
  name: SubgraphName;
  host: string;
  port: number;
  database: DatabaseConfig;
  /** Seed the demo data when the database is empty (on by default, so `npm start` shows something). */
  seedDemoData: boolean;
  /** Shared with the gateway only: every request must carry a token signed with it (see gateway-token.ts). */
  gatewaySecret: string;
  /**
   * Where the other subgraphs answer (\`<NAME>_URL\`, as for the gateway), for the few
   * checks one subgraph asks of another (does this organisation exist?). Read at call time.
   */
  peers: Record<SubgraphName, string>;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** NATS with JetStream (`NATS_URL`): the outbox's relay publishes there; without it, only the internal event stream serves it. */
  natsUrl?: string;
  /**
   * `NATS_STREAM_PREFIX` (`participation`): the namespace of the subjects and streams its relay
   * publishes to (and the events subgraph's feed reads), one per deployment sharing a NATS server.
   * Absent in a configuration made by hand: the default.
   */
  natsStreamPrefix?: string;
  /** `OUTBOX_RETAIN_HOURS`: how long outbox rows stay after publication (or occurrence, without NATS); 24 when absent. */
  outboxRetainHours?: number;
  /**
   * `SCHEDULED_EVENTS_SECONDS` (15): how often the events time causes (a petition or a
   * consultation closing) are recorded (see timed-events.ts). Absent in a configuration
   * made by hand, as tests make theirs: not scheduled (they run the job themselves).
   */
  scheduledEventsSeconds?: number;
  /** `NODE_ENV=production`: `/metrics` is closed to all but `internalToken` holders. Absent (configurations made by hand, as tests make theirs): development. */
  production?: boolean;
  /** `INTERNAL_TOKEN`: Prometheus and operators send it as a bearer token for `/metrics` (lib/internal-caller.ts, as for the gateway). */
  internalToken?: string;
}

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('data'),
  NODE_ENV: z.string().default('development'),
  GATEWAY_SECRET: z.string().min(32, 'GATEWAY_SECRET must have at least 32 characters').optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  SEED_DEMO_DATA: boolean.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Read where loggers are made (lib/log-format.ts); checked here with the rest.
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  NATS_URL: z.url({ protocol: /^(nats|tls|wss?)$/ }).optional(),
  NATS_STREAM_PREFIX: streamPrefixSchema,
  OUTBOX_RETAIN_HOURS: z.coerce.number().positive().default(24),
  SCHEDULED_EVENTS_SECONDS: z.coerce.number().positive().default(15),
  INTERNAL_TOKEN: internalTokenSchema,
});

/** Every environment variable a subgraph reads (docker-compose is checked against it); `<NAME>_` ones per subgraph. */
export function subgraphEnvKeys(name: SubgraphName): string[] {
  const prefix = name.toUpperCase();
  return [...Object.keys(envSchema.shape), ...SUBGRAPH_NAMES.map((peer) => `${peer.toUpperCase()}_URL`), `${prefix}_PORT`, `${prefix}_DATABASE_URL`];
}

/**
 * Reads one subgraph's configuration from the environment, once, at the edge.
 * `<NAME>_PORT` and `<NAME>_DATABASE_URL` are per subgraph; `DATABASE_URL` names a
 * PostgreSQL server (or a database on it) from which each subgraph derives its own
 * database `participation_<name>`; without either, an SQLite file under `DATA_DIR`.
 */
export function parseSubgraphConfig(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  const prefix = name.toUpperCase();
  const parsed = envSchema
    .extend({
      ...Object.fromEntries(SUBGRAPH_NAMES.map((peer) => [`${peer.toUpperCase()}_URL`, z.url().optional()])),
      PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_SUBGRAPH_PORTS[name]),
      OWN_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    })
    .safeParse({ ...env, PORT: env[`${prefix}_PORT`], OWN_DATABASE_URL: env[`${prefix}_DATABASE_URL`] });
  if (!parsed.success) {
    throw new Error(`Invalid configuration for the ${name} subgraph: ${z.prettifyError(parsed.error)}`);
  }
  const values = parsed.data as typeof parsed.data & Record<string, string | undefined>;
  return {
    name,
    host: values.HOST,
    port: values.PORT,
    seedDemoData: values.SEED_DEMO_DATA,
    peers: Object.fromEntries(
      SUBGRAPH_NAMES.map((peer) => [peer, values[`${peer.toUpperCase()}_URL`] ?? `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[peer]}/graphql`]),
    ) as Record<SubgraphName, string>,
    gatewaySecret: resolveGatewaySecret(values.GATEWAY_SECRET, values.DATA_DIR, values.NODE_ENV === 'production'),
    logLevel: values.LOG_LEVEL,
    natsUrl: values.NATS_URL,
    natsStreamPrefix: values.NATS_STREAM_PREFIX,
    outboxRetainHours: values.OUTBOX_RETAIN_HOURS,
    scheduledEventsSeconds: values.SCHEDULED_EVENTS_SECONDS,
    production: values.NODE_ENV === 'production',
    internalToken: values.INTERNAL_TOKEN,
    database: values.OWN_DATABASE_URL
      ? { kind: 'postgresql', url: values.OWN_DATABASE_URL }
      : values.DATABASE_URL
        ? { kind: 'postgresql', url: subgraphDatabaseUrl(values.DATABASE_URL, name) }
        : { kind: 'sqlite', file: resolve(join(values.DATA_DIR, `${name}.sqlite`)) },
  };
}

/** `postgres://host/anything` → `postgres://host/participation_<name>`: one database per subgraph on one server. */
export function subgraphDatabaseUrl(serverUrl: string, name: SubgraphName): string {
  const url = new URL(serverUrl);
  url.pathname = `/participation_${name}`;
  return url.toString();
}
