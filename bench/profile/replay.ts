/**
 * `npm run bench:replay`: what one subgraph request of an operation costs in CPU, build
 * against build. Load runs on a shared 2-core machine move by ±30 % from run to run, which
 * hides a change worth 10 %; here the requests an operation sent a subgraph (recorded by
 * `npm run bench:profile`, bench/.data/profile/<operation>.<subgraph>.requests.json) are
 * served again, one at a time and without sockets (Fastify's `inject`), by each build in
 * turn inside one process, passes alternating, so that whatever else the machine does
 * weighs on every build alike. The builds share one copy of the generated database of the
 * scale (the benchmark's own stays as generated). Prints the CPU per request of each build and its ratio to the first, and
 * whether every build answered every request byte for byte as the first did.
 *
 *   npm run bench:replay -- --operation DistrictParticipation --subgraph petitions
 *       [--scale 1] [--passes 8] [label=<another build's dist directory> …] [this]
 *
 * A build is `label=dir`, e.g. `before=/tmp/before/dist` for a worktree of an earlier
 * commit built with `npx tsc`; `this` is this checkout's `dist` (the default).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import 'reflect-metadata';
import { fromRoot } from '../../scripts/paths.js';
import type { RecordedRequest } from './probe.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    operation: { type: 'string' },
    subgraph: { type: 'string' },
    scale: { type: 'string', default: '1' },
    passes: { type: 'string', default: '8' },
  },
});
if (!values.operation || !values.subgraph) throw new Error('--operation and --subgraph are required (see bench/profile/replay.ts)');
const operation = values.operation;
const subgraph = values.subgraph;
const passes = Number(values.passes);
const recordedPath = fromRoot('bench', '.data', 'profile', `${operation}.${subgraph}.requests.json`);
if (!existsSync(recordedPath)) throw new Error(`${recordedPath} is missing: run npm run bench:profile -- --scale ${values.scale} --operations ${operation} first`);
const requests = JSON.parse(readFileSync(recordedPath, 'utf8')) as RecordedRequest[];
const databaseDir = fromRoot('bench', '.data', `scale-${values.scale}`);

interface Build {
  label: string;
  serve(request: RecordedRequest): Promise<string>;
  close(): Promise<void>;
  answers: string[];
  cpuMs: number;
  served: number;
}

/** The secret the replayed requests are signed with (no gateway here). */
const SECRET = 'bench-replay-secret-bench-replay-secret';

// A copy: the subgraphs' background tasks (closing petitions, say) may write.
const copyDir = mkdtempSync(join(tmpdir(), 'bench-replay-'));
const file = join(copyDir, `${subgraph}.sqlite`);
copyFileSync(join(databaseDir, `${subgraph}.sqlite`), file);
if (existsSync(join(databaseDir, `${subgraph}.sqlite-wal`))) copyFileSync(join(databaseDir, `${subgraph}.sqlite-wal`), `${file}-wal`);

async function startBuild(label: string, dist: string): Promise<Build> {
  const load = (path: string) => import(pathToFileURL(join(dist, path)).href);
  const [{ SUBGRAPHS }, { createSubgraph }, tokens] = await Promise.all([load('subgraphs/index.js'), load('subgraphs/shared/subgraph.js'), load('lib/gateway-token.js')]);
  const peers = Object.fromEntries(Object.keys(SUBGRAPHS).map((name) => [name, '']));
  const config = { name: subgraph, host: '127.0.0.1', port: 0, database: { kind: 'sqlite', file }, seedDemoData: false, gatewaySecret: SECRET, peers, logLevel: 'silent' };
  const server = await createSubgraph(SUBGRAPHS[subgraph], config, {});
  const secret = tokens.gatewaySecret(SECRET);
  return {
    label,
    answers: [],
    cpuMs: 0,
    served: 0,
    async serve(request) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        [tokens.GATEWAY_TOKEN_HEADER]: tokens.signGatewayRequest(secret, subgraph, null, request.body),
      };
      if (request.acceptLanguage) headers['accept-language'] = request.acceptLanguage;
      const response = await server.app.inject({ method: 'POST', url: '/graphql', payload: request.body, headers });
      if (response.statusCode !== 200) throw new Error(`${label}: HTTP ${response.statusCode}: ${response.body.slice(0, 300)}`);
      return response.body;
    },
    async close() {
      await server.close();
    },
  };
}

const specs = positionals.length ? positionals : ['this'];
const builds: Build[] = [];
try {
  for (const spec of specs) {
    const [label, dir] = spec === 'this' ? ['this', fromRoot('dist')] : spec.split('=');
    if (!label || !dir) throw new Error(`a build is label=<dist directory> or this, not ${spec}`);
    builds.push(await startBuild(label, resolve(dir)));
  }
  // Two passes of warm-up (JIT, caches, prepared statements); the first one's answers are compared.
  for (const build of builds) {
    for (const request of requests) build.answers.push(await build.serve(request));
    for (const request of requests) await build.serve(request);
  }
  for (let pass = 0; pass < passes; pass++) {
    for (const build of pass % 2 ? [...builds].reverse() : builds) {
      const before = process.cpuUsage();
      for (const request of requests) await build.serve(request);
      const used = process.cpuUsage(before);
      build.cpuMs += (used.user + used.system) / 1000;
      build.served += requests.length;
    }
  }
  const first = builds[0]!;
  const perRequest = (build: Build) => build.cpuMs / build.served;
  console.log(`${operation} → ${subgraph} at scale ${values.scale}: ${requests.length} recorded requests, ${passes} passes per build, CPU ms per subgraph request`);
  for (const build of builds) {
    const same = build.answers.every((answer, i) => answer === first.answers[i]);
    console.log(`  ${build.label}: ${perRequest(build).toFixed(3)} ms (${(perRequest(build) / perRequest(first)).toFixed(2)}× ${first.label})${build === first ? '' : same ? ', answers identical' : ', ANSWERS DIFFER'}`);
  }
  const errors = first.answers.filter((answer) => answer.includes('"errors"')).length;
  if (errors) console.log(`  note: ${errors} of ${requests.length} answers carry errors`);
} finally {
  for (const build of builds) await build.close();
  rmSync(copyDir, { recursive: true, force: true });
}
