import { CATEGORIES, type Category, type ProfileBreakdown } from './categories.js';
import type { ProbeWindow } from './probe.js';
import type { StatementFigures } from './statements.js';

/**
 * One subgraph's share of one operation, every figure per request the client sent (through
 * the gateway). Two windows of the same load make it: one without the profiler, for the
 * times (the profiler's own cost would inflate them), one with it, for the shares.
 */
export interface SubgraphProfile {
  subgraph: string;
  /** Requests the gateway sent it per client request (its fan-out, entity batches included). */
  requestsPerRequest: number;
  /** Mean time a request spent in this subgraph's server, arrival to last byte (queueing included). */
  serverMsPerSubgraphRequest: number;
  /** The process's CPU (all threads) and its JavaScript thread's, which the categories divide up. */
  cpuMs: number;
  threadCpuMs: number;
  /**
   * Of `cpuMs`, what the process spends at idle over the same time (pollers, timers,
   * metrics), shared out over the requests: large when requests are few.
   */
  backgroundCpuMs: number;
  /** The JavaScript thread's CPU per request in the profiled window: the profiler's cost is the difference. */
  profiledThreadCpuMs: number;
  /** Samples the profile took while the thread ran: the categories' precision (a share of 1 in `busySamples`). */
  busySamples: number;
  sqlCalls: number;
  /** Wall time inside the synchronous driver's statement calls; the `sql driver` category is its CPU, the rest waiting (disk, or a core on a busy machine). */
  sqlMs: number;
  /** The statement shapes that took longest in all, per client request. */
  slowestStatements: StatementFigures[];
  /** The JavaScript thread's CPU by category: each category's share of the profile's busy samples times `threadCpuMs`. */
  categories: Record<Category, number>;
  topFrames: { frame: string; category: Category; ms: number }[];
}

export interface OperationProfile {
  operation: string;
  /** Of the window without the profiler. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  failures: number;
  /** Requests per second while the subgraphs it reaches ran the profiler. */
  profiledRps: number;
  /** Our gateway's processes' CPU per request (never profiled). */
  gatewayCpuMs: number;
  subgraphs: SubgraphProfile[];
}

