import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { GatewayName } from '../bench/gateways.js';
import { gatewayFigures, rpsPerCore, type GatewayFigures } from '../bench/measure.js';
import { sampleTree } from '../bench/processes.js';
import { ratiosOf, renderTable, type BenchResult } from '../bench/report.js';
import { judgeTargets, OVERHEAD, OVERHEAD_DISTINCT, participationName } from '../bench/targets.js';

/** A row as the benchmark writes it: `cpuMs` is the gateway's CPU time per request. */
const row = (name: GatewayName, rps: number, p99Ms: number, cpuMs: number): GatewayFigures => ({
  name,
  workers: 2,
  rps,
  p50Ms: p99Ms / 2,
  p99Ms,
  rssMB: 200,
  cpuPercent: 150,
  cpuMsPerRequest: cpuMs,
  requests: rps * 10,
  failures: 0,
  loadGeneratorCpuPercent: 20,
  sameAnswer: true,
});

const resultOf = (workloads: BenchResult['workloads']): BenchResult => {
  const result: BenchResult = {
    machine: { cpu: 'x', cores: 2, memoryGB: 1, os: 'x', node: 'x', date: 'x' },
    settings: { connections: 32, warmupSeconds: 5, seconds: 15 },
    workloads,
    ratios: ratiosOf(workloads),
    scaling: [],
    targets: [],
    setups: {},
  };
  result.targets = judgeTargets(result, [1]);
  return result;
};

/** The overhead targets alone, by name. */
const overheadTargets = (result: BenchResult) => Object.fromEntries(result.targets.filter((t) => t.target.startsWith('overhead')).map((t) => [t.target, t]));

/** Ours 2 ms a request against the Rust planner's 3.1 ms and Apollo's 8.1 ms; 1.25× every peer as shipped; the lowest p99 everywhere. */
const passing = () => [
  { name: OVERHEAD, gateways: [row('ours', 1250, 40, 1), row('apollo-gateway', 1000, 900, 20), row('hive-gateway', 1000, 80, 3), row('hive-gateway-rust', 1000, 50, 1.5)] },
  { name: OVERHEAD_DISTINCT, gateways: [row('ours', 500, 60, 2), row('apollo-gateway', 60, 900, 8.1), row('hive-gateway', 150, 200, 10), row('hive-gateway-rust', 340, 70, 3.1)] },
];

describe('the benchmark figures per request', () => {
  it('divides the gateway CPU time of the window by the requests answered', () => {
    const load = { rps: 200, p50Ms: 5, p99Ms: 9, requests: 2000, failures: 0, loadGeneratorCpuPercent: 30 };
    const figures = gatewayFigures('hive-gateway-rust', 2, load, { maxRssMB: 120, cpuPercent: 180, cpuMs: 7000 }, true);
    expect(figures.cpuMsPerRequest).toBe(3.5);
    expect(rpsPerCore(figures)).toBeCloseTo(285.71, 2);
    // Nothing answered: no cost per request to speak of, and no target met on it.
    expect(gatewayFigures('ours', 2, { ...load, requests: 0 }, { maxRssMB: 1, cpuPercent: 0, cpuMs: 0 }, true).cpuMsPerRequest).toBeNaN();
  });

  it('reads the CPU time a process tree used from /proc, its children included', async () => {
    // An idle parent (as a cluster's primary is) forks, when told to, a child that burns 300 ms of CPU, says so and idles.
    const burn = `const start = process.cpuUsage(); while ((({ user, system }) => user + system)(process.cpuUsage(start)) < 300_000); console.log('burnt'); setTimeout(() => {}, 60_000);`;
    const parentScript = `console.log('ready'); process.stdin.once('data', () => require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(burn)}], { stdio: 'inherit' })); setTimeout(() => {}, 60_000);`;
    const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    const said = (word: string) => new Promise<void>((resolve) => parent.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes(word) && resolve()));
    try {
      await said('ready');
      const usage = sampleTree(parent.pid!);
      const burnt = said('burnt');
      parent.stdin!.write('go\n');
      await burnt;
      const used = usage.stop();
      // The child's 300 ms, plus its start-up; the idle parent adds next to nothing. However busy the machine: CPU time, not wall time.
      expect(used.cpuMs).toBeGreaterThanOrEqual(290);
      expect(used.cpuMs).toBeLessThan(1500);
      expect(used.cpuPercent).toBeGreaterThan(0);
    } finally {
      process.kill(-parent.pid!, 'SIGKILL');
    }
  });
});

