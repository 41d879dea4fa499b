import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { PrefixingKeyValueCache } from '@apollo/utils.keyvaluecache';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createHttpApp, createLogger, requestLogFields } from '../../lib/http.js';
import { libraryLogger } from '../../lib/log.js';
import { parseAcceptLanguage } from '../../lib/locale.js';
import type { SubgraphName } from '../../lib/subgraphs.js';
import { subgraphTimeout, type GatewayConfig } from './config.js';
import { createTokenVerifier } from './auth/verifier.js';
import { internalCallers } from './auth/internal-caller.js';
import { createCacheFreshness } from './cache/freshness.js';
import { connectRedis } from './cache/redis.js';
import { PersistedOperationCache, createSharedCache } from './cache/shared-cache.js';
import type { GatewayContext } from './context.js';
import { loadManifest } from './persisted/manifest.js';
import { createSafelist, requestedOperation } from './persisted/safelist.js';
import { cachePolicyPlugin, responseCachePlugin } from './plugins/cache-policy.js';
import { registerContentLanguage } from './plugins/content-language.js';
import { dedupeErrorsPlugin } from './plugins/dedupe-errors.js';
import { unresolvedOperationPlugin } from './plugins/unresolved-operation.js';
import { inflightDedupePlugin } from './plugins/inflight-dedupe.js';
import { createResultSerializer } from './plugins/serialize.js';
import { createGatewayFormatError } from './plugins/format-error.js';
import { Live } from './live/live.js';
import { subscriptionsNeedStreamPlugin } from './live/over-post.js';
import { registerSse } from './live/sse.js';
import { registerWebSocket } from './live/ws.js';
import { registerGeoJson } from './plugins/geojson.js';
import { registerOpenData } from './plugins/open-data.js';
import { registerHealth } from './plugins/health.js';
import { registerHttpErrors } from './plugins/http-errors.js';
import { registerJsonDepthLimit } from './plugins/json-depth.js';
import { GatewayMetrics, metricsPlugin, registerMetricsRoute } from './plugins/metrics.js';
import { createDocumentGate } from './plugins/document-limits.js';
import { costLimitPlugin } from './plugins/operation-limits.js';
import { createRateLimiter, RATE_LIMITED, refusedDocumentsPlugin, registerEarlyRefusals } from './plugins/rate-limit.js';
import { sandboxLandingPage, registerSandboxRoutes } from './plugins/sandbox.js';
import { SubgraphDataSource } from './plugins/subgraph-data-source.js';
import { registerRequestSpans, startTracing } from './plugins/tracing.js';
import { supergraphFromFile, warmQueryPlans } from './supergraph.js';
import { OwnExecutorGateway } from './execution/gateway-executor.js';

export interface Gateway {
  app: FastifyInstance;
  listen(): Promise<string>;
  /** Stops taking requests (`/ready` answers 503 at once), finishes those in flight, closes connections. */
  close(): Promise<void>;
  /** Resolves once the client operations' query plans are cached (at start, and after the last reload). */
  warmedUp(): Promise<number>;
}

/**
 * The gateway: @apollo/gateway planning over the supergraph file, served by Apollo Server
 * on Fastify at /graphql, with what a public endpoint needs around it (see README,
 * "Operations"). Builds only; `listen` binds the port.
 */
