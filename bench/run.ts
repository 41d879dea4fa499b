/**
 * `npm run bench`: ours against the stock Apollo gateway and Hive Gateway, side by side on
 * this machine, in one run. Starts everything it needs (subgraphs, seeded databases, each
 * gateway in turn), drives load with autocannon at fixed concurrency after a warm-up, and
 * prints one table with the ratios; writes it to bench/results/latest.json. The abuse
 * workload measures ours alone: a resident's p99 without and under a validation attack; the
 * live workload too: SSE subscribers of a petition and a city feed while residents sign.
 *
 *   npm run bench -- [--workload overhead|participation|abuse|live|all] [--connections 32]
 *                    [--warmup 5] [--seconds 15 (abuse: 30, live: 20)] [--scales 0.1,1] [--gateways ours,apollo-gateway,hive-gateway]
 *                    [--subscribers 1000] [--feed-subscribers 200] [--sign-rate 50] [--publish-rate 2] [--load-processes 2]
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { fromRoot } from '../scripts/paths.js';
import { GATEWAYS, type GatewayName } from './gateways.js';
import { measureGateways } from './measure.js';
import { runAbuse } from './abuse/workload.js';
import { LIVE_DEFAULTS } from './live/summary.js';
import { runLive } from './live/workload.js';
import { overheadManifest, overheadScenario, startOverheadSubgraphs } from './overhead/workload.js';
import { runParticipation } from './participation/workload.js';
import { machine, ratiosOf, renderTable, type BenchResult, type WorkloadResult } from './report.js';
import { judgeTargets, scalingOf } from './targets.js';

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'all' },
    connections: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '5' },
    seconds: { type: 'string' },
    scales: { type: 'string', default: '0.1,1' },
    gateways: { type: 'string', default: 'ours,apollo-gateway,hive-gateway' },
    subscribers: { type: 'string', default: String(LIVE_DEFAULTS.petitionSubscribers) },
    'feed-subscribers': { type: 'string', default: String(LIVE_DEFAULTS.feedSubscribers) },
    'sign-rate': { type: 'string', default: String(LIVE_DEFAULTS.signaturesPerSecond) },
    'publish-rate': { type: 'string', default: String(LIVE_DEFAULTS.publishesPerSecond) },
    'load-processes': { type: 'string', default: String(LIVE_DEFAULTS.loadProcesses) },
  },
});
const options = z
  .object({
    workload: z.enum(['overhead', 'participation', 'abuse', 'live', 'all']),
    connections: z.coerce.number().int().min(1).max(1000),
    warmup: z.coerce.number().min(0).max(600),
    seconds: z.coerce.number().min(1).max(3600).optional(),
    scales: z.string().transform((s) => s.split(',').map(Number)).pipe(z.array(z.number().positive().max(10)).min(1)),
    gateways: z.string().transform((s) => s.split(',')).pipe(z.array(z.enum(['ours', 'apollo-gateway', 'hive-gateway'])).min(1)),
    subscribers: z.coerce.number().int().min(1).max(100_000),
    'feed-subscribers': z.coerce.number().int().min(0).max(100_000),
    'sign-rate': z.coerce.number().positive().max(10_000),
    'publish-rate': z.coerce.number().positive().max(1000),
    'load-processes': z.coerce.number().int().min(1).max(64),
  })
  .parse(values);

const root = fromRoot();
const seconds = options.seconds ?? ({ abuse: 30, live: 20 } as Record<string, number>)[options.workload] ?? 15;
const load = { connections: options.connections, warmupSeconds: options.warmup, seconds, gateways: options.gateways as GatewayName[] };
const runs = (workload: 'overhead' | 'participation' | 'abuse' | 'live') => options.workload === 'all' || options.workload === workload;
const log = (line: string) => console.log(line);
const workloads: WorkloadResult[] = [];
const dataDir = fromRoot('bench', '.data');
mkdirSync(dataDir, { recursive: true });

if (runs('overhead')) {
  log('Workload 1, gateway overhead: in-memory users/products/reviews/inventory subgraphs');
  const { service, supergraph } = await startOverheadSubgraphs(root);
  try {
    const supergraphPath = fromRoot('bench', '.data', 'overhead-supergraph.graphql');
    writeFileSync(supergraphPath, supergraph);
    const manifestPath = fromRoot('bench', '.data', 'overhead-operations.json');
    writeFileSync(manifestPath, JSON.stringify(overheadManifest()));
    const figures = await measureGateways([overheadScenario], { root, supergraphPath, manifestPath, safelist: false }, load, log);
    for (const [name, gateways] of figures) workloads.push({ name, gateways });
  } finally {
    await service.stop();
  }
}

if (runs('participation')) {
  workloads.push(...(await runParticipation(root, options.scales, load, log)));
}

// The attack lasts 30 s; --seconds shortens it.
const abuse = runs('abuse') ? await runAbuse(root, { warmupSeconds: options.warmup, seconds: options.seconds ?? 30 }, log) : undefined;
if (abuse) workloads.push(...abuse.workloads);

// The run signs for 20 s; --seconds changes it.
const live = runs('live')
  ? await runLive(
      root,
      {
        petitionSubscribers: options.subscribers,
        feedSubscribers: options['feed-subscribers'],
        signaturesPerSecond: options['sign-rate'],
        publishesPerSecond: options['publish-rate'],
        seconds: options.seconds ?? 20,
        warmupSeconds: options.warmup,
        loadProcesses: options['load-processes'],
      },
      log,
    )
  : undefined;
if (live) workloads.push(...live.workloads);

const result: BenchResult = {
  machine: machine(),
  settings: { connections: options.connections, warmupSeconds: options.warmup, seconds },
  workloads,
  ratios: ratiosOf(workloads),
  scaling: scalingOf(workloads, options.scales),
  targets: [],
  setups: Object.fromEntries(GATEWAYS.map((g) => [g.name, g.setup])),
  ...(abuse ? { attack: abuse.attack } : {}),
  ...(live ? { live: live.live } : {}),
};
result.targets = judgeTargets(result, options.scales);
mkdirSync(fromRoot('bench', 'results'), { recursive: true });
writeFileSync(fromRoot('bench', 'results', 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
log(`\n${renderTable(result)}\n`);
for (const [name, setup] of Object.entries(result.setups)) log(`${name}: ${setup}`);
log('\nWritten to bench/results/latest.json');