export interface ProfileResult {
  scale: number;
  settings: { connections: number; warmupSeconds: number; seconds: number; samplingIntervalUs: number };
  machine: { cores: number; node: string; date: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  /** CPU each process spends per second with no load, measured over `seconds` before the operations. */
  background: { seconds: number; gatewayCpuMsPerSecond: number; subgraphs: Record<string, number> };
  operations: OperationProfile[];
}

/** A probe's window with the client requests answered in it. */
export interface CountedWindow {
  window: ProbeWindow;
  clientRequests: number;
}

/**
 * A subgraph's figures per client request: times from the window without the profiler,
 * shares from the profiled one; undefined for a subgraph the operation never reached.
 * `idleCpuMsPerSecond`: its process's CPU at idle.
 */
export function subgraphProfile(counted: CountedWindow, profiled: CountedWindow & { breakdown: ProfileBreakdown }, idleCpuMsPerSecond = 0): SubgraphProfile | undefined {
  const { window, clientRequests } = counted;
  if (window.requests === 0 || clientRequests === 0) return undefined;
  const per = (value: number) => value / clientRequests;
  const { breakdown } = profiled;
  const shareOf = (samples: number) => (breakdown.busySamples ? samples / breakdown.busySamples : 0);
  const threadCpuMs = per(window.threadCpuMs);
  return {
    subgraph: window.subgraph,
    requestsPerRequest: per(window.requests),
    serverMsPerSubgraphRequest: window.serverMs / window.requests,
    cpuMs: per(window.cpuMs),
    threadCpuMs,
    backgroundCpuMs: per((idleCpuMsPerSecond * window.wallMs) / 1000),
    profiledThreadCpuMs: profiled.clientRequests ? profiled.window.threadCpuMs / profiled.clientRequests : NaN,
    busySamples: breakdown.busySamples,
    sqlCalls: per(window.sqlCalls),
    sqlMs: per(window.sqlMs),
    slowestStatements: window.slowestStatements.map((st) => ({ sql: st.sql, calls: per(st.calls), ms: per(st.ms) })),
    categories: Object.fromEntries(CATEGORIES.map((c) => [c, shareOf(breakdown.samples[c]) * threadCpuMs])) as Record<Category, number>,
    topFrames: breakdown.topFrames.map(({ frame, category, samples }) => ({ frame, category, ms: shareOf(samples) * threadCpuMs })),
  };
}

const ms = (value: number) => (value >= 10 ? value.toFixed(1) : value.toFixed(2));

/** Markdown: per operation, a table of categories by subgraph, in ms per client request, with each category's share of the subgraph's JavaScript thread. */
export function renderProfile(result: ProfileResult, topFrames = 5): string {
  const { background } = result;
  const lines: string[] = [
    `## Subgraph profile at scale ${result.scale}: ${result.settings.connections} connections, ${result.settings.seconds} s per operation after ${result.settings.warmupSeconds} s warm-up, then ${result.settings.seconds} s profiled`,
    '',
    `Load average before ${result.machine.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}, after ${result.machine.loadAverageAfter.map((l) => l.toFixed(2)).join(' ')} (${result.machine.cores} cores). CPU with no load, ms per second: gateway ${ms(background.gatewayCpuMsPerSecond)}, ${Object.entries(background.subgraphs).map(([name, cpu]) => `${name} ${ms(cpu)}`).join(', ')}.`,
    '',
    "Figures are ms per client request, from the window without the profiler; a category's ms is its share of the profile's samples (%) times the JavaScript thread's CPU.",
  ];
  for (const op of result.operations) {
    lines.push('', `### ${op.operation}: ${op.rps.toFixed(0)} req/s, p50 ${ms(op.p50Ms)} ms, p99 ${ms(op.p99Ms)} ms, ${op.failures} failed (profiled: ${op.profiledRps.toFixed(0)} req/s); gateway CPU ${ms(op.gatewayCpuMs)} ms/request`, '');
    const subs = op.subgraphs;
    if (subs.length === 0) {
      lines.push('No request was answered in the measured window: nothing to divide (a longer --seconds, or a quieter machine).');
      continue;
    }
    const row = (label: string, cells: string[]) => lines.push(`| ${label} | ${cells.join(' | ')} |`);
    row('ms per request', subs.map((s) => s.subgraph));
    row('---', subs.map(() => '---:'));
    row('subgraph requests per request', subs.map((s) => s.requestsPerRequest.toFixed(2)));
    row('time in server per subgraph request', subs.map((s) => ms(s.serverMsPerSubgraphRequest)));
    row('**process CPU**', subs.map((s) => `**${ms(s.cpuMs)}**`));
    row('of which background (as at idle)', subs.map((s) => ms(s.backgroundCpuMs)));
    row('JavaScript thread CPU (profiled; samples)', subs.map((s) => `${ms(s.threadCpuMs)} (${ms(s.profiledThreadCpuMs)}; ${s.busySamples})`));
    for (const category of CATEGORIES) {
      if (subs.every((s) => s.categories[category] < 0.005)) continue;
      row(category, subs.map((s) => `${ms(s.categories[category])} (${s.threadCpuMs ? ((s.categories[category] / s.threadCpuMs) * 100).toFixed(0) : 0} %)`));
    }
    row('SQL statements per request', subs.map((s) => s.sqlCalls.toFixed(1)));
    row('SQL wall time in the driver', subs.map((s) => ms(s.sqlMs)));
    for (const s of subs) {
      lines.push('', `Top frames, ${s.subgraph}: ${s.topFrames.slice(0, topFrames).map((f) => `${f.frame} [${f.category}] ${ms(f.ms)}`).join('; ')}`);
      const slowest = s.slowestStatements[0];
      if (slowest) lines.push('', `Longest SQL in all, ${s.subgraph}: ${ms(slowest.ms)} ms in ${slowest.calls.toFixed(2)} calls per request: \`${slowest.sql.slice(0, 240)}\``);
    }
  }
  return lines.join('\n');
}