export async function createGateway(config: GatewayConfig, logger?: Logger): Promise<Gateway> {
  const log = logger ?? createLogger({ level: config.logLevel, name: 'gateway' });
  // A municipal deployment does not phone home: @apollo/gateway otherwise reports usage to
  // Apollo and probes cloud metadata servers when constructed, and this variable is its
  // only switch (Apollo Server's reporting plugins are disabled below as well).
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const stopTracing = startTracing(config.tracing);
  const manifest = loadManifest(config.persisted.manifestPath);
  const metrics = config.metrics ? new GatewayMetrics(new Set([...manifest.values()].map((op) => op.name))) : undefined;
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, log) : undefined;
  const sharedCache = createSharedCache(redis, config.cache.memoryBytes);
  // The response cache's tagged store: writes and events empty what they touch (cache/freshness.ts).
  const freshness = createCacheFreshness(redis, config.cache.memoryBytes, log);
  const consumeRateLimit = createRateLimiter(config.rateLimit, redis);
  const checkDocument = createDocumentGate(config.limits);
  const checkSafelist = createSafelist(manifest, config.persisted.safelist);
  const verify = await createTokenVerifier(config.auth, (error) => log.warn({ err: error }, 'identity provider keys unavailable'));
  // Subscriptions (live/): admitted with the same checks as queries, executed over their query plans per event.
  const formatLiveError = createGatewayFormatError((error, message) => log.warn({ err: error, ...requestLogFields() }, message));
  const live = new Live({ config, log, metrics, verify, consumeRateLimit, checkDocument, checkSafelist, manifest, sharedCache, formatError: formatLiveError });

  const dataSources: SubgraphDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(config.supergraphPath, config.watchSupergraph, log),
    buildService: ({ name, url }) => {
      const source = new SubgraphDataSource({
        name,
        url: config.subgraphUrls[name as SubgraphName] ?? url!,
        timeoutMs: subgraphTimeout(config, name),
        tracing: !!config.tracing.otlpEndpoint,
        secret: config.gatewaySecret,
        metrics,
        afterWrite: freshness.afterWrite,
      });
      dataSources.push(source);
      live.addSubgraph(name, config.subgraphUrls[name as SubgraphName] ?? url!, source);
      return source;
    },
    // Its lines lose what follows their first clause: query plans (with the document's literals), error messages.
    logger: libraryLogger(log, '@apollo/gateway'),
  });
  live.followSchema(gateway);
  // Writes that did not pass through this process (another replica, the importer) reach its response cache as events.
  live.onEvent(freshness.invalidateForEvent);
  let warming: Promise<number> = Promise.resolve(0);
  gateway.onSchemaLoadOrUpdate(() => {
    // After the gateway swapped schemas (and emptied its plan cache), outside its listener.
    warming = new Promise((resolve) => setImmediate(resolve)).then(async () => {
      const started = performance.now();
      const planned = await warmQueryPlans(gateway, [...manifest.values()], log);
      metrics?.planCacheWarm.inc(planned);
      log.info({ planned, ms: Math.round(performance.now() - started) }, 'query-plan cache warmed with the client operations');
      return planned;
    });
  });

  const app = createHttpApp(log, { bodyLimit: config.limits.maxBodyBytes, trustProxyHops: config.trustProxyHops });
  registerHttpErrors(app);
  registerContentLanguage(app);
  registerJsonDepthLimit(app, config.limits.maxJsonDepth);
  if (config.tracing.otlpEndpoint) registerRequestSpans(app);
  // Browsers on other origins (the city's web front-ends) only where configured; tokens
  // travel in a header, never cookies, so credentials are not allowed.
  await app.register(fastifyCors, { origin: config.corsOrigins, credentials: false, maxAge: 600 });
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    fastifyApolloDrainPlugin(app),
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    dedupeErrorsPlugin(),
    unresolvedOperationPlugin(),
    subscriptionsNeedStreamPlugin(),
    costLimitPlugin(config.limits),
    refusedDocumentsPlugin(),
    cachePolicyPlugin(),
    ...(config.cache.responseCache ? [responseCachePlugin(freshness)] : []),
    ...(config.dedupeInflight ? [inflightDedupePlugin(() => metrics?.deduplicated.inc(), (request) => freshness.generationOf(request))] : []),
    ...(metrics ? [metricsPlugin(metrics)] : []),
    config.sandbox ? sandboxLandingPage(config) : ApolloServerPluginLandingPageDisabled(),
  ];
  const apollo = new ApolloServer<GatewayContext>({
    // GATEWAY_EXECUTOR=own: @apollo/gateway loads and plans, our executor runs the plans (execution/).
    gateway: config.executor === 'own' ? new OwnExecutorGateway(gateway) : gateway,
    cache: sharedCache,
    // Manifest operations by id for everyone; documents registered by id (APQ) kept in the shared cache.
    persistedQueries: {
      cache: PrefixingKeyValueCache.cacheDangerouslyDoesNotNeedPrefixesForIsolation(new PersistedOperationCache(manifest, sharedCache)),
      ttl: config.persisted.apqTtlSeconds,
    },
    parseOptions: { maxTokens: config.limits.maxTokens },
    introspection: config.introspection,
    // Refuses simple GET/form requests a browser would send cross-site without a preflight.
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    stringifyResult: createResultSerializer(),
    // Without introspection, "did you mean" hints would leak the schema piece by piece.
    hideSchemaDetailsFromClientErrors: !config.introspection,
    formatError: createGatewayFormatError((error, message) => log.warn({ err: error, ...requestLogFields() }, message)),
    logger: libraryLogger(log, 'apollo-server'),
    plugins,
  });
  await apollo.start();
  live.start(apollo);
  if (config.sandbox) await registerSandboxRoutes(app, config);
  registerEarlyRefusals(app, '/graphql', consumeRateLimit, () => {
    metrics?.errors.inc({ code: RATE_LIMITED });
    metrics?.requests.inc({ operation: 'other', outcome: 'refused' });
  });
  // Subscriptions (and any operation) over Server-Sent Events and WebSocket at /graphql, before Apollo's routes see them.
  const liveStreams = { path: '/graphql', heartbeatSeconds: config.live.heartbeatSeconds, queueLimit: config.live.queueLimit, formatError: formatLiveError, metrics, log };
  const sse = registerSse(app, live, liveStreams);
  const webSockets = registerWebSocket(app, live, { ...liveStreams, verify, maxPayload: config.limits.maxBodyBytes, trustProxyHops: config.trustProxyHops });
  await app.register(fastifyApollo(apollo), {
    // Who is calling, whether they may ask now, and whether they may ask this: all before
    // Apollo parses, validates or plans, and before any subgraph.
    context: async (request) => {
      const viewer = await verify(headerValue(request.headers.authorization));
      const allowance = await consumeRateLimit(viewer, request.ip);
      const operation = requestedOperation(request.method, request.body, request.query);
      checkSafelist(operation, viewer);
      // The operation limits, on the parsed document before Apollo validates it; a refusal is paid for by its size.
      const refusal = checkDocument(operation.query);
      if (refusal) {
        await allowance.chargeRefused(operation.query);
        throw refusal;
      }
      return { viewer, locale: parseAcceptLanguage(request.headers['accept-language']), requestId: request.id, allowance };
    },
  });
  const health = registerHealth(app, config);
  let closing: Promise<void> | undefined;
  if (metrics) registerMetricsRoute(app, metrics, internalCallers(config));
  registerGeoJson(app, apollo, consumeRateLimit);
  registerOpenData(app, apollo, consumeRateLimit);
  return {
    app,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      return `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
    },
    close() {
      // Once, however many times it is asked (SIGINT after SIGTERM, a test's cleanup after its own).
      closing ??= (async () => {
        health.draining();
        // Streams first: each client is told to come back (WebSocket 1012, SSE `retry:`), then the feed stops.
        await webSockets.close(5000);
        await live.close();
        await sse.drained(5000);
        await app.close();
        await Promise.all(dataSources.map((source) => source.close()));
        await redis?.quit().catch(() => undefined);
        await stopTracing();
      })();
      return closing;
    },
    warmedUp: () => warming,
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
