import cluster, { type Worker } from 'node:cluster';
import pino from 'pino';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import type { GatewayConfig } from './config.js';
import { serveClusterMetrics } from './plugins/metrics.js';

/**
 * The cluster primary: forks `config.workers` gateway processes that share the port (the
 * primary hands out connections round-robin), serves their metrics and in-memory rate
 * limits (when there is no Redis), replaces a worker that dies, and on SIGTERM lets each
 * finish its requests before exiting.
 */
export function runPrimary(config: GatewayConfig): void {
  const log = pino({ level: config.logLevel, name: 'gateway' });
  new RateLimiterClusterMaster();
  serveClusterMetrics();
  let stopping = false;
  const fork = (): Worker => cluster.fork();
  for (let i = 0; i < config.workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log.error({ pid: worker.process.pid, code, signal }, 'a gateway worker died; starting another');
    setTimeout(fork, 500);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    // Each worker drains on SIGTERM (see main.ts); the primary leaves once they all have.
    let left = workers.length;
    if (left === 0) process.exit(0);
    for (const worker of workers) {
      worker.once('exit', () => --left === 0 && process.exit(0));
      worker.process.kill('SIGTERM');
    }
    setTimeout(() => process.exit(1), 30_000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  log.info({ workers: config.workers }, 'gateway primary started its workers');
}
