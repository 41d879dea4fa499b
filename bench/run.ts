/**
 * `npm run bench`: ours against the stock Apollo gateway and Hive Gateway (with its
 * JavaScript planner, and with its Rust one: hive-gateway-rust), side by side on this
 * machine, in one run. Starts everything it needs (subgraphs, seeded databases, each
 * gateway in turn), drives load with autocannon at fixed concurrency after a warm-up, and
 * prints one table with the ratios; writes it to bench/results/latest.json. Every row
 * gives the gateway's CPU ms per request beside its req/s (1000 / it = req/s per core).
 *
 * - overhead: two rows per gateway, `overhead` with in-flight deduplication as each gateway
 *   ships it and `overhead-distinct` with it off for every gateway (each gateway started once
 *   for each).
 * - participation: the participation view's client operations at each scale, on SQLite and
 *   on PostgreSQL (databases `bench_s<scale>_<subgraph>`, made by the same generator), each
 *   PostgreSQL row `… (postgres)` right below its SQLite one.
 * - heaviest: the heaviest operation our limits allow (ten `petitions(first: 100)` with
 *   nested entities, bench/participation/heaviest.ts) over the participation subgraphs at
 *   the top scale, deduplication off for every gateway, 4 connections (at 32 each request
 *   would queue for many seconds); row `heaviest ×<scale>`. With `all` it runs last in the
 *   participation run at that scale.
 * - abuse measures ours alone: a resident's p99 without and under a validation attack; live
 *   too: SSE subscribers of a petition and a city feed while residents sign.
 *
 * --executor sets our gateway's GATEWAY_EXECUTOR in every workload (own: its own query-plan
 * executor; stock: @apollo/gateway's).
 *
 *   npm run bench -- [--workload overhead|participation|heaviest|abuse|live|all] [--connections 32]
 *                    [--warmup 5] [--seconds 15 (abuse: 30, live: 20)] [--scales 0.1,1]
 *                    [--gateways ours,apollo-gateway,hive-gateway,hive-gateway-rust] [--executor own|stock]
 *                    [--database sqlite|postgres|both (default: both when PostgreSQL answers)] [--postgres-url URL (DATABASE_URL, else local)]
 *                    [--subscribers 1000] [--feed-subscribers 200] [--sign-rate 50] [--publish-rate 2] [--load-processes 2]
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { fromRoot } from '../scripts/paths.js';
import { GATEWAY_NAMES, GATEWAYS, OUR_EXECUTORS } from './gateways.js';
import { measureGateways } from './measure.js';
import { runAbuse } from './abuse/workload.js';
import { LIVE_DEFAULTS } from './live/summary.js';
import { runLive } from './live/workload.js';
import { overheadDistinctScenario, overheadManifest, overheadScenario, startOverheadSubgraphs } from './overhead/workload.js';
import { chooseDatabases, DEFAULT_POSTGRES_URL } from './participation/databases.js';
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
    gateways: { type: 'string', default: GATEWAY_NAMES.join(',') },
    // The participation workload's databases: without it, both when PostgreSQL answers at --postgres-url.
    database: { type: 'string' },
    'postgres-url': { type: 'string', default: process.env.DATABASE_URL ?? DEFAULT_POSTGRES_URL },
    executor: { type: 'string', default: 'own' },
    subscribers: { type: 'string', default: String(LIVE_DEFAULTS.petitionSubscribers) },
    'feed-subscribers': { type: 'string', default: String(LIVE_DEFAULTS.feedSubscribers) },
    'sign-rate': { type: 'string', default: String(LIVE_DEFAULTS.signaturesPerSecond) },
    'publish-rate': { type: 'string', default: String(LIVE_DEFAULTS.publishesPerSecond) },
    'load-processes': { type: 'string', default: String(LIVE_DEFAULTS.loadProcesses) },
  },
});
const options = z
  .object({
    workload: z.enum(['overhead', 'participation', 'heaviest', 'abuse', 'live', 'all']),
    connections: z.coerce.number().int().min(1).max(1000),
    warmup: z.coerce.number().min(0).max(600),
    seconds: z.coerce.number().min(1).max(3600).optional(),
    scales: z.string().transform((s) => s.split(',').map(Number)).pipe(z.array(z.number().positive().max(10)).min(1)),
    gateways: z.string().transform((s) => s.split(',')).pipe(z.array(z.enum(GATEWAY_NAMES)).min(1)),
    database: z.enum(['sqlite', 'postgres', 'both']).optional(),
    'postgres-url': z.url({ protocol: /^postgres(ql)?$/ }),
    executor: z.enum(OUR_EXECUTORS),
    subscribers: z.coerce.number().int().min(1).max(100_000),
    'feed-subscribers': z.coerce.number().int().min(0).max(100_000),
    'sign-rate': z.coerce.number().positive().max(10_000),
    'publish-rate': z.coerce.number().positive().max(1000),
    'load-processes': z.coerce.number().int().min(1).max(64),
  })
  .parse(values);

const root = fromRoot();
const seconds = options.seconds ?? ({ abuse: 30, live: 20 } as Record<string, number>)[options.workload] ?? 15;
const load = { connections: options.connections, warmupSeconds: options.warmup, seconds, gateways: options.gateways, executor: options.executor };
const runs = (workload: 'overhead' | 'participation' | 'heaviest' | 'abuse' | 'live') => options.workload === 'all' || options.workload === workload;
const log = (line: string) => console.log(line);
const workloads: WorkloadResult[] = [];
const dataDir = fromRoot('bench', '.data');
mkdirSync(dataDir, { recursive: true });

if (runs('overhead')) {
  log('Workload 1, gateway overhead: in-memory users/products/reviews/inventory subgraphs');
  const { service, supergraph, subgraphRequests } = await startOverheadSubgraphs(root);
  try {
    const supergraphPath = fromRoot('bench', '.data', 'overhead-supergraph.graphql');
    writeFileSync(supergraphPath, supergraph);
    const manifestPath = fromRoot('bench', '.data', 'overhead-operations.json');
    writeFileSync(manifestPath, JSON.stringify(overheadManifest()));
    const figures = await measureGateways([overheadScenario, overheadDistinctScenario], { root, supergraphPath, manifestPath, safelist: false, subgraphRequests }, load, log);
    for (const [name, gateways] of figures) workloads.push({ name, gateways });
  } finally {
    await service.stop();
  }
}

// The heaviest operation at the top scale: inside the participation run when both run, over its subgraphs.
const heaviestAt = runs('heaviest') ? Math.max(...options.scales) : undefined;
if (runs('participation') || runs('heaviest')) {
  // Unless asked, the heaviest operation alone keeps to SQLite: PostgreSQL is for the participation rows.
  const databases = await chooseDatabases(options.database ?? (runs('participation') ? undefined : 'sqlite'), options['postgres-url'], log);
  workloads.push(...(await runParticipation(root, options.scales, load, log, { operations: runs('participation'), heaviestAt }, databases)));
}

// The attack lasts 30 s; --seconds shortens it.
const abuse = runs('abuse') ? await runAbuse(root, { warmupSeconds: options.warmup, seconds: options.seconds ?? 30, executor: options.executor }, log) : undefined;
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
        executor: options.executor,
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
  setups: Object.fromEntries(
    GATEWAYS.filter((g) => options.gateways.includes(g.name)).map((g) => [g.name, g.name === 'ours' ? `${g.setup}; GATEWAY_EXECUTOR=${options.executor}` : g.setup]),
  ),
  ...(abuse ? { attack: abuse.attack } : {}),
  ...(live ? { live: live.live } : {}),
};
result.targets = judgeTargets(result, options.scales);
mkdirSync(fromRoot('bench', 'results'), { recursive: true });
writeFileSync(fromRoot('bench', 'results', 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
log(`\n${renderTable(result)}\n`);
for (const [name, setup] of Object.entries(result.setups)) log(`${name}: ${setup}`);
log('\nWritten to bench/results/latest.json');
