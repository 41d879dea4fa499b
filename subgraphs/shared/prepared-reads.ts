import { BetterSqliteConnection, BetterSqlitePlatform } from '@mikro-orm/better-sqlite';
import type { Configuration } from '@mikro-orm/core';
import { AbstractSqlDriver, type Knex } from '@mikro-orm/knex';
import { PostgreSqlConnection, PostgreSqlPlatform } from '@mikro-orm/postgresql';

/**
 * Reads as prepared statements, on both databases.
 *
 * MikroORM runs every statement by writing its values into the SQL text
 * (`platform.formatQuery`) and handing that text to knex. Each read is then new SQL to the
 * database: better-sqlite3 compiles a fresh `Statement` per call (the largest single frame
 * of the subgraphs' profile under load, `npm run bench:profile`), and PostgreSQL parses and
 * plans each one. Reads outside a transaction here instead keep the `?` placeholders and
 * pass the values beside them, on a connection taken from knex's own pool (so they still
 * wait for a write's transaction, as before):
 *  - SQLite: one compiled statement per distinct SQL text and connection, kept (bounded);
 *  - PostgreSQL: a named prepared statement per distinct text and connection (bounded),
 *    which the server parses once and then only binds and runs.
 * Writes, statements in a transaction and the rare read whose values are lists or objects
 * (MikroORM expands those into the text) take MikroORM's own path, unchanged. Statements
 * are logged and counted (`onQuery`) exactly as before.
 */

/**
 * How many distinct read statements a connection keeps compiled (batches of different sizes
 * are distinct texts). SQLite's live in this process, least recently compiled dropped first;
 * PostgreSQL keeps a plan per named statement in each server backend for the connection's
 * life, so fewer are named there (the first ones a connection meets: the hot paths), and
 * the rest run unnamed, values still bound.
 */
export const PREPARED_PER_CONNECTION = { sqlite: 500, postgresql: 100 } as const;

type Method = 'all' | 'get' | 'run';
type Params = readonly unknown[];

/** A read that can go as placeholders and values: a plain `select`, with scalar values only. */
function preparedRead(sql: string, params: Params, method: Method, ctx: unknown): boolean {
  if (ctx || method === 'run') return false;
  if (!/^\s*\(?\s*select\s/i.test(sql)) return false;
  // `??` is an identifier placeholder and `\?` a literal question mark: formatQuery's business.
  if (sql.includes('??') || sql.includes('\\?')) return false;
  for (const value of params) {
    if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) return false;
  }
  return true;
}

/** A map that forgets its oldest entry beyond `limit` (Map keeps insertion order). */
function remember<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  if (map.size >= limit) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

