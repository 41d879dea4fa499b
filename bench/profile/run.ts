/**
 * `npm run bench:profile`: where each subgraph's time goes per request of the participation
 * view's operations, so that a change to the read paths can be measured the same way before
 * and after. Over the participation workload's databases and subgraphs (bench/participation),
 * with our gateway in front, each operation in turn is driven with autocannon, in two windows
 * after a warm-up: in the first every subgraph counts its requests, CPU and SQL time
 * (probe.ts); in the second those the operation reached also run V8's CPU profiler, whose
 * samples divide the first window's CPU into categories (categories.ts). Prints a Markdown
 * table per operation; writes bench/results/profile-latest.json and each profile
 * (open in Chrome DevTools) as bench/.data/profile/<operation>.<subgraph>.cpuprofile, and
 * the requests each subgraph received as <operation>.<subgraph>.requests.json, which
 * `npm run bench:replay` (replay.ts) serves again to compare builds.
 *
 *   npm run bench:profile -- [--scale 1] [--seconds 10] [--warmup 3] [--connections 32]
 *                            [--operations DistrictParticipation,PetitionPage,...] [--sampling-us 1000] [--idle-seconds 3]
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SUBGRAPH_NAMES } from '../../lib/subgraphs.js';
import { loadManifest } from '../../gateway/src/persisted/manifest.js';
import { fromRoot } from '../../scripts/paths.js';
import { GATEWAYS } from '../gateways.js';
import { driveLoad } from '../load.js';
import { freePort } from '../measure.js';
import { sampleTree, type Service } from '../processes.js';
import { seedScale, variablePools } from '../participation/data.js';
import { GATEWAY_SECRET, PARTICIPATION_OPERATIONS, startSubgraphs, supergraphFor, variablesFor } from '../participation/workload.js';
import { breakdownOf, type CpuProfile } from './categories.js';
import type { ProbeWindow } from './probe.js';
import { renderProfile, subgraphProfile, type OperationProfile, type ProfileResult } from './summary.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    operations: { type: 'string', default: PARTICIPATION_OPERATIONS.join(',') },
    'sampling-us': { type: 'string', default: '1000' },
    'idle-seconds': { type: 'string', default: '3' },
  },
});
const options = z
  .object({
    scale: z.coerce.number().positive().max(10),
    seconds: z.coerce.number().min(1).max(600),
    warmup: z.coerce.number().min(0).max(600),
    connections: z.coerce.number().int().min(1).max(1000),
    operations: z.string().transform((s) => s.split(',')).pipe(z.array(z.enum(PARTICIPATION_OPERATIONS)).min(1)),
    'sampling-us': z.coerce.number().int().min(50).max(100_000),
    'idle-seconds': z.coerce.number().min(1).max(60),
  })
  .parse(values);

const root = fromRoot();
const log = (line: string) => console.error(line);
const probeDir = fromRoot('bench', '.data', 'profile');
mkdirSync(probeDir, { recursive: true });
const loadAverageBefore = loadavg();

const dataDir = fromRoot('bench', '.data', `scale-${options.scale}`);
seedScale(root, dataDir, options.scale, log);
const pools = variablePools(dataDir);

/**
 * The subgraphs as the participation workload starts them, with the probe loaded into each:
 * through NODE_OPTIONS, which their processes inherit, set only while they start (not the
 * gateway, not the seeding).
 */
