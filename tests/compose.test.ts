import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GATEWAY_ENV_KEYS, parseGatewayConfig } from '../gateway/src/config.js';
import { parsePetitionRules } from '../subgraphs/petitions/petition/petition.rules.js';
import { parseSubgraphConfig, SUBGRAPH_NAMES, subgraphEnvKeys, type SubgraphName } from '../subgraphs/shared/config.js';
import { fromRoot } from '../scripts/paths.js';

// docker-compose.yml checked against the code: every variable it sets is one the code reads,
// what production needs is there, and each service's environment passes the real config parsers.

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, unknown> | string[];
  healthcheck?: { test?: string[] | string };
  depends_on?: Record<string, { condition?: string }> | string[];
  ports?: string[];
  volumes?: string[];
  networks?: string[] | Record<string, unknown>;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, unknown>;
}

/** Only what the top of docker-compose.yml tells the operator to set; everything else must have a default. */
const OPERATOR_ENV: Record<string, string> = {
  GATEWAY_SECRET: 's'.repeat(40),
  JWT_JWKS_URL: 'https://id.city.example/.well-known/jwks.json',
  JWT_ISSUER: 'https://id.city.example/',
};

const GATEWAY_SERVICES = ['gateway-1', 'gateway-2'];
const APP_SERVICES = [...SUBGRAPH_NAMES, ...GATEWAY_SERVICES];

const isGateway = (name: string): boolean => /^gateway(-\d+)?$/.test(name);
const isSubgraph = (name: string): name is SubgraphName => (SUBGRAPH_NAMES as readonly string[]).includes(name);

function loadCompose(text: string): Compose {
  return parse(text, { merge: true }) as Compose;
}

/** A service's environment as compose sets it: map or `KEY=value` list; a bare key passes the host's value (null). */
function environmentOf(service: Service): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  if (Array.isArray(service.environment)) {
    for (const entry of service.environment) {
      const at = entry.indexOf('=');
      if (at === -1) env[entry] = null;
      else env[entry.slice(0, at)] = entry.slice(at + 1);
    }
  } else {
    for (const [key, value] of Object.entries(service.environment ?? {})) env[key] = value === null || value === undefined ? null : String(value);
  }
  return env;
}

/** The variables `name` may be given: those its code reads. */
function allowedKeys(name: string): readonly string[] | undefined {
  if (isSubgraph(name)) return name === 'petitions' ? [...subgraphEnvKeys(name), 'PETITION_RULES'] : subgraphEnvKeys(name);
  if (isGateway(name)) return GATEWAY_ENV_KEYS;
  return undefined;
}

/** One message per variable set on an app service that its code does not read (a typo, or a stale name). */
function unknownVariables(compose: Compose): string[] {
  const errors: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    const allowed = allowedKeys(name);
    if (!allowed) {
      if (service.build !== undefined) errors.push(`${name}: built from the app image but neither a subgraph nor a gateway, so unchecked`);
      continue;
    }
    for (const key of Object.keys(environmentOf(service))) {
      if (!allowed.includes(key)) errors.push(`${name}: ${key} is not a variable the ${isGateway(name) ? 'gateway' : `${name} subgraph`} reads`);
    }
  }
  return errors;
}

/**
 * Compose's interpolation: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`, `${VAR+alt}` (defaults may nest).
 * Throws, naming the variable, when a required one is missing from `env`.
 */
function interpolate(value: string, env: Record<string, string | undefined>): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const char = value[i]!;
    if (char !== '$') {
      out += char;
      i += 1;
      continue;
    }
    const next = value[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next !== '{') {
      const bare = /^[A-Za-z_]\w*/.exec(value.slice(i + 1));
      if (!bare) throw new Error(`Invalid interpolation at "${value.slice(i)}"`);
      out += env[bare[0]] ?? '';
      i += 1 + bare[0].length;
      continue;
    }
    let depth = 1;
    let end = i + 2;
    while (end < value.length && depth > 0) {
      if (value[end] === '{') depth += 1;
      else if (value[end] === '}') depth -= 1;
      end += 1;
    }
    if (depth !== 0) throw new Error(`Unterminated interpolation in "${value}"`);
    const body = value.slice(i + 2, end - 1);
    const match = /^([A-Za-z_]\w*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
    if (!match) throw new Error(`Invalid interpolation "\${${body}}"`);
    const [, name, operator, rest = ''] = match as unknown as [string, string, string | undefined, string | undefined];
    const current = env[name];
    const unset = current === undefined || (operator?.startsWith(':') === true && current === '');
    if (!operator) out += current ?? '';
    else if (operator.endsWith('-')) out += unset ? interpolate(rest, env) : current;
    else if (operator.endsWith('?')) {
      if (unset) throw new Error(`${name} is required and has no default: ${rest}`);
      out += current;
    } else out += unset ? '' : interpolate(rest, env);
    i = end;
  }
  return out;
}

