import { describe, expect, it } from 'vitest';
import { breakdownOf, categoryOfFrame, type CpuProfile } from '../bench/profile/categories.js';
import { slowestShapes, statementShape } from '../bench/profile/statements.js';
import { renderProfile, subgraphProfile, type ProfileResult } from '../bench/profile/summary.js';

const root = 'file:///work/main';
const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0, columnNumber: 0 });

/** The subgraph profile's arithmetic on made-up profiles: a wrong category here would send the next change after the wrong cost. */
describe('the subgraph profile', () => {
  it('puts each script in its category, the narrow paths before the packages that hold them', () => {
    const cases: [string, string][] = [
      [`${root}/node_modules/graphql/language/parser.js`, 'parse/validate'],
      [`${root}/node_modules/graphql/validation/validate.js`, 'parse/validate'],
      [`${root}/node_modules/graphql/execution/execute.js`, 'graphql execute'],
      [`${root}/node_modules/@apollo/server/dist/esm/plugin/cacheControl/index.js`, 'cache control'],
      [`${root}/dist/subgraphs/shared/cache-hints.js`, 'cache control'],
      [`${root}/node_modules/@apollo/server/dist/esm/requestPipeline.js`, 'apollo server'],
      [`${root}/node_modules/@mikro-orm/core/entity/EntityFactory.js`, 'orm entities'],
      [`${root}/node_modules/@mikro-orm/core/unit-of-work/UnitOfWork.js`, 'orm unit of work'],
      [`${root}/node_modules/@mikro-orm/core/EntityManager.js`, 'orm other'],
      [`${root}/node_modules/@mikro-orm/knex/query/QueryBuilder.js`, 'sql building'],
      [`${root}/node_modules/knex/lib/query/querycompiler.js`, 'sql building'],
      [`${root}/node_modules/knex/lib/dialects/better-sqlite3/index.js`, 'sql driver'],
      [`${root}/node_modules/pg-protocol/dist/parser.js`, 'sql driver'],
      [`${root}/dist/bench/profile/probe.js`, 'sql driver'],
      [`${root}/node_modules/type-graphql/build/cjs/resolvers/helpers.js`, 'type-graphql'],
      [`${root}/node_modules/class-validator/cjs/validation/ValidationExecutor.js`, 'class-validator'],
      [`${root}/node_modules/fastify/lib/reply.js`, 'http (fastify, node)'],
      ['node:_http_server', 'http (fastify, node)'],
      ['node:internal/process/task_queues', 'node runtime'],
      [`${root}/dist/subgraphs/petitions/petition/petition.resolver.js`, 'our resolvers'],
      [`${root}/node_modules/some-other-package/index.js`, 'other'],
    ];
    expect(cases.map(([url]) => [url, categoryOfFrame(frame('f', url))])).toEqual(cases);
    expect(categoryOfFrame(frame('(garbage collector)', ''))).toBe('gc');
    expect(categoryOfFrame(frame('(idle)', ''))).toBe('idle');
    // A native function (no script) is decided by its caller.
    expect(categoryOfFrame(frame('all', ''))).toBeUndefined();
  });

  // root → execute (graphql) → resolver (ours) → find (orm) → all (native, under the probe's wrapper); gc and idle beside.
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 6, 7] },
      { id: 2, callFrame: frame('execute', `${root}/node_modules/graphql/execution/execute.js`), children: [3] },
      { id: 3, callFrame: frame('petition', `${root}/dist/subgraphs/petitions/petition/petition.resolver.js`), children: [4] },
      { id: 4, callFrame: frame('timedStatement', `${root}/dist/bench/profile/probe.js`), children: [5] },
      { id: 5, callFrame: frame('all', '') },
      { id: 6, callFrame: frame('(garbage collector)', '') },
      { id: 7, callFrame: frame('(idle)', '') },
    ],
    startTime: 0,
    // execute 1, resolver 2, the driver's `all` 3, gc 4, idle 5 samples.
    samples: [2, 3, 3, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 7],
    // A sampler late by 50 ms before the first gc sample (the thread was descheduled): counted as one sample all the same.
    timeDeltas: [0, 500, 500, 500, 500, 500, 50_000, 500, 500, 500, 500, 500, 500, 500, 500],
    endTime: 57_500,
  };

  it('counts samples by category, a native frame taking its caller’s, idle kept apart, however late the sampler was', () => {
    const breakdown = breakdownOf(profile);
    expect(breakdown.samples['graphql execute']).toBe(1);
    expect(breakdown.samples['our resolvers']).toBe(2);
    // `all` under the probe's wrapper: the driver's time, not the resolver's.
    expect(breakdown.samples['sql driver']).toBe(3);
    expect(breakdown.samples.gc).toBe(4);
    expect(breakdown.idleSamples).toBe(5);
    expect(breakdown.busySamples).toBe(10);
    expect(breakdown.topFrames.slice(0, 2)).toEqual([
      { frame: '(garbage collector)', category: 'gc', samples: 4 },
      { frame: 'all', category: 'sql driver', samples: 3 },
    ]);
  });

  it('shares the unprofiled thread CPU out by the profile’s samples, per client request, and leaves out a subgraph the operation never reached', () => {
    const slowest = { sql: 'select * from `petition` where `id` in (?…)', calls: 300, ms: 40 };
    const window = { subgraph: 'petitions', requests: 200, serverMs: 1000, sqlCalls: 600, sqlMs: 50, slowestStatements: [slowest], cpuMs: 400, threadCpuMs: 200, wallMs: 10_000, profiled: false };
    // The profiled window: fewer requests (the profiler's cost), a thread busier per request.
    const profiledWindow = { ...window, requests: 150, threadCpuMs: 240, profiled: true };
    // At idle the process spends 10 ms a second: 100 ms over the 10 s window, 1 ms for each of the 100 requests.
    const figures = subgraphProfile({ window, clientRequests: 100 }, { window: profiledWindow, clientRequests: 80, breakdown: breakdownOf(profile) }, 10)!;
    expect(figures).toMatchObject({ requestsPerRequest: 2, serverMsPerSubgraphRequest: 5, cpuMs: 4, threadCpuMs: 2, profiledThreadCpuMs: 3, backgroundCpuMs: 1, busySamples: 10, sqlCalls: 6, sqlMs: 0.5 });
    expect(figures.slowestStatements).toEqual([{ ...slowest, calls: 3, ms: 0.4 }]);
    // 3 of the 10 busy samples in the driver: 30 % of the unprofiled 2 ms.
    expect(figures.categories['sql driver']).toBeCloseTo(0.6, 10);
    expect(figures.categories.gc).toBeCloseTo(0.8, 10);
    expect(Object.values(figures.categories).reduce((a, b) => a + b, 0)).toBeCloseTo(figures.threadCpuMs, 10);
    expect(subgraphProfile({ window: { ...window, requests: 0 }, clientRequests: 100 }, { window: profiledWindow, clientRequests: 80, breakdown: breakdownOf(profile) })).toBeUndefined();

    const result: ProfileResult = {
      scale: 1,
      settings: { connections: 32, warmupSeconds: 3, seconds: 10, samplingIntervalUs: 1000 },
      machine: { cores: 2, node: 'v20', date: '', loadAverageBefore: [1, 1, 1], loadAverageAfter: [2, 2, 2] },
      background: { seconds: 3, gatewayCpuMsPerSecond: 20, subgraphs: { petitions: 10 } },
      operations: [{ operation: 'PetitionPage', rps: 100, p50Ms: 10, p99Ms: 50, requests: 1000, failures: 0, profiledRps: 80, gatewayCpuMs: 1, subgraphs: [figures] }],
    };
    const table = renderProfile(result);
    // sql driver: 0.6 of the thread's 2 ms; categories with nothing in any subgraph are left out.
    expect(table).toContain('| sql driver | 0.60 (30 %) |');
    expect(table).toContain('| **process CPU** | **4.00** |');
    expect(table).toContain('| of which background (as at idle) | 1.00 |');
    expect(table).toContain('| JavaScript thread CPU (profiled; samples) | 2.00 (3.00; 10) |');
    expect(table).not.toContain('| class-validator |');
    expect(renderProfile({ ...result, operations: [{ ...result.operations[0]!, requests: 0, subgraphs: [] }] })).toContain('No request was answered in the measured window');
    expect(table).toContain('Longest SQL in all, petitions: 0.40 ms in 3.00 calls per request: `select * from `petition` where `id` in (?…)`');
  });

  it('merges statements that differ only in their values', () => {
    expect(statementShape("select * from `p0` where `p0`.`district` in ('kyiv-a', 'it''s') and `closes_at` > 1796163591095 and `lat` between 50.47 and -30.4 limit 200"))
      .toBe('select * from `p0` where `p0`.`district` in (?…) and `closes_at` > ? and `lat` between ? and ? limit ?');
    const statements = new Map([
      ["select * from `petition` where `id` in ('a')", { calls: 2, ms: 1 }],
      ["select * from `petition` where `id` in ('b', 'c')", { calls: 1, ms: 3 }],
      ['select count(*) from `signature`', { calls: 1, ms: 2 }],
    ]);
    expect(slowestShapes(statements, 5)).toEqual([
      { sql: 'select * from `petition` where `id` in (?…)', calls: 3, ms: 4 },
      { sql: 'select count(*) from `signature`', calls: 1, ms: 2 },
    ]);
  });
});
