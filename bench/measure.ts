import { isDeepStrictEqual } from 'node:util';
import { createServer } from 'node:net';
import { GATEWAYS, type GatewayName, type GatewayStartOptions, type OurExecutor } from './gateways.js';
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
  /** Concurrent connections for this scenario, where the run's (`LoadOptions.connections`) would only queue requests. */
  connections?: number;
  /** In-flight deduplication as each gateway ships it (true, the default) or off for every gateway (see `GatewayStartOptions.inflightDedupe`). */
  inflightDedupe?: boolean;
}

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  seconds: number;
  gateways: GatewayName[];
  /** Our gateway's executor (GATEWAY_EXECUTOR); its own default when not given. */
  executor?: OurExecutor;
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
  /**
   * CPU time the gateway's processes used over the measured window per request answered,
   * in ms: what a request costs it, robust where req/s is not (a shared, noisy machine).
   * 1000 / this is its requests per second per core.
   */
  cpuMsPerRequest: number;
  requests: number;
  failures: number;
  loadGeneratorCpuPercent: number;
  /** Subgraph requests per request answered, where the subgraphs count them (the overhead workload): equal across gateways unless one merges identical subgraph calls. */
  subgraphRequestsPerRequest?: number;
  /** Whether its answer to the sample request had the same data as the first gateway's. */
  sameAnswer: boolean;
}

/** One gateway's row: the load's figures, the gateway's own usage, and whether its answer matched. */
export function gatewayFigures(
  name: GatewayName,
  workers: number,
  load: LoadResult,
  used: { maxRssMB: number; cpuPercent: number; cpuMs: number },
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
    cpuMsPerRequest: load.requests > 0 ? used.cpuMs / load.requests : NaN,
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

/** Requests per second per core the gateway's CPU time allows: 1000 / `cpuMsPerRequest`. */
export const rpsPerCore = (g: Pick<GatewayFigures, 'cpuMsPerRequest'>): number => 1000 / g.cpuMsPerRequest;

/**
 * Starts each gateway in turn over the same supergraph and subgraphs, checks its answer to
 * each scenario's sample, drives the load and samples its processes; one gateway runs at a
 * time, so none takes CPU from another. A gateway is started once per in-flight
 * deduplication setting its scenarios ask for.
 */
export async function measureGateways(
  scenarios: Scenario[],
  start: Omit<GatewayStartOptions, 'port'> & { subgraphRequests?: () => Promise<number> },
  options: LoadOptions,
  log: (line: string) => void,
): Promise<Map<string, GatewayFigures[]>> {
  const figures = new Map<string, GatewayFigures[]>(scenarios.map((s) => [s.name, []]));
  const reference = new Map<string, unknown>();
  const dedupeOf = (s: Scenario) => s.inflightDedupe ?? true;
  const settings = [...new Set(scenarios.map(dedupeOf))];
  for (const gateway of GATEWAYS.filter((g) => options.gateways.includes(g.name))) {
    for (const inflightDedupe of settings) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/graphql`;
      log(`  starting ${gateway.name} (${gateway.workers} worker${gateway.workers > 1 ? 's' : ''}${inflightDedupe ? '' : ', in-flight deduplication off'})`);
      const service = await gateway.start({ ...start, port, inflightDedupe, ...(options.executor ? { executor: options.executor } : {}) });
      try {
        for (const scenario of scenarios.filter((s) => dedupeOf(s) === inflightDedupe)) {
          const sample = await answer(url, scenario.sampleBody);
          if (sample.errors?.length || !sample.data) throw new Error(`${gateway.name} answered ${scenario.name}'s sample with errors: ${JSON.stringify(sample).slice(0, 500)}`);
          if (!reference.has(scenario.name)) reference.set(scenario.name, sample.data);
          const spec = { url, connections: scenario.connections ?? options.connections, nextBody: scenario.nextBody, inspectBodies: scenario.inspectBodies };
          // Warm-up (JIT, plan caches, connection pools) outside the CPU sample and the figures.
          if (options.warmupSeconds > 0) await driveLoad({ ...spec, seconds: options.warmupSeconds });
          const usage = sampleTree(service.child.pid!);
          const subgraphRequestsBefore = await start.subgraphRequests?.();
          const load = await driveLoad({ ...spec, seconds: options.seconds });
          const used = usage.stop();
          const subgraphRequestsAfter = await start.subgraphRequests?.();
          // The same answer after the load as before it: nothing degraded under pressure.
          const after = await answer(url, scenario.sampleBody);
          if (after.errors?.length || !isDeepStrictEqual(after.data, sample.data)) load.failures++;
          const row = gatewayFigures(gateway.name, gateway.workers, load, used, isDeepStrictEqual(sample.data, reference.get(scenario.name)));
          // Requests still in flight when the window closed are in the count too: a small overestimate, the same for every gateway.
          if (subgraphRequestsBefore !== undefined && subgraphRequestsAfter !== undefined && load.requests > 0) row.subgraphRequestsPerRequest = (subgraphRequestsAfter - subgraphRequestsBefore) / load.requests;
          figures.get(scenario.name)!.push(row);
          log(`    ${scenario.name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50Ms.toFixed(2)} ms, p99 ${row.p99Ms.toFixed(2)} ms, gateway CPU ${row.cpuPercent.toFixed(0)} % (${row.cpuMsPerRequest.toFixed(2)} ms a request), load generator CPU ${row.loadGeneratorCpuPercent.toFixed(0)} %, ${row.failures} failed`);
        }
      } finally {
        await service.stop();
      }
    }
  }
  return figures;
}
