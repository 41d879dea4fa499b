/**
 * Loaded into each subgraph process by `npm run bench:profile` (NODE_OPTIONS=--import, so
 * no subgraph code changes), it measures one window at a time, between two SIGUSR2:
 *  - a CPU profile through the in-process inspector, so that only the load of one
 *    operation is profiled (`--cpu-prof` would take start-up and warm-up too);
 *  - GraphQL requests served and their time in the server (node's http diagnostics
 *    channels: what the process handled, whichever gateway worker sent it);
 *  - time inside better-sqlite3's statements, by statement shape: the driver is
 *    synchronous, so a call's time is the SQL's own work (plan, read, rows built) plus any
 *    wait for the disk or, on a busy machine, for a core;
 *  - the CPU time of the JavaScript thread (what the profile's samples divide up) and of
 *    the whole process (GC helpers and other threads too).
 *  - the first 200 GraphQL requests' bodies, for `npm run bench:replay` (replay.ts).
 * The first signal starts a window and writes `<subgraph>.started`; the second writes
 * `<subgraph>.cpuprofile` (when the window was profiled: the runner writes `profile` or
 * `count` to PROFILE_PROBE_DIR/window-mode first), `<subgraph>.requests.json` and then
 * `<subgraph>.window.json`.
 */
import diagnostics from 'node:diagnostics_channel';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { slowestShapes, type StatementFigures } from './statements.js';

/** What one window measured, as run.ts reads it. */
export interface ProbeWindow {
  subgraph: string;
  requests: number;
  /** Summed over requests: from the request's arrival to its answer's last byte. */
  serverMs: number;
  sqlCalls: number;
  sqlMs: number;
  /** The statement shapes that took longest in all, longest first. */
  slowestStatements: StatementFigures[];
  /** User and system CPU over the window: of the whole process, and of its JavaScript (main) thread. */
  cpuMs: number;
  threadCpuMs: number;
  wallMs: number;
  /** Whether the CPU profiler ran (and wrote `<subgraph>.cpuprofile`). */
  profiled: boolean;
}

const outDir = process.env.PROFILE_PROBE_DIR;
// dist/subgraphs/<name>/main.js: the process's subgraph.
const subgraph = basename(dirname(process.argv[1] ?? 'unknown'));
const samplingIntervalUs = Number(process.env.PROFILE_SAMPLING_US ?? 1000);

let active = false;
let requests = 0;
let serverMs = 0;
let sqlCalls = 0;
let sqlMs = 0;
const arrivals = new WeakMap<object, number>();

/** A GraphQL request as the subgraph received it, for `npm run bench:replay` (the benchmark's anonymous, generated data). */
export interface RecordedRequest {
  body: string;
  acceptLanguage?: string;
}
/** How many of a window's requests are kept for replay: enough to cover the variables drawn. */
const RECORDED_PER_WINDOW = 200;
const recorded: RecordedRequest[] = [];
/** Bodies still arriving: counted against the window's allowance too. */
let pendingRecords = 0;

diagnostics.subscribe('http.server.request.start', (message) => {
  const { request } = message as { request: NodeJS.ReadableStream & { method?: string; url?: string; headers: Record<string, string | string[] | undefined> } };
  if (!active || request.method !== 'POST' || !request.url?.startsWith('/graphql')) return;
  requests++;
  arrivals.set(request, performance.now());
  if (recorded.length + pendingRecords >= RECORDED_PER_WINDOW) return;
  // A second listener on the body: Fastify reads it as before.
  pendingRecords++;
  const chunks: Buffer[] = [];
  const language = request.headers['accept-language'];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    pendingRecords--;
    recorded.push({ body: Buffer.concat(chunks).toString('utf8'), ...(typeof language === 'string' ? { acceptLanguage: language } : {}) });
  });
});
diagnostics.subscribe('http.server.response.finish', (message) => {
  const { request } = message as { request: object };
  const arrived = arrivals.get(request);
  if (arrived === undefined) return;
  arrivals.delete(request);
  serverMs += performance.now() - arrived;
});

