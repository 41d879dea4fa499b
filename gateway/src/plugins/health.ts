import type { FastifyInstance } from 'fastify';
import { SUBGRAPH_NAMES } from '../../../lib/subgraphs.js';
import { internalCallers } from '../auth/internal-caller.js';
import { defaultSubgraphUrl, type GatewayConfig } from '../config.js';

/**
 * `/health`: the process answers (liveness). `/ready`: the supergraph is loaded (the
 * gateway only registers routes after Apollo Server started with it), every subgraph
 * answers its own `/ready`, and the gateway is not shutting down (readiness: a load
 * balancer stops sending requests while in-flight ones finish). Which subgraph is down is
 * for internal callers (see internal-caller.ts); in production the public get the status only.
 */
export function registerHealth(app: FastifyInstance, config: GatewayConfig): { draining(): void } {
  let draining = false;
  const callerKind = internalCallers(config);
  app.get('/health', async () => ({ status: 'ok', service: 'gateway' }));
  app.get('/ready', async (request, reply) => {
    if (draining) return reply.code(503).send({ status: 'shutting down' });
    const checks = await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        const url = new URL(config.subgraphUrls[name] ?? defaultSubgraphUrl(name));
        url.pathname = '/ready';
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
          return [name, response.ok ? 'ready' : 'unavailable'] as const;
        } catch {
          return [name, 'unreachable'] as const;
        }
      }),
    );
    const ready = checks.every(([, state]) => state === 'ready');
    const status = ready ? 'ready' : 'unavailable';
    if (callerKind(request) !== 'internal') return reply.code(ready ? 200 : 503).send({ status });
    return reply.code(ready ? 200 : 503).send({ status, supergraph: 'loaded', subgraphs: Object.fromEntries(checks) });
  });
  return { draining: () => (draining = true) };
}