interface SqliteStatement {
  all(...params: unknown[]): unknown[];
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

const compiled = new WeakMap<SqliteDatabase, Map<string, SqliteStatement>>();

/** Values as knex's better-sqlite3 dialect binds them: dates as epoch milliseconds, booleans as 0/1. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.valueOf();
  if (typeof value === 'boolean') return Number(value);
  return value === undefined ? null : value;
}

function sqliteRows(db: SqliteDatabase, sql: string, params: Params): unknown[] {
  let statements = compiled.get(db);
  if (!statements) compiled.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    remember(statements, sql, statement, PREPARED_PER_CONNECTION.sqlite);
  }
  return statement.all(...params.map(sqliteValue));
}

interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Per connection: each named statement's `$n` text and name, by its `?` text. Names are
 * never reused on a connection (PostgreSQL would refuse).
 */
const named = new WeakMap<PgClient, Map<string, { text: string; name: string }>>();

/** `?` placeholders as PostgreSQL's `$1, $2, …`. */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

async function postgresRows(client: PgClient, sql: string, params: Params): Promise<{ rows: unknown[] }> {
  let statements = named.get(client);
  if (!statements) named.set(client, (statements = new Map()));
  const values = params.map((value) => (value === undefined ? null : value));
  let statement = statements.get(sql);
  if (!statement) {
    const text = numberedPlaceholders(sql);
    // Beyond the bound, unnamed: still bound values, parsed anew (no server memory grows without end).
    if (statements.size >= PREPARED_PER_CONNECTION.postgresql) return client.query({ text, values });
    // Entries are never dropped, so the size numbers the names.
    statements.set(sql, (statement = { text, name: `pg_read_${statements.size}` }));
  }
  return client.query({ ...statement, values });
}

/** Runs `read` on a connection of knex's pool, like any other statement of the ORM. */
async function onPooledConnection<C, R>(knex: Knex, read: (connection: C) => R | Promise<R>): Promise<R> {
  const client = knex.client as { acquireConnection(): Promise<C>; releaseConnection(connection: C): Promise<unknown> };
  const connection = await client.acquireConnection();
  try {
    return await read(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}

/** The SQL and values of whatever `execute` was given (knex query builders say both). */
function statementOf(queryOrKnex: unknown, params: Params): { sql: string; params: Params } {
  if (typeof queryOrKnex === 'string') return { sql: queryOrKnex, params };
  const { sql, bindings } = (queryOrKnex as Knex.QueryBuilder).toSQL();
  return { sql, params: bindings ?? [] };
}

/** What `execute` does on both databases; `ownPath` is MikroORM's, `rows` runs a prepared read on a pooled connection. */
interface ReadingConnection {
  config: Configuration;
  ensureConnection(): Promise<void>;
  executeQuery<T>(query: string, run: () => Promise<T>, context?: object): Promise<T>;
  transformRawResult<T>(result: unknown, method: Method): T;
  getKnex(): Knex;
}
type Execute = (queryOrKnex: unknown, params: Params, method: Method, ctx?: unknown, loggerContext?: unknown) => Promise<never>;

async function execute(
  connection: ReadingConnection,
  ownPath: Execute,
  rows: (knex: Knex, sql: string, params: Params) => Promise<unknown>,
  queryOrKnex: unknown,
  params: Params,
  method: Method,
  ctx?: unknown,
  loggerContext?: unknown,
): Promise<never> {
  // A query builder bound to a transaction: MikroORM's path, which runs it there.
  if ((queryOrKnex as { client?: { transacting?: boolean } } | null)?.client?.transacting) return ownPath(queryOrKnex, params, method, ctx, loggerContext);
  const statement = statementOf(queryOrKnex, params);
  if (!preparedRead(statement.sql, statement.params, method, ctx)) return ownPath(statement.sql, statement.params, method, ctx, loggerContext);
  const sql = connection.config.get('onQuery')(statement.sql, statement.params as unknown[]);
  await connection.ensureConnection();
  return connection.executeQuery(sql, async () => connection.transformRawResult(await rows(connection.getKnex(), sql, statement.params), method), {
    query: sql,
    params: statement.params,
    ...(loggerContext as object),
  }) as Promise<never>;
}

export class PreparedReadsSqliteConnection extends BetterSqliteConnection {
  override async execute(queryOrKnex: unknown, params: Params = [], method: Method = 'all', ctx?: unknown, loggerContext?: unknown): Promise<never> {
    const ownPath: Execute = (...args) => super.execute(...(args as unknown as Parameters<BetterSqliteConnection['execute']>)) as Promise<never>;
    const rows = (knex: Knex, sql: string, values: Params) => onPooledConnection<SqliteDatabase, unknown[]>(knex, (db) => sqliteRows(db, sql, values));
    return execute(this as unknown as ReadingConnection, ownPath, rows, queryOrKnex, params, method, ctx, loggerContext);
  }
}

export class PreparedReadsPostgreSqlConnection extends PostgreSqlConnection {
  override async execute(queryOrKnex: unknown, params: Params = [], method: Method = 'all', ctx?: unknown, loggerContext?: unknown): Promise<never> {
    const ownPath: Execute = (...args) => super.execute(...(args as unknown as Parameters<PostgreSqlConnection['execute']>)) as Promise<never>;
    const rows = (knex: Knex, sql: string, values: Params) => onPooledConnection<PgClient, { rows: unknown[] }>(knex, (client) => postgresRows(client, sql, values));
    return execute(this as unknown as ReadingConnection, ownPath, rows, queryOrKnex, params, method, ctx, loggerContext);
  }
}

/** better-sqlite3 as MikroORM's BetterSqliteDriver, with prepared reads. */
export class PreparedReadsSqliteDriver extends AbstractSqlDriver<PreparedReadsSqliteConnection, BetterSqlitePlatform> {
  constructor(config: Configuration) {
    super(config, new BetterSqlitePlatform(), PreparedReadsSqliteConnection, ['knex', 'better-sqlite3']);
  }
}

/** pg as MikroORM's PostgreSqlDriver, with prepared reads. */
export class PreparedReadsPostgreSqlDriver extends AbstractSqlDriver<PreparedReadsPostgreSqlConnection, PostgreSqlPlatform> {
  constructor(config: Configuration) {
    super(config, new PostgreSqlPlatform(), PreparedReadsPostgreSqlConnection, ['knex', 'pg']);
  }
}