/** By statement text as prepared (knex inlines some values, so shapes are merged at the window's end). */
const statements = new Map<string, { calls: number; ms: number }>();

/**
 * Times every statement call: the prototype is shared by all statements of all connections.
 * Wall time only: the profile's `sql driver` category is the CPU part, and the difference is
 * waiting (for the disk, or for a core on a busy machine).
 */
function timeStatements(): void {
  type Statement = Record<string, (...args: unknown[]) => unknown> & { source: string };
  let Database: new (file: string) => { prepare(sql: string): object; close(): void };
  try {
    // Resolves to the one node_modules/better-sqlite3 that knex's dialect loads: the same module instance.
    Database = createRequire(import.meta.url)('better-sqlite3');
  } catch {
    return; // No SQLite driver installed: the window reports no SQL time.
  }
  const db = new Database(':memory:');
  const proto = Object.getPrototypeOf(db.prepare('select 1')) as Statement;
  db.close();
  for (const method of ['all', 'get', 'run'] as const) {
    const original = proto[method]!;
    proto[method] = function timedStatement(this: Statement, ...args: unknown[]) {
      if (!active) return original.apply(this, args);
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const ms = performance.now() - started;
        sqlMs += ms;
        sqlCalls++;
        const figures = statements.get(this.source);
        if (figures) {
          figures.calls++;
          figures.ms += ms;
        } else statements.set(this.source, { calls: 1, ms });
      }
    };
  }
}

/** Linux's USER_HZ, 100 on every common build. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The main thread's CPU in ms, from Linux's per-thread accounting (node 20 has no
 * process.threadCpuUsage); elsewhere the whole process's, which counts GC helper threads too.
 */
function threadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // utime and stime, fields 14 and 15, after the command name (which may hold spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  }
}

if (outDir) {
  timeStatements();
  let session: Session | undefined;
  let started = { at: 0, cpu: process.cpuUsage(), threadCpuMs: 0 };
  let busy = false;
  process.on('SIGUSR2', () => {
    // A signal while the last one is still being handled would interleave two windows.
    if (busy) return;
    busy = true;
    (active ? stop() : start()).catch((error) => console.error('profile probe:', error)).finally(() => (busy = false));
  });

  async function start(): Promise<void> {
    requests = serverMs = sqlCalls = sqlMs = 0;
    statements.clear();
    recorded.length = 0;
    // The runner's choice for this window: `count` (no profiler, none of its cost) or `profile`.
    if (readFileSync(join(outDir!, 'window-mode'), 'utf8').trim() === 'profile') {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
      await session.post('Profiler.start');
    }
    started = { at: performance.now(), cpu: process.cpuUsage(), threadCpuMs: threadCpuMs() };
    active = true;
    writeFileSync(join(outDir!, `${subgraph}.started`), '');
  }

  async function stop(): Promise<void> {
    active = false;
    const cpu = process.cpuUsage(started.cpu);
    const window: ProbeWindow = {
      subgraph,
      requests,
      serverMs,
      sqlCalls,
      sqlMs,
      slowestStatements: slowestShapes(statements, 5),
      cpuMs: (cpu.user + cpu.system) / 1000,
      threadCpuMs: threadCpuMs() - started.threadCpuMs,
      wallMs: performance.now() - started.at,
      profiled: session !== undefined,
    };
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      await session.post('Profiler.disable');
      session.disconnect();
      session = undefined;
      writeFileSync(join(outDir!, `${subgraph}.cpuprofile`), JSON.stringify(profile));
    }
    if (recorded.length) writeFileSync(join(outDir!, `${subgraph}.requests.json`), JSON.stringify(recorded));
    // Last: its presence says the window (and its profile) is complete.
    writeFileSync(join(outDir!, `${subgraph}.window.json`), JSON.stringify(window));
  }
}