describe('the overhead targets', () => {
  it('are met by a run that meets each of them, and printed with the CPU ms a request', () => {
    const result = resultOf(passing());
    const targets = overheadTargets(result);
    expect(Object.keys(targets)).toEqual([
      'overhead-distinct: req/s per core ≥ 1.5× hive-gateway-rust',
      'overhead-distinct: req/s per core ≥ 4× apollo-gateway',
      'overhead-distinct: p99 no worse than any peer',
      'overhead: req/s ≥ 1.2× every peer',
      'overhead: p99 no worse than any peer',
    ]);
    expect(Object.values(targets).every((t) => t.met)).toBe(true);
    expect(targets['overhead-distinct: req/s per core ≥ 1.5× hive-gateway-rust']!.detail).toBe('1.55× (ours 500, hive-gateway-rust 323 req/s per core)');
    expect(targets['overhead: req/s ≥ 1.2× every peer']!.detail).toBe('1.25× apollo-gateway, 1.25× hive-gateway, 1.25× hive-gateway-rust');
    const table = renderTable(result);
    expect(table).toContain('| workload | gateway | workers | req/s | p50 ms | p99 ms | CPU % | CPU ms/req | subgraph calls/req | RSS/worker MB | failed |');
    expect(table).toContain('| overhead-distinct | hive-gateway-rust | 2 | 340 | 35.00 | 70.00 | 150 | 3.10 | - | 200 | 0 |');
    // Per core from CPU ms per request: 3.1 / 2.
    expect(result.ratios.find((r) => r.workload === OVERHEAD_DISTINCT && r.peer === 'hive-gateway-rust')).toMatchObject({ rpsPerCore: 1.55 });
    expect(table).toContain('| overhead-distinct | hive-gateway-rust | 1.47× | 1.55× | 0.86× |');
  });

  it('judge per core, not by req/s, without deduplication', () => {
    const workloads = passing();
    // Ours at twice the req/s of the Rust planner, but at 2.5 ms a request: 1.24× per core.
    workloads[1]!.gateways[0] = row('ours', 680, 60, 2.5);
    expect(overheadTargets(resultOf(workloads))['overhead-distinct: req/s per core ≥ 1.5× hive-gateway-rust']).toMatchObject({ met: false, detail: '1.24× (ours 400, hive-gateway-rust 323 req/s per core)' });
  });

  it('fail each on its own figure', () => {
    const failing = (change: (workloads: ReturnType<typeof passing>) => void) => {
      const workloads = passing();
      change(workloads);
      return Object.entries(overheadTargets(resultOf(workloads))).filter(([, t]) => !t.met).map(([name]) => name);
    };
    // Apollo at 4.9 ms a request: ours (2 ms) is only 2.45× it per core.
    expect(failing((w) => (w[1]!.gateways[1] = row('apollo-gateway', 60, 900, 4.9)))).toEqual(['overhead-distinct: req/s per core ≥ 4× apollo-gateway']);
    // The Rust planner's p99 below ours without deduplication.
    expect(failing((w) => (w[1]!.gateways[3] = row('hive-gateway-rust', 340, 59, 3.1)))).toEqual(['overhead-distinct: p99 no worse than any peer']);
    // As shipped, the Rust planner at 1100 req/s: ours only 1.14× it.
    expect(failing((w) => (w[0]!.gateways[3] = row('hive-gateway-rust', 1100, 50, 1.5)))).toEqual(['overhead: req/s ≥ 1.2× every peer']);
    expect(failing((w) => (w[0]!.gateways[2] = row('hive-gateway', 1000, 39, 3)))).toEqual(['overhead: p99 no worse than any peer']);
    // No CPU figure for ours (nothing answered): not met, whatever else.
    expect(failing((w) => (w[1]!.gateways[0] = row('ours', 500, 60, NaN)))).toEqual([
      'overhead-distinct: req/s per core ≥ 1.5× hive-gateway-rust',
      'overhead-distinct: req/s per core ≥ 4× apollo-gateway',
    ]);
  });

  it('are judged only where the run has the rows', () => {
    const onlyShipped = resultOf([passing()[0]!]);
    expect(Object.keys(overheadTargets(onlyShipped))).toEqual(['overhead: req/s ≥ 1.2× every peer', 'overhead: p99 no worse than any peer']);
    const withoutRust = passing().map((w) => ({ ...w, gateways: w.gateways.filter((g) => g.name !== 'hive-gateway-rust') }));
    expect(Object.keys(overheadTargets(resultOf(withoutRust)))).not.toContain('overhead-distinct: req/s per core ≥ 1.5× hive-gateway-rust');
  });
});

describe('the lean-read targets (participation view, top scale, SQLite)', () => {
  const participation = (operation: string, rps: number, p99Ms: number, database: 'sqlite' | 'postgres' = 'sqlite') => ({
    name: participationName(1, operation, database),
    gateways: [row('ours', rps, p99Ms, 5)],
  });
  const leanTargets = (result: BenchResult) => Object.fromEntries(result.targets.filter((t) => t.target.startsWith('participation ×1:')).map((t) => [t.target, t]));
  const district = 'participation ×1: DistrictParticipation ≥ 400 req/s (SQLite)';
  const p99 = 'participation ×1: p99 < 250 ms, every operation (SQLite)';

  it('are met by a run at 400 req/s with every p99 under 250 ms', () => {
    const result = resultOf([
      participation('DistrictParticipation', 400, 249),
      participation('PetitionPage', 900, 100),
      participation('OrganizationProfile', 500, 200),
      participation('HeritageNearby', 500, 240),
    ]);
    expect(leanTargets(result)[district]?.met).toBe(true);
    expect(leanTargets(result)[p99]?.met).toBe(true);
  });

  it('fail on the district page’s req/s, or on any one operation’s p99, and judge SQLite’s rows only', () => {
    const result = resultOf([
      participation('DistrictParticipation', 399, 200),
      participation('PetitionPage', 900, 100),
      participation('OrganizationProfile', 500, 250),
      participation('HeritageNearby', 500, 240),
      participation('DistrictParticipation', 1000, 10, 'postgres'),
    ]);
    expect(leanTargets(result)[district]).toMatchObject({ met: false, detail: '399 req/s' });
    expect(leanTargets(result)[p99]?.met).toBe(false);
    expect(leanTargets(result)[p99]?.detail).toContain('worst OrganizationProfile');
  });

  it('are not met when an operation did not run', () => {
    const result = resultOf([participation('DistrictParticipation', 500, 100)]);
    expect(leanTargets(result)[p99]?.met).toBe(false);
    expect(leanTargets(result)[p99]?.detail).toContain('not every operation ran');
  });
});
