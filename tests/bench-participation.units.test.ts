import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { GatewayName } from '../bench/gateways.js';
import type { GatewayFigures } from '../bench/measure.js';
import { poolsFrom, type Candidates } from '../bench/participation/data.js';
import { benchDatabaseUrl, chooseDatabases, databaseUrlEnv } from '../bench/participation/databases.js';
import { sideBySide } from '../bench/participation/workload.js';
import { ratiosOf, renderTable, type BenchResult, type WorkloadResult } from '../bench/report.js';
import { judgeTargets, participationName, scalingOf } from '../bench/targets.js';

const row = (rps: number, p99Ms: number, name: GatewayName = 'ours'): GatewayFigures => ({
  name,
  workers: 2,
  rps,
  p50Ms: p99Ms / 2,
  p99Ms,
  rssMB: 150,
  cpuPercent: 150,
  cpuMsPerRequest: 2,
  requests: rps * 10,
  failures: 0,
  loadGeneratorCpuPercent: 20,
  sameAnswer: true,
});

/** One operation's rows at scales 0.1 and 1 on both databases: SQLite `[rps, p99]` per scale, PostgreSQL likewise. */
const operationRows = (operation: string, sqlite: [number, number][], postgres: [number, number][]): WorkloadResult[] =>
  [0.1, 1].flatMap((scale, i) => [
    { name: participationName(scale, operation), gateways: [row(...sqlite[i]!)] },
    { name: participationName(scale, operation, 'postgres'), gateways: [row(...postgres[i]!)] },
  ]);

const judged = (workloads: WorkloadResult[], scales = [0.1, 1]) => {
  const result: BenchResult = {
    machine: { cpu: 'x', cores: 2, memoryGB: 1, os: 'x', node: 'x', date: 'x' },
    settings: { connections: 32, warmupSeconds: 5, seconds: 15 },
    workloads,
    ratios: ratiosOf(workloads),
    scaling: scalingOf(workloads, scales),
    targets: [],
    setups: {},
  };
  result.targets = judgeTargets(result, scales);
  return result;
};
const target = (result: BenchResult, start: string) => result.targets.find((t) => t.target.startsWith(start));
const ON_POSTGRES = 'participation on PostgreSQL within 1.5× of SQLite';

describe('the participation rows on two databases', () => {
  it('name a PostgreSQL row after its SQLite one, marked (postgres)', () => {
    expect(participationName(1, 'PetitionPage')).toBe('participation ×1 PetitionPage');
    expect(participationName(1, 'PetitionPage', 'sqlite')).toBe('participation ×1 PetitionPage');
    expect(participationName(0.1, 'PetitionPage', 'postgres')).toBe('participation ×0.1 PetitionPage (postgres)');
  });

  it('print each PostgreSQL row right below its SQLite one', () => {
    const sqlite = new Map([
      [participationName(1, 'A'), [row(10, 10)]],
      [participationName(1, 'B'), [row(20, 10)]],
      ['heaviest ×1', [row(1, 900)]],
    ]);
    const postgres = new Map([
      [participationName(1, 'A', 'postgres'), [row(9, 11)]],
      [participationName(1, 'B', 'postgres'), [row(19, 12)]],
    ]);
    const rows = sideBySide([sqlite, postgres]);
    expect(rows.map((r) => r.name)).toEqual([
      'participation ×1 A',
      'participation ×1 A (postgres)',
      'participation ×1 B',
      'participation ×1 B (postgres)',
      'heaviest ×1',
    ]);
    expect(rows[3]!.gateways[0]!.rps).toBe(19);
    const table = renderTable(judged(rows, [1]));
    expect(table.indexOf('| participation ×1 A (postgres) |')).toBeGreaterThan(table.indexOf('| participation ×1 A |'));
    expect(table.indexOf('| participation ×1 A (postgres) |')).toBeLessThan(table.indexOf('| participation ×1 B |'));
  });

  it('judge scaling per database, never a PostgreSQL row against a SQLite one', () => {
    // SQLite's p99 grows 1.2× from ×0.1 to ×1; PostgreSQL's 2× (40 → 80 ms), though 80 ms is within 1.5× of SQLite's 60 ms at ×1.
    const result = judged(operationRows('PetitionPage', [[500, 50], [450, 60]], [[450, 40], [400, 80]]));
    expect(result.scaling).toEqual([
      { operation: 'PetitionPage ×1 / ×0.1', gateway: 'ours', p99Ratio: 1.2 },
      { operation: 'PetitionPage ×1 / ×0.1 (postgres)', gateway: 'ours', p99Ratio: 2 },
    ]);
    expect(target(result, 'participation: p99 at ×1 within 1.5× of ×0.1')).toMatchObject({ met: true, detail: 'worst PetitionPage 1.20×' });
    expect(target(result, 'participation on PostgreSQL: p99 at ×1 within 1.5× of ×0.1')).toMatchObject({ met: false, detail: 'worst PetitionPage 2.00×' });
  });

  it('hold PostgreSQL within 1.5× of SQLite in req/s and in p99, every operation at every scale', () => {
    const within = judged([
      ...operationRows('PetitionPage', [[300, 100], [300, 100]], [[200, 150], [250, 120]]),
      ...operationRows('HeritageNearby', [[600, 50], [600, 50]], [[700, 40], [500, 70]]),
    ]);
    expect(target(within, ON_POSTGRES)).toMatchObject({
      met: true,
      detail: "lowest req/s PetitionPage ×0.1 0.67× SQLite's; highest p99 PetitionPage ×0.1 1.50× SQLite's",
    });
    // One operation at one scale too slow in req/s (199 < 300 / 1.5), all p99s within.
    const slower = judged([...operationRows('PetitionPage', [[300, 100], [300, 100]], [[250, 100], [199, 100]])]);
    expect(target(slower, ON_POSTGRES)).toMatchObject({ met: false, detail: "lowest req/s PetitionPage ×1 0.66× SQLite's; highest p99 PetitionPage ×0.1 1.00× SQLite's" });
    // As many requests, but a p99 1.6× SQLite's.
    const later = judged([...operationRows('OrganizationProfile', [[300, 100], [300, 100]], [[300, 100], [300, 160]])]);
    expect(target(later, ON_POSTGRES)?.met).toBe(false);
    // Faster than SQLite is within, of course.
    expect(target(judged(operationRows('A', [[100, 100], [100, 100]], [[900, 10], [900, 10]])), ON_POSTGRES)?.met).toBe(true);
  });

  it('judge PostgreSQL only by ours, and not at all without both databases', () => {
    // Apollo's PostgreSQL row is three times slower; ours is level: judged on ours alone.
    const workloads = operationRows('PetitionPage', [[300, 100], [300, 100]], [[300, 100], [300, 100]]).map((w) => ({
      ...w,
      gateways: [...w.gateways, row(w.name.endsWith('(postgres)') ? 100 : 300, 100, 'apollo-gateway')],
    }));
    expect(target(judged(workloads), ON_POSTGRES)?.met).toBe(true);
    const sqliteOnly = judged(operationRows('PetitionPage', [[300, 100], [300, 100]], [[1, 1], [1, 1]]).filter((w) => !w.name.endsWith('(postgres)')));
    expect(target(sqliteOnly, ON_POSTGRES)).toBeUndefined();
    expect(target(sqliteOnly, 'participation on PostgreSQL: p99')).toBeUndefined();
  });
});

