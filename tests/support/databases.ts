import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { SubgraphConfig } from '../../subgraphs/shared/config.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/subgraphs.js';
import { TEST_GATEWAY_SECRET } from './gateway-signing.js';
import { postgresAnswers, type DatabaseConfig, type Dialect } from '../../subgraphs/shared/database.js';

/** The PostgreSQL server tests use: CI's, or this machine's (trust auth). */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';


/**
 * The dialects database tests run against: SQLite always, PostgreSQL when reachable.
 * With `CI` set, an unreachable PostgreSQL fails the run instead of skipping it.
 */
export async function testDialects(): Promise<Dialect[]> {
  if (process.env.TEST_DIALECTS) return process.env.TEST_DIALECTS.split(',') as Dialect[];
  if (await postgresAnswers(TEST_POSTGRES_URL, 3000)) return ['sqlite', 'postgresql'];
  if (process.env.CI) throw new Error(`CI is set but PostgreSQL is not reachable at ${TEST_POSTGRES_URL}`);
  console.warn(`PostgreSQL not reachable at ${TEST_POSTGRES_URL}: running database tests on SQLite only`);
  return ['sqlite'];
}

/** A fresh, empty database for one subgraph, and how to remove it. */
export interface ScratchDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

let counter = 0;

export function scratchDatabase(dialect: Dialect, name: SubgraphName): ScratchDatabase {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `pg-test-${name}-`));
    return { config: { kind: 'sqlite', file: join(dir, `${name}.sqlite`) }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = `participation_test_${process.pid}_${Date.now().toString(36)}_${counter++}_${name}`;
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${database}`;
  return {
    config: { kind: 'postgresql', url: url.toString() },
    drop: async () => {
      const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await admin.connect();
      try {
        await admin.query(`drop database if exists "${database}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** Every peer unknown: for a subgraph that asks none. */
export const noPeers = (): Record<SubgraphName, string> => Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, ''])) as Record<SubgraphName, string>;

/** A subgraph's configuration in tests: this scratch database, demo data, any free port, quiet, signed with the test secret. */
export function testSubgraphConfig(name: SubgraphName, database: ScratchDatabase, peers: Record<SubgraphName, string> = noPeers()): SubgraphConfig {
  return { name, host: '127.0.0.1', port: 0, database: database.config, seedDemoData: true, gatewaySecret: TEST_GATEWAY_SECRET, peers, logLevel: 'silent' };
}
