import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attack, attackBodies } from '../bench/abuse/attack.js';
import { runAbuse } from '../bench/abuse/workload.js';
import { GATEWAYS, type GatewayName } from '../bench/gateways.js';
import { driveLoad } from '../bench/load.js';
import { runLive } from '../bench/live/workload.js';
import { freePort } from '../bench/measure.js';
import { OVERHEAD_BODY, overheadManifest, startOverheadSubgraphs } from '../bench/overhead/workload.js';
import type { Service } from '../bench/processes.js';
import { ratiosOf, renderTable, type BenchResult } from '../bench/report.js';
import { abuseName, judgeTargets, participationName, scalingOf } from '../bench/targets.js';
import { fromRoot } from '../scripts/paths.js';
import { TEST_DATA_DIR } from './support/graph.js';

/** `npm run bench` is not run by the tests (it takes minutes); its parts are, so it cannot rot unnoticed. */
describe('the benchmark harness', () => {
  let subgraphs: Service;
  let subgraphRequests: () => Promise<number>;
  const gateways: Service[] = [];
  const urls: Record<string, string> = {};

  beforeAll(async () => {
    const started = await startOverheadSubgraphs(fromRoot());
    subgraphs = started.service;
    subgraphRequests = started.subgraphRequests;
    mkdirSync(TEST_DATA_DIR, { recursive: true });
    const supergraphPath = join(TEST_DATA_DIR, 'bench-overhead-supergraph.graphql');
    const manifestPath = join(TEST_DATA_DIR, 'bench-overhead-operations.json');
    writeFileSync(supergraphPath, started.supergraph);
    writeFileSync(manifestPath, JSON.stringify(overheadManifest()));
    // Hive Gateway with its JavaScript planner left out (the full run checks it); the Rust one is the peer a test would otherwise never start.
    // Started side by side: one by one, they take minutes on a busy machine.
    await Promise.all(
      GATEWAYS.filter((g) => g.name !== 'hive-gateway').map(async (gateway) => {
        const port = await freePort();
        gateways.push(await gateway.start({ root: fromRoot(), port, supergraphPath, manifestPath, safelist: false }));
        urls[gateway.name] = `http://127.0.0.1:${port}/graphql`;
      }),
    );
  }, 240_000);
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await subgraphs?.stop();
  });

  const ask = async (url: string) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: OVERHEAD_BODY })).json() as Promise<any>;

  it('answers the overhead query whole, the same through ours and the stock Apollo gateway', async () => {
    const ours = await ask(urls.ours!);
    const apollo = await ask(urls['apollo-gateway']!);
    expect(ours.errors).toBeUndefined();
    expect(ours).toEqual(apollo);
    expect(ours.data.users).toHaveLength(6);
    expect(ours.data.topProducts).toHaveLength(5);
    // Fields from all four subgraphs, @requires included: free shipping above 1000, else half the weight.
    const [bench, lantern] = ours.data.topProducts;
    expect(bench).toMatchObject({ name: 'Bench', price: 899, shippingEstimate: 50, inStock: true });
    expect(lantern).toMatchObject({ name: 'Lantern', price: 1299, shippingEstimate: 0, inStock: false });
    expect(bench.reviews[0].author.reviews.length).toBeGreaterThan(0);
  });

  it('answers it the same through Hive Gateway with its Rust query planner (no nulls in place of data)', async () => {
    const ours = await ask(urls.ours!);
    const rust = await ask(urls['hive-gateway-rust']!);
    expect(rust.errors).toBeUndefined();
    expect(rust).toEqual(ours);
  });

  it('counts the subgraph calls each gateway makes for one query: the same plan, the same calls', async () => {
    const callsFor = async (url: string) => {
      const before = await subgraphRequests();
      await ask(url);
      return (await subgraphRequests()) - before;
    };
    const ours = await callsFor(urls.ours!);
    // users, reviews, products, inventory (@requires), and back, down the nested query.
    expect(ours).toBeGreaterThanOrEqual(8);
    expect(await callsFor(urls['apollo-gateway']!)).toBe(ours);
  });

  it('drives load and counts every answer', async () => {
    const load = await driveLoad({ url: urls.ours!, connections: 4, seconds: 1, nextBody: () => OVERHEAD_BODY, inspectBodies: true });
    expect(load.requests).toBeGreaterThan(0);
    expect(load.failures).toBe(0);
    expect(load.p99Ms).toBeGreaterThanOrEqual(load.p50Ms);
  });

  it('attacks with documents never seen before, each refused by a limit', async () => {
    const next = attackBodies(700);
    const bodies = [next(), next(), next()];
    expect(new Set(bodies).size).toBe(3);
    expect(JSON.parse(bodies[0]!).query.match(/cities \{ id \}/g)).toHaveLength(700);
    // Rate limits are off in this gateway: every answer is the limit's refusal.
    const figures = await attack({ url: urls.ours!, lanes: 2, seconds: 1, rootFields: 700 });
    expect(figures.requests).toBeGreaterThan(0);
    expect(figures.statuses).toEqual({ 400: figures.requests });
    const refusal = await (await fetch(urls.ours!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: next() })).json() as any;
    expect(refusal.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'rootFields', found: 700 });
  });

  it('measures a resident alone and under attack, and writes both rows', async () => {
    const { workloads, attack: attacker } = await runAbuse(fromRoot(), { warmupSeconds: 0, seconds: 2 }, () => {});
    expect(workloads.map((w) => w.name)).toEqual([abuseName('PetitionPage', 'alone'), abuseName('PetitionPage', 'under attack')]);
    for (const { gateways } of workloads) {
      expect(gateways).toHaveLength(1);
      expect(gateways[0]).toMatchObject({ name: 'ours', failures: 0, sameAnswer: true });
      expect(gateways[0]!.requests).toBeGreaterThan(0);
      expect(gateways[0]!.p99Ms).toBeGreaterThanOrEqual(gateways[0]!.p50Ms);
    }
    // Refused by the limits until its allowance was spent, then by the rate limit; never answered.
    expect(attacker.requests).toBeGreaterThan(0);
    expect(Object.keys(attacker.statuses).every((status) => status === '400' || status === '429')).toBe(true);
    expect(attacker.statuses['400']).toBeGreaterThan(0);
  }, 240_000);

  it('holds live subscriptions while residents sign and a moderator publishes, and misses no update', async () => {
    const options = { petitionSubscribers: 20, feedSubscribers: 5, signaturesPerSecond: 5, publishesPerSecond: 2, seconds: 1, warmupSeconds: 0, loadProcesses: 1 };
    const { workloads, live } = await runLive(fromRoot(), options, () => {});
    expect(live).toMatchObject({ signatures: 5, signaturesFailed: 0, published: 2, publishesFailed: 0, finalCount: 5, settled: true, missed: 0 });
    // Every subscriber covered every signature, and every feed subscriber got both publications.
    expect(live.commitToDelivery.samples).toBe(5 * 20);
    expect(live.feedDelivery.samples).toBe(2 * 5);
    expect(live.commitToDelivery.p99Ms).toBeGreaterThanOrEqual(live.commitToDelivery.p50Ms);
    expect(live.fanOut.samples).toBeGreaterThan(0);
    expect(live.gatewayRssAtEndMB.length).toBeGreaterThan(1);
    expect(workloads).toHaveLength(1);
    expect(workloads[0]!.gateways[0]).toMatchObject({ name: 'ours', failures: 0, sameAnswer: true });
    // At least one update for each petition subscriber and both publications for each feed subscriber, all counted in the row.
    expect(live.delivered).toBeGreaterThanOrEqual(20 + 2 * 5);
    expect(workloads[0]!.gateways[0]!.requests).toBe(live.delivered);
  }, 240_000);

  it('judges the targets from the figures', () => {
    const row = (name: GatewayName, rps: number, p99Ms: number, rssMB = 200) => ({ name, workers: 1, rps, p50Ms: p99Ms / 2, p99Ms, rssMB, cpuPercent: 100, cpuMsPerRequest: 1000 / rps, requests: rps, failures: 0, loadGeneratorCpuPercent: 10, sameAnswer: true });
    const workloads = [
      { name: 'overhead', gateways: [row('ours', 900, 50), row('apollo-gateway', 100, 900), row('hive-gateway', 600, 80)] },
      { name: participationName(0.1, 'PetitionPage'), gateways: [row('ours', 200, 100)] },
      { name: participationName(1, 'PetitionPage'), gateways: [row('ours', 190, 160, 320)] },
    ];
    const result: BenchResult = {
      machine: { cpu: 'x', cores: 2, memoryGB: 1, os: 'x', node: 'x', date: 'x' },
      settings: { connections: 32, warmupSeconds: 5, seconds: 15 },
      workloads,
      ratios: ratiosOf(workloads),
      scaling: scalingOf(workloads, [0.1, 1]),
      targets: [],
      setups: {},
    };
    result.targets = judgeTargets(result, [0.1, 1]);
    expect(result.ratios.find((r) => r.peer === 'apollo-gateway')?.rps).toBe(9);
    const abuse = (p99Alone: number, p99Attacked: number) => {
      const workloads = [
        { name: abuseName('PetitionPage', 'alone'), gateways: [row('ours', 10, p99Alone)] },
        { name: abuseName('PetitionPage', 'under attack'), gateways: [row('ours', 10, p99Attacked)] },
      ];
      return judgeTargets({ ...result, workloads, ratios: [], scaling: [] }, [0.1]).find((t) => t.target.startsWith('abuse'));
    };
    expect(abuse(10, 29)).toMatchObject({ met: true, detail: '10.00 ms alone, 29.00 ms under attack (2.90×)' });
    expect(abuse(10, 31)?.met).toBe(false);
    expect(result.scaling).toEqual([{ operation: 'PetitionPage ×1 / ×0.1', gateway: 'ours', p99Ratio: 1.6 }]);
    // 9× and 1.5× the peers with a lower p99; 1.6× slower at the top scale; p99 under 250 ms
    // at the top scale, but only PetitionPage ran; a 320 MB worker; every answer whole.
    expect(result.targets.map((t) => t.met)).toEqual([true, true, false, false, false, true]);
    expect(renderTable(result)).toContain('| overhead | ours | 1 | 900 |');
  });
});
