import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { TEST_POSTGRES_URL } from './databases.js';

/**
 * The integration project's globalSetup: a directory for this run's seeded-database
 * templates (see templates.ts), handed to the workers, and everything built in it dropped
 * when the run ends. Kept light (no subgraph code): it runs in Vitest's own process.
 */

/** Where a run keeps its templates: its directory, and the prefix of its PostgreSQL templates. */
export interface TemplateRun {
  dir: string;
  id: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateRun: TemplateRun;
  }
}

/** PostgreSQL templates are named `participation_tpl_<run id>_<subgraph>_…`. */
export const TEMPLATE_DATABASE_PREFIX = 'participation_tpl_';
const ROOT = join(tmpdir(), 'participation-graph-templates');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** A run that ended without its teardown (killed), or whose directory is gone (a minute's grace for one being created). */
function abandoned(id: string): boolean {
  const dir = join(ROOT, id);
  try {
    return !alive(Number(readFileSync(join(dir, 'pid'), 'utf8')));
  } catch {
    try {
      return Date.now() - statSync(dir).mtimeMs > 60_000;
    } catch {
      return true;
    }
  }
}

/** Drops the PostgreSQL templates of the runs `which` picks (when PostgreSQL is there at all). */
async function dropTemplates(which: (id: string) => boolean): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch {
    return;
  }
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [TEMPLATE_DATABASE_PREFIX]);
    for (const { datname } of rows) {
      if (!which(datname.slice(TEMPLATE_DATABASE_PREFIX.length).split('_')[0]!)) continue;
      const name = `"${datname.replace(/"/g, '""')}"`;
      // Another run's setup may be sweeping the same leftovers: a template gone meanwhile is fine.
      await client.query(`alter database ${name} with is_template false`).catch(() => undefined);
      await client.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  mkdirSync(ROOT, { recursive: true });
  // What killed runs left: their SQLite files are tens of MB each.
  for (const id of readdirSync(ROOT)) if (abandoned(id)) rmSync(join(ROOT, id), { recursive: true, force: true });
  await dropTemplates(abandoned);

  const id = randomBytes(4).toString('hex');
  const dir = join(ROOT, id);
  mkdirSync(dir);
  writeFileSync(join(dir, 'pid'), String(process.pid));
  project.provide('templateRun', { dir, id });
  return async () => {
    await dropTemplates((run) => run === id);
    rmSync(dir, { recursive: true, force: true });
  };
}
