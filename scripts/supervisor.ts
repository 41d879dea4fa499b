import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { isListeningMessage, PORT_IN_USE_EXIT_CODE, portInUseMessage } from '../lib/supervised.js';

/** One process to keep running. */
export interface ServiceSpec {
  /** `gateway` or a subgraph's name: prefixes its log lines, and names its port's variable. */
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  port: number;
}

/**
 * When a process that died is started again: after `firstDelayMs`, doubling with each death
 * in a row up to `maxDelayMs`; a process that served for `stableAfterMs` starts the count over.
 */
export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { firstDelayMs: 500, maxDelayMs: 30_000, stableAfterMs: 60_000 };

/** How long processes asked to stop may take (the gateway lets requests in flight finish) before they are killed. */
const STOP_GRACE_MS = 10_000;

type ServiceState =
  | { phase: 'starting'; child: ChildProcess }
  | { phase: 'serving'; child: ChildProcess; since: number }
  | { phase: 'waiting'; timer: NodeJS.Timeout }
  | { phase: 'stopped' };

interface Service {
  spec: ServiceSpec;
  state: ServiceState;
  /** Deaths in a row, for the backoff. */
  failures: number;
  /** Reported listening at least once: a death before that is a start-up failure, not a crash. */
  served: boolean;
}

export interface Supervisor {
  /** Resolves once every process has reported that it listens (each one started by this supervisor). */
  readonly allListening: Promise<void>;
  /** Resolves with the exit code once every process has stopped. */
  readonly stopped: Promise<number>;
  readonly stopping: boolean;
  /** Stops every process (SIGTERM, then SIGKILL after a grace period); nothing is restarted any more. */
  stop(exitCode: number): void;
}

/**
 * Starts each service as a child process and keeps it running: one that dies after it served
 * is started again with backoff, each death and restart logged in one line. A death before a
 * process ever served (bad configuration, say) or a taken port stops everything instead,
 * since starting it again would fail the same way.
 */
export function supervise(specs: ServiceSpec[], cwd: string, policy: RestartPolicy = DEFAULT_RESTART_POLICY): Supervisor {
  const width = Math.max('supervisor'.length, ...specs.map((spec) => spec.name.length));
  const prefixed = (name: string, line: string) => `[${name.padEnd(width)}] ${line}`;
  const note = (line: string) => console.log(prefixed('supervisor', line));
  const alarm = (line: string) => console.error(prefixed('supervisor', line));

  const services: Service[] = specs.map((spec) => ({ spec, state: { phase: 'stopped' }, failures: 0, served: false }));
  let stopping = false;
  let exitCode = 0;
  let resolveStopped!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => (resolveStopped = resolve));
  let resolveListening!: () => void;
  const allListening = new Promise<void>((resolve) => (resolveListening = resolve));

  function start(service: Service, again: boolean): void {
    const { spec } = service;
    // Its own process group: a Ctrl-C reaches the supervisor only, which stops everyone in order.
    const child = spawn(process.execPath, ['--enable-source-maps', spec.script], {
      cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true,
    });
    service.state = { phase: 'starting', child };
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => console.log(prefixed(spec.name, line)));
    }
    child.on('message', (message) => {
      if (!isListeningMessage(message) || service.state.phase !== 'starting' || service.state.child !== child) return;
      service.state = { phase: 'serving', child, since: Date.now() };
      if (again) note(`${spec.name} serves again (pid ${child.pid})`);
      if (!service.served) {
        service.served = true;
        if (services.every((s) => s.served)) resolveListening();
      }
    });
    // 'close', not 'exit': once its output is read, and a cluster primary's workers (which share it) are gone too.
    child.once('close', (code, signal) => exited(service, child, code, signal));
    child.once('error', (error) => {
      if (child.pid === undefined) alarm(`${spec.name} could not be started: ${error.message}`);
    });
    note(`${spec.name} ${again ? 'restarted' : 'started'} (pid ${child.pid})`);
  }

  function exited(service: Service, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    const { spec } = service;
    const servedFor = service.state.phase === 'serving' ? Date.now() - service.state.since : 0;
    service.state = { phase: 'stopped' };
    if (stopping) return settle();
    const how = signal ?? `code ${code}`;
    if (code === PORT_IN_USE_EXIT_CODE) {
      // Taken after the check at start (or while it was down): say so in one line, as the check does.
      console.error(portInUseMessage(spec.name, spec.port));
      return stop(1);
    }
    if (!service.served) {
      alarm(`${spec.name} exited (${how}) before it was ready; stopping the graph.`);
      return stop(1);
    }
    if (servedFor >= policy.stableAfterMs) service.failures = 0;
    const delay = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** service.failures);
    service.failures++;
    alarm(`${spec.name} (pid ${child.pid}) exited (${how}); restarting in ${delay / 1000} s.`);
    service.state = { phase: 'waiting', timer: setTimeout(() => start(service, true), delay) };
  }

  function stop(code: number): void {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const service of services) {
      if (service.state.phase === 'waiting') {
        clearTimeout(service.state.timer);
        service.state = { phase: 'stopped' };
      } else if (service.state.phase !== 'stopped') {
        service.state.child.kill('SIGTERM');
      }
    }
    const deadline = setTimeout(() => {
      for (const service of services) {
        if (service.state.phase !== 'starting' && service.state.phase !== 'serving') continue;
        // The whole group: a cluster primary's workers too.
        try {
          process.kill(-service.state.child.pid!, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
    }, STOP_GRACE_MS);
    deadline.unref();
    settle();
  }

  function settle(): void {
    if (services.every((service) => service.state.phase === 'stopped')) resolveStopped(exitCode);
  }

  for (const service of services) start(service, false);
  return {
    allListening,
    stopped,
    get stopping() {
      return stopping;
    },
    stop,
  };
}
