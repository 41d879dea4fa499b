import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** A process the benchmark started (with whatever children it forks), and how to stop it. */
export interface Service {
  name: string;
  child: ChildProcess;
  /** Lines it printed, kept for the error message when it fails to come up. */
  output: string[];
  /** Calls `listener` with each line it prints from now on. */
  onLine(listener: (line: string) => void): void;
  stop(): Promise<void>;
}

/** Every process group started and not yet stopped: killed if the benchmark itself ends early. */
const running = new Set<ChildProcess>();
let cleanupInstalled = false;

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', () => {
    for (const child of running) signalGroup(child, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
}

/** Starts a process group with `env` on top of `inherited` (this process's environment unless given). */
export function startService(name: string, command: string, args: string[], env: Record<string, string | undefined>, cwd: string, inherited: NodeJS.ProcessEnv = process.env): Service {
  installCleanup();
  // Its own process group, so stopping it stops every worker it forked.
  const child = spawn(command, args, { cwd, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // Kept until stopped: its workers may outlive it, and the group still names them.
  running.add(child);
  const output: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      if (output.length > 200) output.shift();
      for (const listener of listeners) listener(line);
    });
  }
  return {
    name,
    child,
    output,
    onLine: (listener) => listeners.push(listener),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        signalGroup(child, 'SIGKILL');
        running.delete(child);
        return;
      }
      const exited = new Promise((resolve) => child.once('exit', resolve));
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      // Workers a primary failed to take down with it.
      signalGroup(child, 'SIGKILL');
      running.delete(child);
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** Waits until `check` resolves true, failing with the service's output if it exits or takes too long. */
export async function waitUntil(service: Service, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited (${service.child.exitCode}):\n${service.output.slice(-30).join('\n')}`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} did not become ready in ${timeoutMs} ms:\n${service.output.slice(-30).join('\n')}`);
}

/** Resolves with the first line of output `match` accepts. */
export function waitForLine(service: Service, match: (line: string) => boolean, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const found = service.output.find(match);
    if (found) return resolve(found);
    const timer = setTimeout(() => reject(new Error(`${service.name}: no expected output in ${timeoutMs} ms:\n${service.output.join('\n')}`)), timeoutMs);
    const onLine = (line: string) => {
      if (!match(line)) return;
      clearTimeout(timer);
      resolve(line);
    };
    service.onLine(onLine);
    service.child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${service.name} exited (${code}):\n${service.output.slice(-30).join('\n')}`));
    });
  });
}

// --- CPU and memory from /proc (Linux) --------------------------------------------------

const CLOCK_TICKS = 100;

/** The process and all its descendants. */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${all[i]}/task`)) {
        const children = readFileSync(`/proc/${all[i]}/task/${task}/children`, 'utf8').trim();
        if (children) all.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // Exited meanwhile.
    }
  }
  return all;
}

/** CPU seconds (user + system) a process has used. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** A process's resident set now, in MB (0 once it has exited). */
export function rssMegabytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** What a process tree used while a measurement ran: CPU share of one core, and memory. */
export interface TreeUsage {
  /** CPU time over wall time, in percent of one core (200 % = two cores busy). */
  cpuPercent: number;
  /** CPU time (user + system) the tree used over the window, in ms: divided by the requests answered, the gateway's cost per request whatever the machine's other load. */
  cpuMs: number;
  /** The largest resident set any one process of the tree reached (a worker, for clustered gateways). */
  maxRssMB: number;
  /** Resident sets of the whole tree at its largest. */
  totalRssMB: number;
}

/** Samples a process tree every 250 ms until stopped. */
export function sampleTree(rootPid: number): { stop(): TreeUsage } {
  const started = performance.now();
  const cpuAtStart = new Map(processTree(rootPid).map((pid) => [pid, cpuSeconds(pid)]));
  let maxRssMB = 0;
  let totalRssMB = 0;
  const sample = () => {
    const rss = processTree(rootPid).map(rssMegabytes);
    maxRssMB = Math.max(maxRssMB, ...rss);
    totalRssMB = Math.max(totalRssMB, rss.reduce((a, b) => a + b, 0));
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const seconds = (performance.now() - started) / 1000;
      const cpu = processTree(rootPid).reduce((sum, pid) => sum + cpuSeconds(pid) - (cpuAtStart.get(pid) ?? 0), 0);
      return { cpuPercent: (cpu / seconds) * 100, cpuMs: cpu * 1000, maxRssMB, totalRssMB };
    },
  };
}
