import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { FastifyInstance } from 'fastify';
import { createHttpApp, requestLogFields } from '../../lib/http.js';
import { failedStatementFields, libraryLogger } from '../../lib/log.js';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { Loaders, type RequestContext } from './context.js';
import { ClientError, ErrorCode, createFormatError } from '../../lib/errors.js';
import { message } from '../../lib/messages/index.js';
import { GATEWAY_TOKEN_HEADER, GatewayTokenError, gatewaySecret, verifyGatewayRequest } from '../../lib/gateway-token.js';
import { parseAcceptLanguage } from '../../lib/locale.js';
import type { SubgraphName } from '../../lib/subgraphs.js';
import { createOutbox, requestEvent, type OutboxSettings } from './outbox/outbox.js';
import { internalCallers, type InternalAccess } from '../../lib/internal-caller.js';
import { registerMetricsRoute, SubgraphMetrics } from './metrics.js';

export interface SubgraphServerOptions {
  name: string;
  schema: GraphQLSchema;
  orm: MikroORM;
  logger: Logger;
  /** The secret shared with the gateway: requests not signed with it are refused. */
  gatewaySecret: string;
  /** NATS and retention of the outbox of domain events (see outbox/outbox.ts). */
  outbox?: OutboxSettings;
  /** Who may read `/metrics` (`NODE_ENV=production`, `INTERNAL_TOKEN`; absent: development, open). */
  internal?: InternalAccess;
  /** The server's metrics, when made before it (createSubgraph gives them to the subgraph's services too); else its own. */
  metrics?: SubgraphMetrics;
}

export interface SubgraphServer {
  app: FastifyInstance;
  /** Binds the port; resolves with the GraphQL URL. */
  listen(port: number, host: string): Promise<string>;
  /** Stops taking requests, finishes those in flight, closes the database. */
  close(): Promise<void>;
  /** Its Prometheus registry, served at `/metrics` (the events subgraph adds its webhooks' metrics). */
  metrics: SubgraphMetrics;
}

/**
 * One subgraph over HTTP: Apollo Server on Fastify at `/graphql`, plus `/health`,
 * `/ready` and `/metrics` (internal callers, see metrics.ts). Builds everything and
 * listens only when asked, so tests run it in-process.
 */
export async function createSubgraphServer(options: SubgraphServerOptions): Promise<SubgraphServer> {
  const { orm, logger } = options;
  const app = createHttpApp(logger);
  const secret = gatewaySecret(options.gatewaySecret);
  keepRawJsonBody(app);
  const metrics = options.metrics ?? new SubgraphMetrics(options.name);
  registerMetricsRoute(app, metrics, internalCallers(options.internal ?? {}));
  // Domain events: the internal stream, the NATS relay, and each request's recorded events.
  const outbox = createOutbox({ name: options.name as SubgraphName, orm, logger, secret, metrics, ...options.outbox });
  outbox.register(app);
  const apollo = new ApolloServer<RequestContext>({
    schema: options.schema,
    introspection: true,
    // The masked error by type, code, path and frames (see log.ts), with the request id and, when a SQL statement failed, its fingerprint.
    formatError: createFormatError((error, message) => logger.error({ err: error, ...requestLogFields(), ...failedStatementFields() }, message)),
    logger: libraryLogger(logger, 'apollo-server'),
    includeStacktraceInErrorResponses: false,
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      outbox.plugin,
    ],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    context: async (request) => {
      let viewer;
      try {
        const token = request.headers[GATEWAY_TOKEN_HEADER];
        viewer = verifyGatewayRequest(secret, options.name, typeof token === 'string' ? token : undefined, rawBodies.get(request));
      } catch (error) {
        if (!(error instanceof GatewayTokenError)) throw error;
        logger.debug({ reason: error.message }, 'refused a request not signed by the gateway');
        throw new ClientError(message('auth.gatewayOnly'), ErrorCode.UNAUTHENTICATED, { http: { status: 401 } });
      }
      return {
        em: orm.em.fork() as SqlEntityManager,
        loaders: new Loaders(),
        locale: parseAcceptLanguage(request.headers['accept-language']),
        viewer,
        now: new Date(),
        event: requestEvent(request.body),
      };
    },
  });
  app.get('/health', async () => ({ status: 'ok', service: options.name }));
  let draining = false;
  app.get('/ready', async (_request, reply) => {
    // Shutting down: the load balancer (or gateway) stops sending while in-flight requests finish.
    if (draining) return reply.code(503).send({ status: 'shutting down', service: options.name });
    try {
      await orm.em.getConnection().execute('select 1');
      return { status: 'ready', service: options.name };
    } catch (error) {
      logger.warn({ err: error }, 'database not reachable');
      return reply.code(503).send({ status: 'unavailable', service: options.name });
    }
  });
  return {
    app,
    metrics,
    async listen(port, host) {
      await app.listen({ port, host });
      const address = app.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      return `http://${host}:${bound}/graphql`;
    },
    async close() {
      draining = true;
      await app.close();
      await orm.close();
    },
  };
}

/** Each request's JSON body as received: the gateway's token signs these exact bytes. */
const rawBodies = new WeakMap<object, string>();

function keepRawJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    rawBodies.set(request, body as string);
    parseJson(request, body as string, done);
  });
}
