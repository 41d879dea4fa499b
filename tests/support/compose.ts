import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { GATEWAY_ENV_KEYS } from '../../gateway/src/config.js';
import { subgraphEnvKeys } from '../../subgraphs/shared/config.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/subgraphs.js';
import { fromRoot } from '../../scripts/paths.js';

// docker-compose.yml as compose reads it, and each service's environment as its container
// gets it: shared by the checks of the file (compose.test.ts) and of its health-check
// commands, run for real (compose.e2e.test.ts).

export interface Service {
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
export interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, unknown>;
}

/** Only what the top of docker-compose.yml tells the operator to set; everything else must have a default. */
export const OPERATOR_ENV: Record<string, string> = {
  GATEWAY_SECRET: 's'.repeat(40),
  JWT_JWKS_URL: 'https://id.city.example/.well-known/jwks.json',
  JWT_ISSUER: 'https://id.city.example/',
};

export const GATEWAY_SERVICES = ['gateway-1', 'gateway-2'];
export const APP_SERVICES = [...SUBGRAPH_NAMES, ...GATEWAY_SERVICES];

export const isGateway = (name: string): boolean => /^gateway(-\d+)?$/.test(name);
export const isSubgraph = (name: string): name is SubgraphName => (SUBGRAPH_NAMES as readonly string[]).includes(name);

export function loadCompose(text: string): Compose {
  return parse(text, { merge: true }) as Compose;
}

/** A service's environment as compose sets it: map or `KEY=value` list; a bare key passes the host's value (null). */
export function environmentOf(service: Service): Record<string, string | null> {
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
export function allowedKeys(name: string): readonly string[] | undefined {
  if (isSubgraph(name)) return name === 'petitions' ? [...subgraphEnvKeys(name), 'PETITION_RULES'] : subgraphEnvKeys(name);
  if (isGateway(name)) return GATEWAY_ENV_KEYS;
  return undefined;
}

/** One message per variable set on an app service that its code does not read (a typo, or a stale name). */
export function unknownVariables(compose: Compose): string[] {
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
export function interpolate(value: string, env: Record<string, string | undefined>): string {
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
export function containerEnv(service: Service, operatorEnv: Record<string, string>): Record<string, string> {
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
export function listenPort(name: string, env: Record<string, string>): string | undefined {
  return isSubgraph(name) ? env[`${name.toUpperCase()}_PORT`] : env.PORT;
}

export function dependsOn(service: Service): Record<string, string | undefined> {
  if (Array.isArray(service.depends_on)) return Object.fromEntries(service.depends_on.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([name, spec]) => [name, spec?.condition]));
}

export function healthTest(service: Service): string[] {
  const test = service.healthcheck?.test;
  return typeof test === 'string' ? ['CMD-SHELL', test] : (test ?? []);
}

export const composeText = readFileSync(fromRoot('docker-compose.yml'), 'utf8');
export const compose = loadCompose(composeText);
export const services = compose.services ?? {};
export const env = (name: string): Record<string, string> => containerEnv(services[name]!, OPERATOR_ENV);
