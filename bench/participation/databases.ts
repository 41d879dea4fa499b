import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/subgraphs.js';
import { postgresAnswers } from '../../subgraphs/shared/database.js';
import { builtMigrations, CANDIDATE_QUERIES, GENERATOR_VERSION, poolsFrom, seedScale, variablePools, withoutPostgres, type Candidates, type VariablePools } from './data.js';

/** The databases the participation workload runs on: SQLite files (as `npm start` runs), or PostgreSQL (as production runs). */
export const BENCH_DATABASES = ['sqlite', 'postgres'] as const;
export type BenchDatabase = (typeof BENCH_DATABASES)[number];

/** `--database`: one of them, or both side by side. */
export type DatabaseChoice = BenchDatabase | 'both';

/** Where the benchmark looks for PostgreSQL without `--postgres-url` or `DATABASE_URL`: a local server, as docker-compose and CI run it. */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ParticipationDatabases {
  /** In the order measured: SQLite first when both, so each PostgreSQL row follows its SQLite one. */
  kinds: BenchDatabase[];
  /** A PostgreSQL server (any database on it): the benchmark's own databases are made beside it. */
  postgresUrl: string;
}

/** The URL without its password, for messages. */
const shown = (url: string) => {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
};

/**
 * The databases for `--database`: as asked, failing when PostgreSQL is asked for and does
 * not answer; without the option, both when PostgreSQL answers, else SQLite alone, saying so.
 */
export async function chooseDatabases(asked: DatabaseChoice | undefined, postgresUrl: string, log: (line: string) => void): Promise<ParticipationDatabases> {
  if (asked === 'sqlite') return { kinds: ['sqlite'], postgresUrl };
  const answers = await postgresAnswers(postgresUrl, 2000);
  if (asked === undefined) {
    if (!answers) log(`Note: no PostgreSQL answers at ${shown(postgresUrl)}: the participation workload runs on SQLite alone (see --database, --postgres-url).`);
    return { kinds: answers ? ['sqlite', 'postgres'] : ['sqlite'], postgresUrl };
  }
  if (!answers) throw new Error(`--database ${asked}: no PostgreSQL answers at ${shown(postgresUrl)} (set --postgres-url or DATABASE_URL)`);
  return { kinds: asked === 'both' ? ['sqlite', 'postgres'] : ['postgres'], postgresUrl };
}

/** One subgraph's database at one scale on the server: `bench_s0_1_petitions` at scale 0.1. */
export function benchDatabaseUrl(serverUrl: string, scale: number, name: SubgraphName): string {
  const url = new URL(serverUrl);
  url.pathname = `/bench_s${String(scale).replace(/\W/g, '_')}_${name}`;
  return url.toString();
}

/** `<NAME>_DATABASE_URL` of every subgraph at one scale: how the seeder and the subgraphs are pointed at them. */
export function databaseUrlEnv(serverUrl: string, scale: number): Record<string, string> {
  return Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_DATABASE_URL`, benchDatabaseUrl(serverUrl, scale, name)]));
}

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * The PostgreSQL databases at one scale, one per subgraph, generated as the SQLite ones are
 * (`npm run seed -- --scale N`: the same generator, which creates a missing database) and
 * kept between runs, vacuumed by the generator (seedVolume: without the visibility map no
 * index-only scan is possible, and every count reads the table). Each database's comment
 * is its marker, as `seeded.json` is for SQLite (scale, generator, the PostgreSQL
 * migrations as built), written once the generator has finished: any database without it,
 * or with another, and all are generated again.
 */
export async function seedPostgresScale(root: string, dataDir: string, serverUrl: string, scale: number, log: (line: string) => void): Promise<void> {
  const wanted = JSON.stringify({ scale, generator: GENERATOR_VERSION, migrations: builtMigrations(root, 'postgresql'), vacuumed: true });
  const names = SUBGRAPH_NAMES.map((name) => databaseName(benchDatabaseUrl(serverUrl, scale, name)));
  const found = await withClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string; marker: string | null }>(
      "select datname, shobj_description(oid, 'pg_database') as marker from pg_database where datname = any($1)",
      [names],
    );
    if (names.every((name) => rows.some((row) => row.datname === name && row.marker === wanted))) return true;
    // Unmarked before generating: a run stopped half-way leaves no database claiming to be complete.
    for (const row of rows) if (row.marker !== null) await client.query(`comment on database ${client.escapeIdentifier(row.datname)} is null`);
    return false;
  });
  if (found) {
    log(`  PostgreSQL databases at scale ${scale} already generated (${names[0]} and the others on ${new URL(serverUrl).host})`);
    return;
  }
  const started = Date.now();
  log(`  generating PostgreSQL databases at scale ${scale} (npm run seed -- --scale ${scale}, into ${names.join(', ')})…`);
  const env = { ...withoutPostgres(process.env), DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...databaseUrlEnv(serverUrl, scale) };
  execFileSync(process.execPath, [join(root, 'dist/scripts/seed.js'), '--scale', String(scale)], { env, stdio: 'inherit', cwd: root });
  await withClient(serverUrl, async (client) => {
    for (const name of names) await client.query(`comment on database ${client.escapeIdentifier(name)} is ${client.escapeLiteral(wanted)}`);
  });
  log(`  generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** The pools from one scale's PostgreSQL databases: the same candidates, so the same pools, as from its SQLite files. */
export async function postgresVariablePools(serverUrl: string, scale: number): Promise<VariablePools> {
  const read = async <K extends keyof Candidates>(kind: K): Promise<Candidates[K]> => {
    const { subgraph, sql } = CANDIDATE_QUERIES[kind];
    return withClient(benchDatabaseUrl(serverUrl, scale, subgraph), async (client) => (await client.query(sql)).rows as Candidates[K]);
  };
  const [petitions, organizations, heritage] = await Promise.all([read('petitions'), read('organizations'), read('heritage')]);
  return poolsFrom({ petitions, organizations, heritage });
}

/** One scale's data on one database, ready to measure: where the subgraphs keep their files, the variables, and (PostgreSQL) their database URLs. */
export interface ScaleData {
  dataDir: string;
  pools: VariablePools;
  /** `<NAME>_DATABASE_URL` for each subgraph on PostgreSQL; none on SQLite. */
  databaseUrls?: Record<string, string>;
}

/** Generates one scale's databases when missing (or reuses them) and draws the variables from them. */
export async function prepareScale(root: string, scale: number, database: BenchDatabase, postgresUrl: string, log: (line: string) => void): Promise<ScaleData> {
  if (database === 'sqlite') {
    const dataDir = join(root, 'bench', '.data', `scale-${scale}`);
    seedScale(root, dataDir, scale, log);
    return { dataDir, pools: variablePools(dataDir) };
  }
  const dataDir = join(root, 'bench', '.data', `postgres-scale-${scale}`);
  mkdirSync(dataDir, { recursive: true });
  await seedPostgresScale(root, dataDir, postgresUrl, scale, log);
  return { dataDir, pools: await postgresVariablePools(postgresUrl, scale), databaseUrls: databaseUrlEnv(postgresUrl, scale) };
}
