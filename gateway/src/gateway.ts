import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '../../subgraphs/shared/http.js';
import { readFileSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import type { SubgraphName } from '../../subgraphs/shared/config.js';
import type { GatewayConfig } from './config.js';
import { createTokenVerifier } from './auth/verifier.js';
import type { GatewayContext } from './context.js';
import { dedupeErrorsPlugin } from './plugins/dedupe-errors.js';
import { createGatewayFormatError } from './plugins/format-error.js';
import { registerHealth } from './plugins/health.js';
import { registerGeoJson } from './plugins/geojson.js';
import { sandboxLandingPage, registerSandboxAssets } from './plugins/sandbox.js';
import { SubgraphDataSource } from './plugins/subgraph-data-source.js';

export interface Gateway {
  app: FastifyInstance;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The gateway: @apollo/gateway planning over the committed supergraph, served by Apollo
 * Server on Fastify at /graphql, with the sandbox and health routes. Builds only; `listen`
 * binds the port.
 */
export async function createGateway(config: GatewayConfig, logger?: Logger): Promise<Gateway> {
  const log = logger ?? pino({ level: config.logLevel, name: 'gateway' });
  // A municipal deployment does not phone home: @apollo/gateway otherwise reports usage to
  // Apollo and probes cloud metadata servers when constructed, and this variable is its
  // only switch (Apollo Server's reporting plugins are disabled below as well).
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
    buildService: ({ name, url }) =>
      new SubgraphDataSource({
        name,
        url: config.subgraphUrls[name as SubgraphName] ?? url!,
        timeoutMs: config.subgraphTimeoutMs,
        secret: config.gatewaySecret,
      }),
    logger: log,
  });
  const verify = await createTokenVerifier(config.auth, (error) => log.warn({ err: error }, 'identity provider keys unavailable'));
  const app = createHttpApp(log);
  // Browsers on other origins (the city's web front-ends) only where configured; tokens
  // travel in a header, never cookies, so credentials are not allowed.
  await app.register(fastifyCors, { origin: config.corsOrigins, credentials: false, maxAge: 600 });
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    fastifyApolloDrainPlugin(app),
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    dedupeErrorsPlugin(),
    config.sandbox ? sandboxLandingPage() : ApolloServerPluginLandingPageDisabled(),
  ];
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    // Refuses simple GET/form requests a browser would send cross-site without a preflight.
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // Without introspection, "did you mean" hints would leak the schema piece by piece.
    hideSchemaDetailsFromClientErrors: !config.introspection,
    formatError: createGatewayFormatError((error, message) => log.warn({ err: error }, message)),
    plugins,
  });
  await apollo.start();
  if (config.sandbox) await registerSandboxAssets(app);
  await app.register(fastifyApollo(apollo), {
    context: async (request) => ({
      acceptLanguage: headerValue(request.headers['accept-language']),
      viewer: await verify(headerValue(request.headers.authorization)),
    }),
  });
  registerHealth(app, config);
  registerGeoJson(app, apollo);
  return {
    app,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      return `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
    },
    async close() {
      await app.close();
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
