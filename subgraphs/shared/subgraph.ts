import type { Constructor, MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { createLogger } from '../../lib/log.js';
import type { SubgraphConfig } from './config.js';
import type { SubgraphName } from '../../lib/subgraphs.js';
import { openDatabase, type MigrationSets } from './database.js';
import { buildFederatedSchema, type ReferenceResolver } from './schema.js';
import { createSubgraphServer, type SubgraphServer } from './server.js';
import { SubgraphMetrics } from './metrics.js';
import { exitIfPortInUse, reportListening } from '../../lib/supervised.js';
import { placeReferences } from './places.graphql.js';
import { PageInfo } from './pagination.js';

/** A sandbox tab's example: variables that run as loaded against fresh demo data, and the demo identity to run as (null: anonymous). */
export interface SandboxExampleSpec {
  operation: string;
  signIn: string | null;
  variables: Record<string, unknown>;
}

/** What every subgraph's sandbox examples may point at in the other subgraphs' demo data (scripts/sandbox-examples.ts picks it). */
export interface SandboxExampleContext {
  /** The city the examples use, e.g. `kyiv`; its staff sign in as `<role>-<city>`. */
  city: string;
  /** A registered organisation of that city. */
  organizationId: string;
}

/** What a subgraph's background work is given: its database, configuration and logger. */
export interface BackgroundContext {
  orm: MikroORM;
  config: SubgraphConfig;
  logger: Logger;
}

/** Long-running work of a subgraph's process beside its server. */
export interface BackgroundTask {
  /** Stops it, waiting for work under way (the database closes after). */
  stop(): Promise<void>;
}

/** Everything that makes one subgraph what it is; the rest is the same for all of them. */
export interface SubgraphDefinition {
  name: SubgraphName;
  entities: Constructor[];
  migrations: MigrationSets;
  /** Every resolver class, including the subgraph's own place resolvers (see `createPlaceTypes`). */
  resolvers: Function[];
  orphanedTypes?: Function[];
  references: Record<string, ReferenceResolver>;
  /** True when the database holds none of this subgraph's data yet. */
  isEmpty(em: SqlEntityManager): Promise<boolean>;
  /**
   * What its resolvers need beyond the request (rules, peers), built from the configuration;
   * `metrics`: the server's, served at its `/metrics`, for counters of the subgraph's own.
   */
  services?(config: SubgraphConfig, metrics: SubgraphMetrics): unknown;
  /** Writes the demo data, relative to `now`, inside the caller's transaction. */
  seedDemo(em: SqlEntityManager, now: Date): Promise<void>;
  /** Writes generated data at realistic volumes (see shared/volume.ts), relative to `now`, inside the caller's transaction. */
  seedVolume?(em: SqlEntityManager, now: Date, scale: number): Promise<void>;
  /**
   * Sandbox examples of its own client operations, from its demo data (read by `npm run
   * compose`, never by the gateway); public reads first, then residents', then staff work.
   */
  sandboxExamples?(context: SandboxExampleContext): SandboxExampleSpec[];
  /**
   * Work its process runs beside the server (events that time causes, see timed-events.ts):
   * started with the server, stopped when it closes, before the database; none when it
   * returns undefined.
   */
  background?(context: BackgroundContext): BackgroundTask | undefined;
}

/** The subgraph's federated schema: no database needed (composition uses it too). */
export function buildDefinitionSchema(definition: SubgraphDefinition, services?: unknown): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    services,
    resolvers: definition.resolvers as never,
    orphanedTypes: [PageInfo, ...(definition.orphanedTypes ?? [])],
    references: { ...placeReferences, ...definition.references },
  });
}

/** Seeds the demo data in one transaction when the database is empty; returns whether it did. */
export async function seedDemoIfEmpty(orm: MikroORM, definition: SubgraphDefinition, now = new Date()): Promise<boolean> {
  const em = orm.em.fork() as SqlEntityManager;
  if (!(await definition.isEmpty(em))) return false;
  await em.transactional((tx) => definition.seedDemo(tx as SqlEntityManager, now));
  return true;
}

/**
 * Fills an empty database with generated data at `scale`, in one transaction, and returns
 * the rows each table then holds.
 */
export async function seedVolume(orm: MikroORM, definition: SubgraphDefinition, scale: number, now = new Date()): Promise<Record<string, number>> {
  if (!definition.seedVolume) throw new Error(`The ${definition.name} subgraph has no generator of data at volume`);
  const em = orm.em.fork() as SqlEntityManager;
  await em.transactional((tx) => definition.seedVolume!(tx as SqlEntityManager, now, scale));
  const tables = definition.entities.map((entity) => orm.getMetadata().get(entity.name).tableName);
  // Planner statistics for the new volumes at once: a bulk load outpaces autovacuum (which some servers run off).
  // On PostgreSQL a vacuum too: until one sets the visibility map an index-only scan (a
  // district's count) still visits the table for every row it counts.
  const platform = em.getPlatform();
  if (platform instanceof PostgreSqlPlatform) await em.execute(`vacuum (analyze) ${tables.map((table) => platform.quoteIdentifier(table)).join(', ')}`);
  else await em.execute('analyze');
  const counts: Record<string, number> = {};
  for (const [i, entity] of definition.entities.entries()) counts[tables[i]!] = await em.count(entity, {});
  return counts;
}

export interface SubgraphOptions {
  /** Called with every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  logger?: Logger;
}

/** Opens the database (migrating, and seeding when configured), builds the schema and the server. */
export async function createSubgraph(
  definition: SubgraphDefinition,
  config: SubgraphConfig,
  options: SubgraphOptions = {},
): Promise<SubgraphServer & { orm: MikroORM }> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: definition.name });
  const orm = await openDatabase({
    database: config.database,
    entities: definition.entities,
    migrations: definition.migrations,
    onQuery: options.onQuery,
    logger,
  });
  try {
    if (config.seedDemoData && (await seedDemoIfEmpty(orm, definition))) logger.info('seeded demo data');
    const metrics = new SubgraphMetrics(definition.name);
    const schema = await buildDefinitionSchema(definition, definition.services?.(config, metrics));
    const server = await createSubgraphServer({
      name: definition.name,
      schema,
      orm,
      logger,
      gatewaySecret: config.gatewaySecret,
      outbox: { natsUrl: config.natsUrl, natsStreamPrefix: config.natsStreamPrefix, retainHours: config.outboxRetainHours },
      internal: { production: config.production, internalToken: config.internalToken },
      metrics,
    });
    const background = definition.background?.({ orm, config, logger });
    if (background) server.app.addHook('onClose', () => background.stop());
    return { ...server, orm };
  } catch (error) {
    await orm.close();
    throw error;
  }
}

/** A subgraph process: listen, and stop cleanly on SIGINT/SIGTERM. */
export async function runSubgraph(definition: SubgraphDefinition, config: SubgraphConfig): Promise<void> {
  const server = await createSubgraph(definition, config);
  const url = await server.listen(config.port, config.host).catch((error: unknown) => exitIfPortInUse(error, definition.name, config.port));
  server.app.log.info({ url, database: config.database.kind }, `${definition.name} subgraph ready`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  reportListening(definition.name);
}
