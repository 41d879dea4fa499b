import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, copyFileSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createLogger } from '../../lib/log.js';
import type { SubgraphName } from '../../lib/subgraphs.js';
import { fromRoot } from '../../scripts/paths.js';
import { SUBGRAPHS } from '../../subgraphs/index.js';
import { openDatabase, type DatabaseConfig, type Dialect } from '../../subgraphs/shared/database.js';
import { seedDemoIfEmpty, type SubgraphDefinition } from '../../subgraphs/shared/subgraph.js';
import { inject } from 'vitest';
import { scratchDatabase, TEST_POSTGRES_URL, type ScratchDatabase } from './databases.js';
import { TEMPLATE_DATABASE_PREFIX, type TemplateRun } from './templates.setup.js';

/**
 * Seeded-database templates. Seeding the demo data writes ~150,000 signature rows, 10 to
 * 30 s per graph; so each subgraph's database is migrated and seeded once per test run (per
 * dialect) and each graph a test starts gets a copy: the SQLite file copied, the PostgreSQL
 * database created `TEMPLATE` it, well under a second either way.
 *
 * The first worker that needs a template builds it under a lock file; the others wait for
 * it. `templates.setup.ts` (the integration project's globalSetup) gives the run its
 * directory and drops what was built when the run ends.
 *
 * The demo data is dated relative to when it was seeded, in whole days (nothing falls within
 * a day of `now` but rows dated `now` or earlier), so a copy made minutes later is the demo
 * data seeded minutes earlier, as `npm start`'s is. A template is still rebuilt past
 * `MAX_AGE_MS` (watch mode), and for changed sources (the key hashes them).
 */
const MAX_AGE_MS = 30 * 60_000;
/** How long a worker waits for another one's template before giving up (a build takes 10 to 60 s). */
const WAIT_MS = 5 * 60_000;

/** Everything that decides what a seeded database holds: migrations, entities, seeders, demo data, importers. */
function sourcesKey(): string {
  const hash = createHash('sha256');
  for (const top of ['subgraphs', 'lib']) {
    const files = readdirSync(fromRoot(top), { recursive: true, encoding: 'utf8' }).sort();
    for (const file of files) {
      const path = fromRoot(top, file);
      try {
        hash.update(path).update(readFileSync(path));
      } catch {
        // a directory
      }
    }
  }
  return hash.digest('hex').slice(0, 10);
}
/** Read again after a few seconds, not once per module: watch mode keeps this module while sources change. */
let key: { value: string; at: number } | undefined;
const currentKey = (): string => {
  if (!key || Date.now() - key.at > 5000) key = { value: sourcesKey(), at: Date.now() };
  return key.value;
};

/** Seeds what the default definition seeds: same seeder and migrations (other petition rules do not change the demo data). */
export function seedsAsDefault(name: SubgraphName, definition: SubgraphDefinition): boolean {
  const standard = SUBGRAPHS[name]!;
  return (
    definition === standard ||
    (definition.seedDemo === standard.seedDemo &&
      definition.isEmpty === standard.isEmpty &&
      definition.migrations === standard.migrations &&
      definition.entities.length === standard.entities.length &&
      definition.entities.every((entity, i) => entity === standard.entities[i]))
  );
}

interface Built {
  /** The SQLite file or the PostgreSQL database name. */
  source: string;
  builtAt: number;
}

function readBuilt(file: string): Built | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Built;
  } catch {
    return undefined;
  }
}

function holderAlive(lock: string): boolean {
  const pid = Number(readFileSync(lock, 'utf8'));
  if (!pid) return true; // being written
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `build` holding `lock` (a file created exclusively), removing a lock whose process died. */
async function withLock<T>(lock: string, build: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return await build();
      } finally {
        rmSync(lock, { force: true });
      }
    }
    try {
      if (!holderAlive(lock)) rmSync(lock, { force: true });
    } catch {
      // released meanwhile
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock}`);
    await sleep(100);
  }
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

function databaseUrl(database: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Migrates and seeds a new database for `name`, closed, ready to be copied. */
async function build(run: TemplateRun, dialect: Dialect, name: SubgraphName, key: string): Promise<Built> {
  const stamp = `${key}_${Date.now().toString(36)}`;
  const source = dialect === 'sqlite' ? join(run.dir, `${name}-${stamp}.sqlite`) : `${TEMPLATE_DATABASE_PREFIX}${run.id}_${name}_${stamp}`;
  const database: DatabaseConfig = dialect === 'sqlite' ? { kind: 'sqlite', file: source } : { kind: 'postgresql', url: databaseUrl(source) };
  const definition = SUBGRAPHS[name]!;
  const orm = await openDatabase({ database, entities: definition.entities, migrations: definition.migrations, logger: createLogger({ name, level: 'silent' }) });
  try {
    await seedDemoIfEmpty(orm, definition);
    // Everything into the main file, so that the file alone is the database.
    if (dialect === 'sqlite') await orm.em.getConnection().execute('pragma wal_checkpoint(truncate)');
  } finally {
    await orm.close();
  }
  // A template nothing connects to (CREATE DATABASE … TEMPLATE refuses a source in use).
  if (dialect === 'postgresql') await admin((client) => client.query(`alter database ${quoted(source)} with is_template true allow_connections false`));
  return { source, builtAt: Date.now() };
}

/** The run's template of `name` on `dialect`: built by this worker or another, at most `MAX_AGE_MS` old. */
async function template(run: TemplateRun, dialect: Dialect, name: SubgraphName): Promise<Built> {
  const key = currentKey();
  const record = join(run.dir, `${dialect}-${name}-${key}.json`);
  const fresh = () => {
    const built = readBuilt(record);
    return built && Date.now() - built.builtAt < MAX_AGE_MS ? built : undefined;
  };
  return (
    fresh() ??
    (await withLock(`${record}.lock`, async () => {
      const built = fresh() ?? (await build(run, dialect, name, key));
      writeFileSync(`${record}.tmp`, JSON.stringify(built));
      renameSync(`${record}.tmp`, record);
      return built;
    }))
  );
}

/** A scratch database for `name` holding the migrated schema and the demo data, copied from the run's template. */
export async function seededCopy(run: TemplateRun, dialect: Dialect, name: SubgraphName): Promise<ScratchDatabase> {
  const { source } = await template(run, dialect, name);
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(run.dir, `copy-${name}-`));
    const file = join(dir, `${name}.sqlite`);
    copyFileSync(source, file, constants.COPYFILE_FICLONE);
    return { config: { kind: 'sqlite', file }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = `participation_test_${process.pid}_${randomBytes(4).toString('hex')}_${name}`;
  await admin((client) => client.query(`create database ${quoted(database)} template ${quoted(source)}`));
  return {
    config: { kind: 'postgresql', url: databaseUrl(database) },
    drop: () => admin(async (client) => void (await client.query(`drop database if exists ${quoted(database)} with (force)`))),
  };
}

/**
 * A database for `name` holding the demo data: a copy of the run's template in the
 * integration project; elsewhere (no template run) an empty one, which the subgraph seeds
 * when it starts with `seedDemoData`.
 */
export async function demoDatabase(dialect: Dialect, name: SubgraphName): Promise<ScratchDatabase> {
  const run = inject('templateRun');
  return run ? seededCopy(run, dialect, name) : scratchDatabase(dialect, name);
}
