import { DefaultLogger, MikroORM, type Constructor, type LoggerOptions, type LogContext, type Options } from '@mikro-orm/core';
import type { MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { noteFailedStatement, requestLogFields } from '../../lib/log.js';
import { OutboxEvent } from './outbox/outbox-event.entity.js';
import { PreparedReadsPostgreSqlDriver, PreparedReadsSqliteDriver } from './prepared-reads.js';

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
  /** Log every statement (development aid); on when `logger` is at `trace`. */
  debug?: boolean;
  /** Where MikroORM's lines go (the service's logger); without it, MikroORM's own console output. */
  logger?: Logger;
}

/**
 * A statement as a log line may show it: its text with every literal and placeholder
 * replaced by `?` (lists collapsed), and a short hash of that text to group and search by.
 * Never a value: MikroORM inlines the values into the SQL it runs, so a statement as the
 * driver saw it names who signed what.
 */
export function statementFingerprint(sql: string): { statement: string; sql: string } {
  const normalized = sql
    .replace(/\b[eE]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'/g, '?') // string literals, E'' ones with backslash escapes
    .replace(/'[^]*$/, '?') // an unterminated literal: drop the rest rather than risk a value
    .replace(/\$\d+|(?<![\w."])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b|\b(?:true|false|null)\b/gi, '?')
    .replace(/\?(?:\s*,\s*\?)+/g, '?') // `in (?, ?, ?)` is one statement whatever the list's length
    .replace(/\s+/g, ' ')
    .trim();
  return { statement: createHash('sha256').update(normalized).digest('hex').slice(0, 16), sql: normalized };
}

/**
 * MikroORM's lines through the service's logger, without values: each statement (at
 * `trace`, when debugging is on) by fingerprint, timing and row counts; a failed one at
 * `debug`, remembered for the request so that the masked error's line names it. Every
 * statement also goes to `onQuery`, whether or not it is logged (tests count them).
 */
class FingerprintingLogger extends DefaultLogger {
  constructor(
    options: LoggerOptions,
    private readonly logger?: Logger,
    private readonly onQuery?: (sql: string) => void,
  ) {
    super(options);
  }

  override log(namespace: string, message: string, context?: LogContext): void {
    if (!this.logger) return super.log(namespace as never, message, context);
    if (!this.isEnabled(namespace as never, context)) return;
    // MikroORM's own messages (discovery, migrations, deprecations) name entities and options, never rows.
    const level = context?.level === 'error' ? 'error' : context?.level === 'warning' ? 'warn' : 'debug';
    this.logger[level]({ orm: namespace, ...requestLogFields() }, message.replace(/\s+/g, ' ').trim());
  }

  override logQuery(context: { query: string } & LogContext): void {
    this.onQuery?.(context.query);
    if (!this.logger) return super.logQuery(context);
    const failed = context.level === 'error';
    if (!failed && !this.isEnabled('query', context)) return;
    const fingerprint = statementFingerprint(context.query);
    const fields = { ...fingerprint, took: context.took, results: context.results, affected: context.affected, ...requestLogFields() };
    if (failed) {
      noteFailedStatement(fingerprint.statement);
      this.logger.debug(fields, 'SQL statement failed');
    } else {
      this.logger.trace(fields, 'SQL statement');
    }
  }
}

/** MikroORM options for a subgraph; shared by the server, the seeder and the migration generator. */
export function ormOptions(options: OrmOptions): Options {
  const { database } = options;
  const common = {
    // Every subgraph keeps an outbox of its domain events (see outbox/): added here, so that
    // the server, the seeder, the migration generator and the tests all see the same tables.
    entities: options.entities.includes(OutboxEvent) ? options.entities : [...options.entities, OutboxEvent],
    extensions: [Migrator],
    // Never `query-params`: that would print each statement with its values.
    debug: (options.debug ?? options.logger?.isLevelEnabled('trace')) ? ['query' as const] : false,
    loggerFactory: (loggerOptions: LoggerOptions) => new FingerprintingLogger(loggerOptions, options.logger, options.onQuery),
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
    return { ...common, driver: PreparedReadsSqliteDriver, dbName: database.file } as Options;
  }
  return { ...common, driver: PreparedReadsPostgreSqlDriver, clientUrl: database.url } as Options;
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

/** Whether a PostgreSQL server answers at `url` within `timeoutMs` (the tests and the benchmark ask before they rely on one). */
export async function postgresAnswers(url: string, timeoutMs: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