/** The environment a container gets, as the process would see it (unset host pass-throughs left out). */
function containerEnv(service: Service, operatorEnv: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, raw] of Object.entries(environmentOf(service))) {
    if (raw === null) {
      if (operatorEnv[key] !== undefined) env[key] = operatorEnv[key];
      continue;
    }
    env[key] = interpolate(raw, operatorEnv);
  }
  return env;
}

/** The port a service listens on, from its own environment. */
function listenPort(name: string, env: Record<string, string>): string | undefined {
  return isSubgraph(name) ? env[`${name.toUpperCase()}_PORT`] : env.PORT;
}

function dependsOn(service: Service): Record<string, string | undefined> {
  if (Array.isArray(service.depends_on)) return Object.fromEntries(service.depends_on.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([name, spec]) => [name, spec?.condition]));
}

function healthTest(service: Service): string[] {
  const test = service.healthcheck?.test;
  return typeof test === 'string' ? ['CMD-SHELL', test] : (test ?? []);
}

const composeText = readFileSync(fromRoot('docker-compose.yml'), 'utf8');
const compose = loadCompose(composeText);
const services = compose.services ?? {};
const env = (name: string): Record<string, string> => containerEnv(services[name]!, OPERATOR_ENV);

describe('docker-compose.yml', () => {
  it('has every service of the topology', () => {
    const expected = ['postgres', 'redis', ...SUBGRAPH_NAMES, ...GATEWAY_SERVICES, 'lb'];
    expect(expected.filter((name) => !services[name]).map((name) => `${name}: missing service`)).toEqual([]);
  });

  it('sets only variables the code reads', () => {
    expect(unknownVariables(compose)).toEqual([]);
  });

  it('runs with only the variables its header tells the operator to set', () => {
    const errors: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      try {
        containerEnv(service, OPERATOR_ENV);
      } catch (error) {
        errors.push(`${name}: ${(error as Error).message}`);
      }
    }
    expect(errors).toEqual([]);
    for (const key of Object.keys(OPERATOR_ENV)) expect(composeText.split('\n').slice(0, 15).join('\n'), `header names ${key}`).toContain(`${key}=`);
  });

  it('sets what production requires', () => {
    const errors: string[] = [];
    const secretExpressions = new Set<string | null | undefined>();
    for (const name of APP_SERVICES) {
      const raw = environmentOf(services[name]!);
      secretExpressions.add(raw.GATEWAY_SECRET);
      if (!/^\$\{GATEWAY_SECRET:\?.+\}$/.test(raw.GATEWAY_SECRET ?? '')) errors.push(`${name}: GATEWAY_SECRET must be \${GATEWAY_SECRET:?…} (required, no default), not ${raw.GATEWAY_SECRET}`);
      if (raw.NODE_ENV !== 'production') errors.push(`${name}: NODE_ENV is ${raw.NODE_ENV}, not production`);
      if (env(name).HOST !== '0.0.0.0') errors.push(`${name}: HOST must be 0.0.0.0 to be reachable from other containers`);
    }
    if (secretExpressions.size !== 1) errors.push(`GATEWAY_SECRET differs between the app services: ${[...secretExpressions].join(' | ')}`);

    for (const name of GATEWAY_SERVICES) {
      const values = env(name);
      for (const key of ['JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE']) if (!values[key]) errors.push(`${name}: ${key} is not set`);
      const redis = values.REDIS_URL ? new URL(values.REDIS_URL) : undefined;
      if (!redis || redis.protocol !== 'redis:' || redis.hostname !== 'redis' || !services.redis) errors.push(`${name}: REDIS_URL ${values.REDIS_URL} does not point at the redis service`);
      for (const subgraph of SUBGRAPH_NAMES) {
        const key = `${subgraph.toUpperCase()}_URL`;
        const port = env(subgraph)[`${subgraph.toUpperCase()}_PORT`];
        if (!port) errors.push(`${subgraph}: ${subgraph.toUpperCase()}_PORT is not set`);
        if (values[key] !== `http://${subgraph}:${port}/graphql`) errors.push(`${name}: ${key} is ${values[key]}, not http://${subgraph}:${port}/graphql`);
      }
    }
    // Peers a subgraph calls must be where those subgraphs listen, too.
    for (const name of SUBGRAPH_NAMES) {
      for (const peer of SUBGRAPH_NAMES) {
        const url = env(name)[`${peer.toUpperCase()}_URL`];
        const port = env(peer)[`${peer.toUpperCase()}_PORT`];
        if (url !== undefined && url !== `http://${peer}:${port}/graphql`) errors.push(`${name}: ${peer.toUpperCase()}_URL is ${url}, not http://${peer}:${port}/graphql`);
      }
    }
    expect(errors).toEqual([]);
  });

  it('publishes only the load balancer, and keeps everything on the internal network', () => {
    const errors: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      if (name !== 'lb' && service.ports?.length) errors.push(`${name}: publishes ${service.ports.join(', ')}; only lb may`);
      const networks = Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? {});
      if (!networks.includes('internal')) errors.push(`${name}: not on the internal network`);
    }
    if (!services.lb?.ports?.includes('4000:80')) errors.push(`lb: does not publish 4000:80 (${services.lb?.ports?.join(', ')})`);
    if (!compose.networks || !('internal' in compose.networks)) errors.push('networks: internal is not declared');
    for (const [name, volume] of [['postgres', 'postgres-data:/var/lib/postgresql/data'], ['redis', 'redis-data:/data']] as const) {
      if (!services[name]?.volumes?.includes(volume)) errors.push(`${name}: no ${volume} volume`);
      if (!compose.volumes || !(volume.split(':')[0]! in compose.volumes)) errors.push(`volumes: ${volume.split(':')[0]} is not declared`);
    }
    expect(errors).toEqual([]);
  });

  it('health-checks every service, each app service on its own /ready with node (the image has no curl)', () => {
    const errors: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      const test = healthTest(service);
      if (test.length === 0) {
        errors.push(`${name}: no healthcheck`);
        continue;
      }
      if (!APP_SERVICES.includes(name)) continue;
      const port = listenPort(name, env(name));
      if (test[0] !== 'CMD' || test[1] !== 'node' || test[2] !== '-e') errors.push(`${name}: healthcheck must be ["CMD", "node", "-e", …], not ${JSON.stringify(test)}`);
      if (!test.join(' ').includes(`http://127.0.0.1:${port}/ready`)) errors.push(`${name}: healthcheck does not probe http://127.0.0.1:${port}/ready`);
    }
    expect(errors).toEqual([]);
  });

  it('starts each service after what it needs is healthy', () => {
    const errors: string[] = [];
    const requireHealthy = (name: string, needs: string[]): void => {
      const deps = dependsOn(services[name]!);
      for (const need of needs) if (deps[need] !== 'service_healthy') errors.push(`${name}: depends_on ${need} is ${deps[need] ?? 'missing'}, not condition: service_healthy`);
    };
    for (const name of SUBGRAPH_NAMES) requireHealthy(name, ['postgres']);
    for (const name of GATEWAY_SERVICES) requireHealthy(name, [...SUBGRAPH_NAMES, 'redis']);
    requireHealthy('lb', GATEWAY_SERVICES);
    expect(errors).toEqual([]);
  });

  describe('the load balancer', () => {
    const mount = services.lb?.volumes?.find((volume) => volume.includes('nginx.conf'));
    const [source, target, mode] = (mount ?? '').split(':');
    const conf = source && existsSync(fromRoot(source)) ? readFileSync(fromRoot(source), 'utf8').replace(/#.*$/gm, '') : '';

    it('mounts deploy/nginx.conf read-only as the whole nginx configuration', () => {
      expect(source, 'lb: nginx.conf mount').toBe('./deploy/nginx.conf');
      expect(existsSync(fromRoot('deploy', 'nginx.conf')), 'deploy/nginx.conf exists').toBe(true);
      expect(target).toBe('/etc/nginx/nginx.conf');
      expect(mode).toBe('ro');
    });

    it('balances over every gateway replica on its port, with keepalive', () => {
      const upstream = /upstream\s+([\w-]+)\s*\{([^}]*)\}/.exec(conf);
      expect(upstream, 'deploy/nginx.conf has an upstream block').toBeTruthy();
      const servers = [...upstream![2]!.matchAll(/^\s*server\s+(\S+)/gm)].map((m) => m[1]);
      const replicas = Object.keys(services).filter(isGateway);
      expect(replicas.sort()).toEqual(GATEWAY_SERVICES);
      expect(servers.sort(), 'upstream servers').toEqual(replicas.map((name) => `${name}:${listenPort(name, env(name))}`).sort());
      expect(upstream![2]).toMatch(/^\s*keepalive\s+\d+;/m);
      expect(conf).toContain(`proxy_pass http://${upstream![1]};`);
      expect(conf).toMatch(/proxy_http_version\s+1\.1;/);
      expect(conf).toMatch(/proxy_set_header\s+Connection\s+"";/);
    });

    it('forwards the client address and a request id, limits bodies, retries only what is safe', () => {
      expect(conf).toMatch(/proxy_set_header\s+X-Forwarded-For\s+\$\S+;/);
      expect(conf).toMatch(/proxy_set_header\s+X-Request-Id\s+\$\S+;/);
      expect(conf, 'a request id is generated when the client sent none').toContain('$request_id');
      expect(conf).toMatch(/client_max_body_size\s+1m;/);
      expect(conf).toMatch(/proxy_next_upstream\s+error\s+timeout;/);
      expect(conf, 'POST must never be re-sent to another replica').not.toContain('non_idempotent');
    });

    it('does not expose /metrics', () => {
      expect(conf).toMatch(/location\s+(\^~|=)\s*\/metrics\s*\{\s*return\s+404;\s*\}/);
    });
  });

  describe('parsed by the real configuration code', () => {
    const dataDir = join(tmpdir(), `compose-test-${process.pid}`);

    it.each(GATEWAY_SERVICES)('%s', (name) => {
      const values = env(name);
      const config = parseGatewayConfig({ ...values, DATA_DIR: dataDir });
      expect(config.production).toBe(true);
      expect(config.port).toBe(4000);
      expect(config.sandbox).toBe(false);
      expect(config.introspection).toBe(false);
      expect(config.persisted.safelist).toBe(true);
      expect(config.redisUrl).toBe('redis://redis:6379');
      expect(config.workers).toBe(2);
      expect(config.metrics).toBe(true);
      expect(config.gatewaySecret).toBe(OPERATOR_ENV.GATEWAY_SECRET);
      expect(config.auth).toMatchObject({ jwksUrl: OPERATOR_ENV.JWT_JWKS_URL, issuer: OPERATOR_ENV.JWT_ISSUER, audience: 'participation-graph' });
      for (const subgraph of SUBGRAPH_NAMES) expect(config.subgraphUrls[subgraph], `${name}: ${subgraph} URL`).toBe(`http://${subgraph}:${parseSubgraphConfig(subgraph, { ...env(subgraph), DATA_DIR: dataDir }).port}/graphql`);
      expect(existsSync(dataDir), 'nothing is written under DATA_DIR in production').toBe(false);
    });

    it.each(SUBGRAPH_NAMES)('%s', (name) => {
      const values = env(name);
      const config = parseSubgraphConfig(name, { ...values, DATA_DIR: dataDir });
      expect(config.host).toBe('0.0.0.0');
      expect(config.port).toBe(Number(values[`${name.toUpperCase()}_PORT`]));
      expect(config.seedDemoData).toBe(false);
      expect(config.gatewaySecret).toBe(OPERATOR_ENV.GATEWAY_SECRET);
      expect(config.database).toEqual({ kind: 'postgresql', url: `postgres://participation:participation@postgres:5432/participation_${name}` });
      if (name === 'petitions') expect(() => parsePetitionRules(values)).not.toThrow();
      expect(existsSync(dataDir), 'nothing is written under DATA_DIR in production').toBe(false);
    });
  });

  describe('health-check commands', () => {
    let server: Server;
    let status = 200;
    let port = 0;
    beforeAll(async () => {
      server = createServer((request, response) => {
        response.statusCode = request.url === '/ready' ? status : 404;
        response.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    // What Docker runs, pointed at a local stand-in: exit 0 only on a 2xx from /ready.
    // (Asynchronously: the stand-in answers from this process.)
    const run = (name: string, target: number): Promise<number | null> => {
      const [, command, ...args] = healthTest(services[name]!);
      const script = args.map((arg) => arg.replace(`127.0.0.1:${listenPort(name, env(name))}`, `127.0.0.1:${target}`));
      return new Promise((resolve, reject) => {
        const child = spawn(command === 'node' ? process.execPath : command!, script, { stdio: 'ignore', timeout: 10_000 });
        child.on('error', reject);
        child.on('exit', (code) => resolve(code));
      });
    };

    it.each(APP_SERVICES)('%s passes when ready and fails otherwise', async (name) => {
      status = 200;
      expect(await run(name, port)).toBe(0);
      status = 503;
      expect(await run(name, port)).toBe(1);
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const closedPort = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      expect(await run(name, closedPort)).toBe(1);
    });
  });
});

describe('the compose checks themselves', () => {
  it('report a variable the code does not read, naming the service and the variable', () => {
    const synthetic = loadCompose(`
services:
  gateway-1:
    environment:
      MAX_DEEPTH: "12"
      MAX_DEPTH: "12"
  petitions:
    environment: [PETITION_RULES=, REDIS_URL=redis://redis:6379]
  consultations:
    environment:
      PETITION_RULES: "{}"
  worker:
    build: .
`);
    expect(unknownVariables(synthetic)).toEqual([
      'gateway-1: MAX_DEEPTH is not a variable the gateway reads',
      'petitions: REDIS_URL is not a variable the petitions subgraph reads',
      'consultations: PETITION_RULES is not a variable the consultations subgraph reads',
      'worker: built from the app image but neither a subgraph nor a gateway, so unchecked',
    ]);
  });

  it('interpolate like compose, refusing a required variable that is missing', () => {
    const host = { SET: 'value', EMPTY: '' };
    expect(interpolate('a ${SET} $SET $$SET', host)).toBe('a value value $SET');
    expect(interpolate('${EMPTY:-fallback}|${EMPTY-fallback}|${NOPE-x}', host)).toBe('fallback||x');
    expect(interpolate('${NOPE:-${SET:-no}}/${SET:+alt}/${NOPE:+alt}', host)).toBe('value/alt/');
    expect(interpolate('${SET:?needed}', host)).toBe('value');
    expect(() => interpolate('${NOPE:?set NOPE please}', host)).toThrowError(/NOPE is required.*set NOPE please/);
    expect(() => interpolate('${EMPTY:?set EMPTY}', host)).toThrowError(/EMPTY is required/);
  });

  it('catch a value the configuration code refuses', () => {
    const synthetic = loadCompose(`
x-base: &base
  NODE_ENV: production
  GATEWAY_SECRET: \${GATEWAY_SECRET:?set it}
services:
  gateway-1:
    environment:
      <<: *base
      JWT_JWKS_URL: \${JWT_JWKS_URL:?set it}
      JWT_ISSUER: issuer
      JWT_AUDIENCE: audience
      MAX_DEPTH: deep
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: \${OTEL_EXPORTER_OTLP_TRACES_ENDPOINT:-}
`);
    const values = containerEnv(synthetic.services['gateway-1']!, OPERATOR_ENV);
    expect(values.NODE_ENV, 'merge keys are applied').toBe('production');
    expect(() => parseGatewayConfig({ ...values, DATA_DIR: join(tmpdir(), 'compose-test-unused') })).toThrowError(/MAX_DEPTH[\s\S]*OTEL_EXPORTER_OTLP_TRACES_ENDPOINT|OTEL_EXPORTER_OTLP_TRACES_ENDPOINT[\s\S]*MAX_DEPTH/);
  });
});