describe('the databases of the participation workload', () => {
  it('give each scale and subgraph its own PostgreSQL database on the server', () => {
    expect(benchDatabaseUrl('postgres://u:p@db:5433/postgres', 0.1, 'petitions')).toBe('postgres://u:p@db:5433/bench_s0_1_petitions');
    expect(benchDatabaseUrl('postgres://db/anything', 1, 'registry')).toBe('postgres://db/bench_s1_registry');
    const env = databaseUrlEnv('postgres://db/postgres', 1);
    expect(env.HERITAGE_DATABASE_URL).toBe('postgres://db/bench_s1_heritage');
    expect(Object.keys(env)).toHaveLength(6);
  });

  it('draw the same variables from the same rows, in whatever order a database lists them', () => {
    const candidates: Candidates = {
      petitions: Array.from({ length: 5000 }, (_, i) => ({ id: `p-${String(i).padStart(5, '0')}` })),
      organizations: Array.from({ length: 30 }, (_, i) => ({ id: `o-${i}` })),
      heritage: Array.from({ length: 3000 }, (_, i) => ({ id: `h-${i}`, lat: 50 + i / 1e4, lng: 30 + i / 1e4 })),
    };
    const pools = poolsFrom(candidates);
    const reversed = poolsFrom({ petitions: [...candidates.petitions].reverse(), organizations: [...candidates.organizations].reverse(), heritage: [...candidates.heritage].reverse() });
    expect(reversed).toEqual(pools);
    // 2000 distinct rows of the 5000, from all over them; every organisation of the 30.
    expect(new Set(pools.petitionIds).size).toBe(2000);
    expect(pools.petitionIds.filter((id) => id > 'p-02500').length).toBeGreaterThan(800);
    expect(new Set(pools.organizationIds).size).toBe(30);
    expect(pools.places).toHaveLength(2000);
    expect(pools.places[0]).toEqual({ lat: expect.any(Number), lng: expect.any(Number) });
  });

  it('fall back to SQLite, saying so, when PostgreSQL does not answer, unless PostgreSQL is asked for', async () => {
    // A port nothing listens on.
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const url = `postgres://postgres:secret@127.0.0.1:${closed}/postgres`;
    const lines: string[] = [];
    expect(await chooseDatabases(undefined, url, (line) => lines.push(line))).toEqual({ kinds: ['sqlite'], postgresUrl: url });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('SQLite alone');
    expect(lines[0]).not.toContain('secret');
    expect((await chooseDatabases('sqlite', url, () => {})).kinds).toEqual(['sqlite']);
    await expect(chooseDatabases('postgres', url, () => {})).rejects.toThrow(/no PostgreSQL answers/);
    await expect(chooseDatabases('both', url, () => {})).rejects.toThrow(/no PostgreSQL answers/);
  });
});
