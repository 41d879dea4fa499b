import type { FastifyInstance } from 'fastify';
import { SUBGRAPH_NAMES } from '../../../subgraphs/shared/config.js';
import { defaultSubgraphUrl, type GatewayConfig } from '../config.js';

/** `/health`: the process answers. `/ready`: every subgraph answers its own `/ready`. */
export function registerHealth(app: FastifyInstance, config: GatewayConfig): void {
  app.get('/health', async () => ({ status: 'ok', service: 'gateway' }));
  app.get('/ready', async (_request, reply) => {
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
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', subgraphs: Object.fromEntries(checks) });
  });
}
