import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { parseAcceptLanguage } from './locale.js';
import { runInRequestScope } from './request-scope.js';

// The logger every service uses (redaction, serializers) and the request id of a log line.
export { createLogger, requestLogFields } from './log.js';

export interface HttpAppOptions {
  /** Largest request body accepted, in bytes (Fastify answers 413 above it). */
  bodyLimit?: number;
  /** How many proxies' X-Forwarded-For to trust for `request.ip` (0: the socket's address). */
  trustProxyHops?: number;
}

/** Request ids: the load balancer's or gateway's `x-request-id` when it looks like one, else a new UUID. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The Fastify instance every service (subgraphs and gateway) serves from: our pino logger
 * (JSON, one `reqId` per request, carried from the gateway to the subgraphs in
 * `x-request-id`; see log.ts for what lines may hold), no per-request log lines
 * (GraphQL errors are logged where they are formatted), and each request's language
 * (`Accept-Language`, which the gateway passes on to the subgraphs) in its scope, where
 * error messages are written (see request-scope.ts, lib/messages).
 */
export function createHttpApp(logger: Logger, options: HttpAppOptions = {}): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit,
    trustProxy: (_address: string, hop: number) => hop < (options.trustProxyHops ?? 0),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Keep-alive connections left idle are closed at shutdown; requests in flight finish first.
    forceCloseConnections: 'idle',
  }) as unknown as FastifyInstance;
  // Closing: answers to requests in flight end their keep-alive connection, so the server
  // (which waits for every connection) finishes as soon as they are answered.
  app.addHook('onRequest', (request, _reply, done) => runInRequestScope(request.id, parseAcceptLanguage(request.headers['accept-language']), done));
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  return app;
}
