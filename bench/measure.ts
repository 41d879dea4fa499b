import { isDeepStrictEqual } from 'node:util';
import { createServer } from 'node:net';
import { GATEWAYS, type GatewayName, type GatewayStartOptions } from './gateways.js';
import { driveLoad, type LoadResult } from './load.js';
import { sampleTree } from './processes.js';

/** One kind of request driven against every gateway: a workload at one scale, one operation. */
export interface Scenario {
  /** As printed and written: e.g. `overhead` or `participation ×1 PetitionPage` (see `participationName`). */
  name: string;
  /** A representative body, sent first to every gateway to check they answer the same. */
  sampleBody: string;
  nextBody(): string;
  /** Whether every answer is searched for errors (see `LoadSpec.inspectBodies`). */
  inspectBodies: boolean;
}

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  seconds: number;
  gateways: GatewayName[];
}

export interface GatewayFigures {
  name: GatewayName;
  workers: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Resident memory of the largest worker (the process itself when there is one). */
  rssMB: number;
  /** CPU the gateway's processes used, in percent of one core. */
  cpuPercent: number;
  requests: number;
  failures: number;
  loadGeneratorCpuPercent: number;
  /** Whether its answer to the sample request had the same data as the first gateway's. */
  sameAnswer: boolean;
}

/** One gateway's row: the load's figures, the gateway's own usage, and whether its answer matched. */
export function gatewayFigures(
  name: GatewayName,
  workers: number,
  load: LoadResult,
  used: { maxRssMB: number; cpuPercent: number },
  sameAnswer: boolean,
): GatewayFigures {
  return {
    name,
    workers,
    rps: load.rps,
    p50Ms: load.p50Ms,
    p99Ms: load.p99Ms,
    rssMB: used.maxRssMB,
    cpuPercent: used.cpuPercent,
    requests: load.requests,
    failures: load.failures,
    loadGeneratorCpuPercent: load.loadGeneratorCpuPercent,
    sameAnswer,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The gateway's answer to a body; retried for a while, as workers of a cluster come up one by one. */
async function answer(url: string, body: string): Promise<{ data?: unknown; errors?: unknown[] }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return (await response.json()) as never;
    } catch (error) {
      if (attempt === 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Starts each gateway in turn over the same supergraph and subgraphs, checks its answer to
 * each scenario's sample, drives the load and samples its processes; one gateway runs at a
 * time, so none takes CPU from another.
 */
export async function measureGateways(
  scenarios: Scenario[],
  start: Omit<GatewayStartOptions, 'port'>,
  options: LoadOptions,
  log: (line: string) => void,
): Promise<Map<string, GatewayFigures[]>> {
  const figures = new Map<string, GatewayFigures[]>(scenarios.map((s) => [s.name, []]));
  const reference = new Map<string, unknown>();
  for (const gateway of GATEWAYS.filter((g) => options.gateways.includes(g.name))) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/graphql`;
    log(`  starting ${gateway.name} (${gateway.workers} worker${gateway.workers > 1 ? 's' : ''})`);
    const service = await gateway.start({ ...start, port });
    try {
      for (const scenario of scenarios) {
        const sample = await answer(url, scenario.sampleBody);
        if (sample.errors?.length || !sample.data) throw new Error(`${gateway.name} answered ${scenario.name}'s sample with errors: ${JSON.stringify(sample).slice(0, 500)}`);
        if (!reference.has(scenario.name)) reference.set(scenario.name, sample.data);
        const spec = { url, connections: options.connections, nextBody: scenario.nextBody, inspectBodies: scenario.inspectBodies };
        // Warm-up (JIT, plan caches, connection pools) outside the CPU sample and the figures.
        if (options.warmupSeconds > 0) await driveLoad({ ...spec, seconds: options.warmupSeconds });
        const usage = sampleTree(service.child.pid!);
        const load = await driveLoad({ ...spec, seconds: options.seconds });
        const used = usage.stop();
        // The same answer after the load as before it: nothing degraded under pressure.
        const after = await answer(url, scenario.sampleBody);
        if (after.errors?.length || !isDeepStrictEqual(after.data, sample.data)) load.failures++;
        const row = gatewayFigures(gateway.name, gateway.workers, load, used, isDeepStrictEqual(sample.data, reference.get(scenario.name)));
        figures.get(scenario.name)!.push(row);
        log(`    ${scenario.name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50Ms.toFixed(2)} ms, p99 ${row.p99Ms.toFixed(2)} ms, gateway CPU ${row.cpuPercent.toFixed(0)} %, load generator CPU ${row.loadGeneratorCpuPercent.toFixed(0)} %, ${row.failures} failed`);
      }
    } finally {
      await service.stop();
    }
  }
  return figures;
}