async function startProfiledSubgraphs(): Promise<Awaited<ReturnType<typeof startSubgraphs>>> {
  const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, PROFILE_PROBE_DIR: process.env.PROFILE_PROBE_DIR, PROFILE_SAMPLING_US: process.env.PROFILE_SAMPLING_US };
  const probe = pathToFileURL(fromRoot('dist', 'bench', 'profile', 'probe.js')).href;
  Object.assign(process.env, { NODE_OPTIONS: `${saved.NODE_OPTIONS ?? ''} --import ${probe}`.trim(), PROFILE_PROBE_DIR: probeDir, PROFILE_SAMPLING_US: String(options['sampling-us']) });
  try {
    return await startSubgraphs(root, dataDir);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** Waits for a file each subgraph's probe writes, failing with its output if one does not. */
async function waitForProbes(services: Service[], suffix: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const service of services) {
    while (!existsSync(join(probeDir, `${service.name}${suffix}`))) {
      if (Date.now() > deadline || service.child.exitCode !== null) throw new Error(`${service.name}'s probe wrote no ${suffix}:\n${service.output.slice(-20).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The gateway's answer to a body, asked again for a while when it has errors: its workers and their subgraph connections come up one by one. */
async function answerWithoutErrors(url: string, body: string): Promise<{ data?: unknown; errors?: unknown[] }> {
  for (let attempt = 1; ; attempt++) {
    const answer = (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as { data?: unknown; errors?: unknown[] };
    if ((!answer.errors?.length && answer.data) || attempt === 10) return answer;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const signalAll = (services: Service[]) => services.forEach((service) => service.child.kill('SIGUSR2'));

/** What a subgraph's probe measured over one window, with its profile when it ran the profiler (kept as `<label>.<subgraph>.cpuprofile`). */
interface MeasuredWindow {
  window: ProbeWindow;
  profile?: CpuProfile;
}

/**
 * Opens a window in the given subgraphs (`count`: requests, SQL and CPU only; `profile`: the
 * CPU profiler too), runs `during`, closes it and reads what each probe wrote; the
 * gateway's CPU over the same time too.
 */
async function measureWindow<T>(services: Service[], gateway: Service, mode: 'count' | 'profile', label: string, during: () => Promise<T>): Promise<{ result: T; windows: MeasuredWindow[]; gatewayCpuMs: number }> {
  writeFileSync(join(probeDir, 'window-mode'), mode);
  for (const service of services) for (const suffix of ['.started', '.cpuprofile', '.requests.json', '.window.json']) rmSync(join(probeDir, `${service.name}${suffix}`), { force: true });
  signalAll(services);
  await waitForProbes(services, '.started');
  const gatewayUsage = sampleTree(gateway.child.pid!);
  const started = performance.now();
  const result = await during();
  const gatewayCpuMs = (gatewayUsage.stop().cpuPercent / 100) * (performance.now() - started);
  signalAll(services);
  await waitForProbes(services, '.window.json');
  const windows = services.map((service): MeasuredWindow => {
    const window = JSON.parse(readFileSync(join(probeDir, `${service.name}.window.json`), 'utf8')) as ProbeWindow;
    // The requests the operation sent this subgraph, for `npm run bench:replay`.
    const requests = join(probeDir, `${service.name}.requests.json`);
    if (existsSync(requests)) renameSync(requests, join(probeDir, `${label}.${service.name}.requests.json`));
    if (!window.profiled) return { window };
    const profilePath = join(probeDir, `${label}.${service.name}.cpuprofile`);
    renameSync(join(probeDir, `${service.name}.cpuprofile`), profilePath);
    return { window, profile: JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile };
  });
  return { result, windows, gatewayCpuMs };
}

const sleep = (seconds: number) => () => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));

const { services, urls } = await startProfiledSubgraphs();
const operations: OperationProfile[] = [];
let background: ProfileResult['background'] = { seconds: 0, gatewayCpuMsPerSecond: 0, subgraphs: {} };
let gateway: Service | undefined;
try {
  const supergraphPath = fromRoot('bench', '.data', `profile-supergraph-${options.scale}.graphql`);
  writeFileSync(supergraphPath, supergraphFor(root, urls));
  const manifestPath = fromRoot('schema', 'persisted-operations.json');
  const port = await freePort();
  const ours = GATEWAYS.find((g) => g.name === 'ours')!;
  const subgraphNamesByUrl = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [urls[name], name]));
  gateway = await ours.start({ root, port, supergraphPath, gatewaySecret: GATEWAY_SECRET, subgraphNamesByUrl, manifestPath, safelist: true });
  const url = `http://127.0.0.1:${port}/graphql`;
  const manifest = [...loadManifest(manifestPath).values()];

  // What the processes spend with no requests at all (pollers, timers, metrics): at a few
  // requests a second on a busy machine it is a visible part of each request's figures.
  const idleSeconds = options['idle-seconds'];
  log(`Background: ${idleSeconds} s without load`);
  const idle = await measureWindow(services, gateway, 'count', 'idle', sleep(idleSeconds));
  background = {
    seconds: idleSeconds,
    gatewayCpuMsPerSecond: idle.gatewayCpuMs / idleSeconds,
    subgraphs: Object.fromEntries(idle.windows.map(({ window }) => [window.subgraph, (window.cpuMs * 1000) / window.wallMs])),
  };

  for (const [i, operation] of options.operations.entries()) {
    const persisted = manifest.find((op) => op.name === operation);
    if (!persisted) throw new Error(`${operation} is not in schema/persisted-operations.json`);
    const body = (variables: Record<string, unknown>) => JSON.stringify({ query: persisted.body, operationName: operation, variables });
    const sample = await answerWithoutErrors(url, body(variablesFor(operation, pools, 7)()));
    if (sample.errors?.length || !sample.data) {
      const output = [gateway, ...services].map((service) => `${service.name}:\n${service.output.slice(-10).join('\n')}`).join('\n');
      throw new Error(`${operation}'s sample answered with errors: ${JSON.stringify(sample).slice(0, 500)}\n${output}`);
    }
    // The same draws as the participation workload's (seed 1000 + its index there).
    const next = variablesFor(operation, pools, 1000 + PARTICIPATION_OPERATIONS.indexOf(operation));
    const spec = { url, connections: options.connections, nextBody: () => body(next()), inspectBodies: true };
    log(`${operation}: warm-up ${options.warmup} s, ${options.seconds} s measured, ${options.seconds} s profiled (${i + 1}/${options.operations.length})`);
    // Warm-up (JIT, caches; the previous operation's last requests drain), then the same
    // load twice: without the profiler for the times, with it for where they go. Only the
    // subgraphs the operation reaches run the profiler, so the others' take no CPU.
    if (options.warmup > 0) await driveLoad({ ...spec, seconds: options.warmup });
    const counted = await measureWindow(services, gateway, 'count', operation, () => driveLoad({ ...spec, seconds: options.seconds }));
    const reachedWindows = counted.windows.filter(({ window }) => window.requests > 0);
    const reached = services.filter((service) => reachedWindows.some(({ window }) => window.subgraph === service.name));
    const profiled = await measureWindow(reached, gateway, 'profile', operation, () => driveLoad({ ...spec, seconds: options.seconds }));

    const load = counted.result;
    const subgraphs = reachedWindows.flatMap(({ window }) => {
      const profile = profiled.windows.find((w) => w.window.subgraph === window.subgraph);
      if (!profile?.profile) return [];
      const figures = subgraphProfile(
        { window, clientRequests: load.requests },
        { window: profile.window, clientRequests: profiled.result.requests, breakdown: breakdownOf(profile.profile) },
        background.subgraphs[window.subgraph] ?? 0,
      );
      return figures ? [figures] : [];
    });
    const perRequest = (cpuMs: number) => (load.requests ? cpuMs / load.requests : NaN);
    operations.push({
      operation,
      rps: load.rps,
      p50Ms: load.p50Ms,
      p99Ms: load.p99Ms,
      requests: load.requests,
      failures: load.failures,
      profiledRps: profiled.result.rps,
      gatewayCpuMs: perRequest(counted.gatewayCpuMs),
      subgraphs,
    });
    log(`  ${load.rps.toFixed(0)} req/s, p99 ${load.p99Ms.toFixed(1)} ms, ${load.failures} failed; subgraphs: ${subgraphs.map((s) => `${s.subgraph} ${s.cpuMs.toFixed(2)} ms CPU`).join(', ')}`);
  }
} finally {
  await gateway?.stop();
  await Promise.all(services.map((service) => service.stop()));
}

const result: ProfileResult = {
  scale: options.scale,
  settings: { connections: options.connections, warmupSeconds: options.warmup, seconds: options.seconds, samplingIntervalUs: options['sampling-us'] },
  machine: { cores: availableParallelism(), node: process.version, date: new Date().toISOString(), loadAverageBefore, loadAverageAfter: loadavg() },
  background,
  operations,
};
mkdirSync(fromRoot('bench', 'results'), { recursive: true });
writeFileSync(fromRoot('bench', 'results', 'profile-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(renderProfile(result));
log('\nWritten to bench/results/profile-latest.json; profiles in bench/.data/profile/<operation>.<subgraph>.cpuprofile');
