import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../gateway/src/config.js';
import { parsePetitionRules } from '../subgraphs/petitions/petition/petition.rules.js';
import { parseSubgraphConfig } from '../subgraphs/shared/config.js';
import { SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import { fromRoot } from '../scripts/paths.js';
import {
  APP_SERVICES,
  compose,
  composeText,
  containerEnv,
  dependsOn,
  env,
  environmentOf,
  GATEWAY_SERVICES,
  healthTest,
  interpolate,
  isGateway,
  listenPort,
  loadCompose,
  OPERATOR_ENV,
  services,
  unknownVariables,
} from './support/compose.js';

// docker-compose.yml checked against the code: every variable it sets is one the code reads,
// what production needs is there, and each service's environment passes the real config parsers.
// Its health-check commands run for real in compose.e2e.test.ts.

describe('docker-compose.yml', () => {
  it('has every service of the topology', () => {
    const expected = ['postgres', 'redis', 'nats', ...SUBGRAPH_NAMES, ...GATEWAY_SERVICES, 'lb'];
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
