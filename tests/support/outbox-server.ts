import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { gql } from 'graphql-tag';
import type { NewEvent } from '../../lib/events.js';
import { createLogger } from '../../lib/log.js';
import type { SubgraphName } from '../../lib/subgraphs.js';
import { heritageMigrations } from '../../subgraphs/heritage/migrations/index.js';
import { registryMigrations } from '../../subgraphs/registry/migrations/index.js';
import type { RequestContext } from '../../subgraphs/shared/context.js';
import { openDatabase, type DatabaseConfig, type MigrationSets } from '../../subgraphs/shared/database.js';
import { recordEvent } from '../../subgraphs/shared/outbox/record-event.js';
import { createSubgraphServer, type SubgraphServer } from '../../subgraphs/shared/server.js';
import type { ScratchDatabase } from './databases.js';
import { TEST_GATEWAY_SECRET } from './gateway-signing.js';

/**
 * A subgraph server with the shared machinery (signing, outbox, internal event stream,
 * relay) over a real migrated database, but a tiny schema of its own: `record` records an
 * event in a transaction (and fails after it when asked), `event` echoes the request's
 * `ctx.event`. Starts in well under a second: no demo data.
 */
export interface OutboxServer {
  name: SubgraphName;
  url: string;
  database: DatabaseConfig;
  orm: MikroORM;
  server: SubgraphServer;
  /** SQL statements sent so far (tests wait for a reader's statement). */
  statements: string[];
  /** Records events in one transaction on a fork, as a write would. */
  record(...events: NewEvent[]): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS: Partial<Record<SubgraphName, MigrationSets>> = { registry: registryMigrations, heritage: heritageMigrations };

export const TEST_EVENT: NewEvent = { type: 'OrganizationRegistered', city: 'kyiv', entityId: '00000000-0000-4000-8000-000000000001' };

/** Built as the subgraphs build theirs (@apollo/subgraph), so that one copy of graphql-js serves it. */
function testSchema(): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: gql`
      type Query {
        event: String
      }
      type Mutation {
        record(city: String, fail: Boolean): Int
      }
    `,
    resolvers: {
      Query: {
        event: (_source: unknown, _args: unknown, ctx: RequestContext) => (ctx.event ? JSON.stringify(ctx.event) : null),
      },
      Mutation: {
        record: async (_source: unknown, args: { city?: string; fail?: boolean }, ctx: RequestContext) => {
          await ctx.em.transactional(async (tx) => {
            recordEvent(tx, { ...TEST_EVENT, city: args.city ?? TEST_EVENT.city });
            await tx.flush();
            if (args.fail) throw new Error('the write failed after recording its event');
          });
          return 1;
        },
      },
    } as never,
  });
}

export async function startOutboxServer(
  name: 'registry' | 'heritage',
  database: ScratchDatabase,
  options: { natsUrl?: string; natsStreamPrefix?: string; port?: number } = {},
): Promise<OutboxServer> {
  const statements: string[] = [];
  const logger = createLogger({ name, level: 'silent' });
  const orm = await openDatabase({ database: database.config, entities: [], migrations: MIGRATIONS[name]!, onQuery: (sql) => statements.push(sql), logger });
  const server = await createSubgraphServer({ name, schema: testSchema(), orm, logger, gatewaySecret: TEST_GATEWAY_SECRET, outbox: { natsUrl: options.natsUrl, natsStreamPrefix: options.natsStreamPrefix } });
  const url = await server.listen(options.port ?? 0, '127.0.0.1');
  return {
    name,
    url,
    database: database.config,
    orm,
    server,
    statements,
    async record(...events) {
      await (orm.em.fork() as SqlEntityManager).transactional(async (tx) => {
        for (const event of events) recordEvent(tx, event);
      });
    },
    close: () => server.close(),
  };
}
