import { DefaultLogger, MikroORM, type Constructor, type LoggerOptions, type LogContext, type Options } from '@mikro-orm/core';
import type { MigrationObject } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';

/** Where a subgraph keeps its data: an embedded SQLite file (the default) or a PostgreSQL database. */
export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgresql'; url: string };

export type Dialect = DatabaseConfig['kind'];

/** The committed migrations of one subgraph, one list per dialect (their SQL differs). */
export type MigrationSets = Record<Dialect, MigrationObject[]>;

export interface OrmOptions {
  database: DatabaseConfig;
  entities: Constructor[];
  migrations: MigrationSets;
  /** Called with every SQL statement the ORM sends: tests count statements with it. */
  onQuery?: (sql: string) => void;
  /** Print every statement (development aid). */
  debug?: boolean;
}

/** A MikroORM logger that also reports each statement to a hook, whether or not it prints. */
class ObservedLogger extends DefaultLogger {
  constructor(options: LoggerOptions, private readonly onQuery?: (sql: string) => void) {
    super(options);
  }
  override logQuery(context: { query: string } & LogContext): void {
    this.onQuery?.(context.query);
    super.logQuery(context);
  }
}

/** MikroORM options for a subgraph; shared by the server, the seeder and the migration generator. */
export function ormOptions(options: OrmOptions): Options {
  const { database } = options;
  const common = {
    entities: options.entities,
    extensions: [Migrator],
    debug: options.debug ? ['query' as const] : false,
    loggerFactory: (loggerOptions: LoggerOptions) => new ObservedLogger(loggerOptions, options.onQuery),
    // Explicit types everywhere: no reliance on emitted decorator metadata (esbuild-based
    // runners such as vitest do not emit it).
    discovery: { requireEntitiesArray: true },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    migrations: {
      migrationsList: options.migrations[database.kind],
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  };
  if (database.kind === 'sqlite') {
    mkdirSync(dirname(database.file), { recursive: true });
    return { ...common, driver: BetterSqliteDriver, dbName: database.file } as Options;
  }
  return { ...common, driver: PostgreSqlDriver, clientUrl: database.url } as Options;
}

/** Opens the database, creating the PostgreSQL database itself if missing, and applies pending migrations. */
export async function openDatabase(options: OrmOptions): Promise<MikroORM> {
  if (options.database.kind === 'postgresql') await ensurePostgresDatabase(options.database.url);
  const orm = await MikroORM.init(ormOptions(options));
  if (options.database.kind === 'sqlite') {
    // WAL lets readers proceed while one writer commits; foreign keys are off by default in SQLite.
    const connection = orm.em.getConnection();
    await connection.execute('pragma journal_mode = wal');
    await connection.execute('pragma foreign_keys = on');
    await connection.execute('pragma busy_timeout = 5000');
  }
  await orm.getMigrator().up();
  return orm;
}

/** `CREATE DATABASE` when the configured one does not exist yet, so a fresh server needs no manual step. */
async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`create database "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        // Another process created it between our check and our create.
        if (error.code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}
