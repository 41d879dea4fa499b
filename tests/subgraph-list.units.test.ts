/**
 * One list of subgraphs (lib/subgraphs.ts): every place that runs, composes, configures,
 * tests or deploys them agrees with it, and no file outside the subgraphs' own folders
 * spells the set out instead of deriving it. Adding a subgraph is its folder, one entry in
 * the list and its docker-compose service; this test names whatever else would need an edit.
 */
import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GATEWAY_ENV_KEYS, parseGatewayConfig } from '../gateway/src/config.js';
import { DEFAULT_SUBGRAPH_PORTS, isSubgraphName, SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import { fromRoot } from '../scripts/paths.js';
import { SUBGRAPHS } from '../subgraphs/index.js';
import { parseSubgraphConfig, subgraphEnvKeys } from '../subgraphs/shared/config.js';
import { testSubgraphConfig } from './support/databases.js';

const names = [...SUBGRAPH_NAMES];
const sorted = (list: Iterable<string>) => [...list].sort();

/**
 * Places in a text where three or more subgraph names stand together (quoted, or as object
 * keys, each within 80 characters of the last, in one statement): a list of subgraphs
 * written out by hand. A
 * line comment `subgraph-list: <why>` just above one says it is not the set (figures per
 * subgraph of one operation, say).
 */
export function handWrittenLists(text: string, known: readonly string[]): { line: number; names: string[] }[] {
  const alternatives = known.join('|');
  const token = new RegExp(`['"\`](${alternatives})['"\`]|\\b(${alternatives})\\s*:(?!:)`, 'g');
  const found: { line: number; names: string[] }[] = [];
  let cluster: { name: string; at: number }[] = [];
  const lineOf = (at: number) => text.slice(0, at).split('\n').length;
  const flush = () => {
    const distinct = [...new Set(cluster.map((hit) => hit.name))];
    if (distinct.length >= 3) {
      const line = lineOf(cluster[0]!.at);
      const above = text.split('\n').slice(Math.max(0, line - 3), line).join('\n');
      if (!/subgraph-list:/.test(above)) found.push({ line, names: distinct });
    }
    cluster = [];
  };
  for (const match of text.matchAll(token)) {
    const hit = { name: (match[1] ?? match[2])!, at: match.index };
    const gap = cluster.length ? text.slice(cluster.at(-1)!.at, hit.at) : '';
    if (cluster.length && (hit.at - cluster.at(-1)!.at > 80 || /;|\n\s*\n/.test(gap))) flush();
    cluster.push(hit);
  }
  flush();
  return found;
}

/** Source files of the project, outside the subgraphs' own folders (which name their peers as they need). */
function projectSources(): string[] {
  const skip = new Set(['node_modules', 'dist', '.git', 'data', 'generated', 'results', '.data']);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (skip.has(entry) || entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|mts|mjs|tsx)$/.test(entry)) files.push(relative(fromRoot(), path));
    }
  };
  for (const top of ['lib', 'gateway', 'scripts', 'tests', 'bench', 'client', 'subgraphs']) if (existsSync(fromRoot(top))) walk(fromRoot(top));
  const ownFolder = new RegExp(`^subgraphs/(${names.join('|')})/`);
  // lib/subgraphs.ts is the list itself; this file holds lists to test the check with.
  const exempt = [join('lib', 'subgraphs.ts'), join('tests', 'subgraph-list.units.test.ts')];
  return files.filter((file) => !ownFolder.test(file) && !exempt.includes(file));
}

