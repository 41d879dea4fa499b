import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/**
 * The Fastify instance every service (subgraphs and gateway) serves from: our pino logger,
 * and no per-request log lines (GraphQL errors are logged where they are formatted).
 */
export function createHttpApp(logger: Logger): FastifyInstance {
  return Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;
}
