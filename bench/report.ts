import { cpus, release, totalmem, type as osType } from 'node:os';
import type { AttackFigures } from './abuse/attack.js';
import { describeLive, type LiveFigures } from './live/summary.js';
import type { GatewayFigures } from './measure.js';

export interface WorkloadResult {
  name: string;
  gateways: GatewayFigures[];
}

export interface BenchResult {
  machine: { cpu: string; cores: number; memoryGB: number; os: string; node: string; date: string };
  settings: { connections: number; warmupSeconds: number; seconds: number };
  workloads: WorkloadResult[];
  /** Requests/s, requests/s per core (from CPU ms per request) and p99 of ours against each peer, per workload. */
  ratios: { workload: string; peer: string; rps: number; rpsPerCore: number; p99: number }[];
  /** p99 at the top scale over p99 at a tenth of it, per operation and gateway. */
  scaling: { operation: string; gateway: string; p99Ratio: number }[];
  targets: { target: string; met: boolean; detail: string }[];
  setups: Record<string, string>;
  /** The abuse workload's attacker: what it sent, and how it was answered. */
  attack?: AttackFigures;
  /** The live workload's figures: subscriptions, delivery latency, fan-out, what was missed, memory. */
  live?: LiveFigures;
}

export function machine(): BenchResult['machine'] {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}

export function ratiosOf(workloads: WorkloadResult[]): BenchResult['ratios'] {
  const ratios: BenchResult['ratios'] = [];
  for (const workload of workloads) {
    const ours = workload.gateways.find((g) => g.name === 'ours');
    if (!ours) continue;
    for (const peer of workload.gateways.filter((g) => g.name !== 'ours')) {
      ratios.push({ workload: workload.name, peer: peer.name, rps: ours.rps / peer.rps, rpsPerCore: peer.cpuMsPerRequest / ours.cpuMsPerRequest, p99: ours.p99Ms / peer.p99Ms });
    }
  }
  return ratios;
}

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** The table, as printed and as quoted in the README (Markdown). */
export function renderTable(result: BenchResult): string {
  const lines = [
    '| workload | gateway | workers | req/s | p50 ms | p99 ms | CPU % | CPU ms/req | subgraph calls/req | RSS/worker MB | failed |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const workload of result.workloads) {
    for (const g of workload.gateways) {
      const mismatch = g.sameAnswer ? '' : ' (different answer!)';
      lines.push(
        `| ${workload.name} | ${g.name}${mismatch} | ${g.workers} | ${fixed(g.rps)} | ${fixed(g.p50Ms, 2)} | ${fixed(g.p99Ms, 2)} | ${fixed(g.cpuPercent)} | ${fixed(g.cpuMsPerRequest, 2)} | ${fixed(g.subgraphRequestsPerRequest ?? NaN, 1)} | ${fixed(g.rssMB)} | ${g.failures} |`,
      );
    }
  }
  const out = [lines.join('\n')];
  if (result.ratios.length) {
    out.push(
      ['| workload | ours vs | req/s ratio | req/s per core ratio | p99 ratio (lower is better) |', '|---|---|---:|---:|---:|']
        .concat(result.ratios.map((r) => `| ${r.workload} | ${r.peer} | ${fixed(r.rps, 2)}× | ${fixed(r.rpsPerCore, 2)}× | ${fixed(r.p99, 2)}× |`))
        .join('\n'),
    );
  }
  if (result.scaling.length) {
    out.push(
      ['| operation | gateway | p99 top scale / p99 tenth |', '|---|---|---:|']
        .concat(result.scaling.map((s) => `| ${s.operation} | ${s.gateway} | ${fixed(s.p99Ratio, 2)}× |`))
        .join('\n'),
    );
  }
  if (result.targets.length) {
    out.push(['| target | met | measured |', '|---|---|---|'].concat(result.targets.map((t) => `| ${t.target} | ${t.met ? 'yes' : 'NO'} | ${t.detail} |`)).join('\n'));
  }
  const a = result.attack;
  if (a) {
    const statuses = Object.entries(a.statuses).map(([status, count]) => `${count} × ${status}`).join(', ');
    out.push(
      `Abuse: ${a.lanes} lanes of unique ${a.rootFields}-root-field documents from one anonymous client for ${a.seconds} s: ${a.requests} requests (${fixed(a.rps)}/s), answered ${statuses}; ours with its rate limits on at their defaults and the safelist off.`,
    );
  }
  const l = result.live;
  if (l) {
    out.push(
      [
        `Live: ${l.options.petitionSubscribers} anonymous SSE subscriptions to one open petition of ${l.city} (PetitionLive) and ${l.options.feedSubscribers} to its city feed (CityFeed), held by ${l.options.loadProcesses} load process(es) on raw HTTP streams; ${l.options.signaturesPerSecond} new residents signing per second and a moderator publishing ${l.options.publishesPerSecond} petitions per second for ${l.options.seconds} s; ours with its default ${l.gatewayWorkers} workers, the safelist on and subscriptions per client unlimited (one address holds them all).`,
        ...describeLive(l).map((line) => `- ${line}`),
      ].join('\n'),
    );
  }
  const m = result.machine;
  out.push(`Machine: ${m.cores} × ${m.cpu}, ${m.memoryGB} GiB, ${m.os}, Node ${m.node}; ${result.settings.connections} connections, ${result.settings.warmupSeconds} s warm-up, ${result.settings.seconds} s measured per row; ${m.date}.`);
  return out.join('\n\n');
}