describe('the one list of subgraphs', () => {
  it('names each subgraph once, each on its own port, none on the gateway\u02bcs', () => {
    expect(new Set(names).size).toBe(names.length);
    const ports = names.map((name) => DEFAULT_SUBGRAPH_PORTS[name]);
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports).not.toContain(4000);
    expect(sorted(Object.keys(DEFAULT_SUBGRAPH_PORTS))).toEqual(sorted(names));
    expect(names.every(isSubgraphName)).toBe(true);
    expect(isSubgraphName('gateway')).toBe(false);
  });

  it('is the subgraph folders: each has its definition (loaded by name), its process entry and migrations for both dialects', () => {
    const folders = readdirSync(fromRoot('subgraphs')).filter((entry) => entry !== 'shared' && statSync(fromRoot('subgraphs', entry)).isDirectory());
    expect(sorted(folders)).toEqual(sorted(names));
    expect(Object.keys(SUBGRAPHS)).toEqual(names);
    for (const name of names) {
      expect(SUBGRAPHS[name].name, `${name}: definition name`).toBe(name);
      expect(readFileSync(fromRoot('subgraphs', name, 'main.ts'), 'utf8'), `${name}: main.ts runs it with its own configuration`).toContain(`parseSubgraphConfig('${name}')`);
      for (const dialect of ['sqlite', 'postgresql']) expect(existsSync(fromRoot('subgraphs', name, 'migrations', dialect, 'index.ts')), `${name}: ${dialect} migrations`).toBe(true);
    }
  });

  it('is what the configuration reads: ports, peers, database, and the gateway\u02bcs routing and timeouts', () => {
    for (const name of names) {
      const config = parseSubgraphConfig(name, { DATA_DIR: '/nonexistent' });
      expect(config.port).toBe(DEFAULT_SUBGRAPH_PORTS[name]);
      expect(sorted(Object.keys(config.peers))).toEqual(sorted(names));
      expect(subgraphEnvKeys(name)).toEqual(expect.arrayContaining([`${name.toUpperCase()}_PORT`, `${name.toUpperCase()}_DATABASE_URL`, ...names.map((peer) => `${peer.toUpperCase()}_URL`)]));
      expect(GATEWAY_ENV_KEYS).toEqual(expect.arrayContaining([`${name.toUpperCase()}_URL`, `${name.toUpperCase()}_TIMEOUT_MS`]));
    }
    const urls = Object.fromEntries(names.map((name) => [`${name.toUpperCase()}_URL`, `http://${name}.internal/graphql`]));
    const gateway = parseGatewayConfig({ ...urls, DATA_DIR: '/nonexistent', GATEWAY_SECRET: 's'.repeat(40) });
    expect(gateway.subgraphUrls).toEqual(Object.fromEntries(names.map((name) => [name, `http://${name}.internal/graphql`])));
  });

  it('is what tests give each subgraph as peers', () => {
    const config = testSubgraphConfig(names[0], { config: { kind: 'sqlite', file: ':memory:' }, drop: async () => undefined });
    expect(sorted(Object.keys(config.peers))).toEqual(sorted(names));
  });

  it('is what is composed: schema/<name>.graphql and the supergraph\u02bcs graphs', () => {
    const supergraph = readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8');
    const graphs = [...supergraph.matchAll(/@join__graph\(name: "(\w+)", url: "([^"]+)"\)/g)].map((match) => [match[1]!, match[2]!] as const);
    expect(sorted(graphs.map(([name]) => name))).toEqual(sorted(names));
    for (const [name, url] of graphs) expect(url).toBe(`http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name as (typeof names)[number]]}/graphql`);
    const schemas = readdirSync(fromRoot('schema')).filter((file) => file.endsWith('.graphql') && !['supergraph.graphql', 'api.graphql'].includes(file));
    expect(sorted(schemas)).toEqual(sorted(names.map((name) => `${name}.graphql`)));
  });

  it('is docker-compose.yml\u02bcs subgraph services, each running its own entry on its port, called by the gateways and its peers', () => {
    const compose = parse(readFileSync(fromRoot('docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, unknown> }>;
    };
    const running = Object.entries(compose.services).flatMap(([service, spec]) => {
      const entry = spec.command?.find((arg) => /^dist\/subgraphs\/[^/]+\/main\.js$/.test(arg));
      return entry ? [[service, entry.split('/')[2]!] as const] : [];
    });
    expect(sorted(running.map(([service]) => service))).toEqual(sorted(names));
    for (const [service, folder] of running) expect(folder, `${service} runs its own entry`).toBe(service);
    const problems: string[] = [];
    for (const name of names) {
      const env = compose.services[name]?.environment ?? {};
      if (env[`${name.toUpperCase()}_PORT`] !== String(DEFAULT_SUBGRAPH_PORTS[name])) problems.push(`${name}: ${name.toUpperCase()}_PORT is ${env[`${name.toUpperCase()}_PORT`]}, not ${DEFAULT_SUBGRAPH_PORTS[name]}`);
      for (const peer of names) {
        if (env[`${peer.toUpperCase()}_URL`] !== `http://${peer}:${DEFAULT_SUBGRAPH_PORTS[peer]}/graphql`) problems.push(`${name}: ${peer.toUpperCase()}_URL is ${env[`${peer.toUpperCase()}_URL`]}`);
      }
    }
    for (const [service, spec] of Object.entries(compose.services).filter(([service]) => /^gateway(-\d+)?$/.test(service))) {
      for (const name of names) {
        if (spec.environment?.[`${name.toUpperCase()}_URL`] !== `http://${name}:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`) problems.push(`${service}: no ${name.toUpperCase()}_URL`);
        if (!spec.depends_on?.[name]) problems.push(`${service}: does not wait for ${name}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('is not written out anywhere else: every other list of subgraphs derives from it', () => {
    const found = projectSources().flatMap((file) => handWrittenLists(readFileSync(fromRoot(file), 'utf8'), names).map((hit) => `${file}:${hit.line}: ${hit.names.join(', ')}`));
    expect(found).toEqual([]);
  });
});

describe('the check for lists written out by hand', () => {
  it('finds arrays and objects naming three or more subgraphs, and lets a marked one or a pair pass', () => {
    const known = ['petitions', 'consultations', 'registry', 'heritage'];
    const text = [
      "const ALL = ['petitions', 'consultations', 'registry'];",
      "const peers = { petitions: '', consultations: '',",
      "  registry: '', heritage: '' };",
      "const two = { petitions: 1, heritage: 2 };",
      '// subgraph-list: statements of one operation, not the set',
      "expect(counts).toEqual({ petitions: 4, consultations: 4, registry: 4 });",
      "const url = 'http://registry:4003'; // registry: a peer",
    ].join('\n');
    expect(handWrittenLists(text, known)).toEqual([
      { line: 1, names: ['petitions', 'consultations', 'registry'] },
      { line: 2, names: ['petitions', 'consultations', 'registry', 'heritage'] },
    ]);
  });
});
