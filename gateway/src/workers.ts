import cluster, { type Worker } from 'node:cluster';
import { createLogger } from '../../lib/log.js';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import type { GatewayConfig } from './config.js';
import { serveClusterMetrics } from './plugins/metrics.js';
import { serveClusterInvalidation } from './cache/cluster-relay.js';
import { workerExecArgv } from './heap.js';
import { isListeningMessage, PORT_IN_USE_EXIT_CODE, portInUseMessage, reportListening } from '../../lib/supervised.js';

/**
 * The cluster primary: forks `config.workers` gateway processes that share the port (the
 * primary hands out connections round-robin), serves their metrics and in-memory rate
 * limits (when there is no Redis), replaces a worker that dies, and on SIGTERM lets each
 * finish its requests before exiting.
 */
export function runPrimary(config: GatewayConfig): void {
  const log = createLogger({ level: config.logLevel, name: 'gateway' });
  new RateLimiterClusterMaster();
  serveClusterMetrics();
  // Workers with memory response caches tell each other what a write changed (cache/cluster-relay.ts).
  serveClusterInvalidation();
  let stopping = false;
  // Flags V8 reads only at start (heap.ts).
  cluster.setupPrimary({ execArgv: workerExecArgv() });
  const fork = (): Worker => cluster.fork();
  for (let i = 0; i < config.workers; i++) fork();
  // Under `npm start`: the gateway serves once each of its first workers does.
  const listening = new Set<number>();
  cluster.on('message', (worker, message) => {
    if (isListeningMessage(message) && listening.add(worker.id).size === config.workers) reportListening('gateway');
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    // A taken port is not a crash: another worker would fail the same way, forever.
    if (code === PORT_IN_USE_EXIT_CODE) {
      if (!process.send) console.error(portInUseMessage('gateway', config.port));
      stop(PORT_IN_USE_EXIT_CODE);
      return;
    }
    log.error({ pid: worker.process.pid, code, signal }, 'a gateway worker died; starting another');
    setTimeout(fork, 500);
  });
  const stop = (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    // Each worker drains on SIGTERM (see main.ts); the primary leaves once they all have.
    let left = workers.length;
    if (left === 0) process.exit(exitCode);
    for (const worker of workers) {
      worker.once('exit', () => --left === 0 && process.exit(exitCode));
      worker.process.kill('SIGTERM');
    }
    setTimeout(() => process.exit(1), 30_000).unref();
  };
  process.once('SIGINT', () => stop());
  process.once('SIGTERM', () => stop());
  log.info({ workers: config.workers }, 'gateway primary started its workers');
}
