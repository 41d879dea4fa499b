import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.js';
import { openDatabase } from '../subgraphs/shared/database.js';
import { seedVolume } from '../subgraphs/shared/subgraph.js';
import { SUBGRAPHS } from '../subgraphs/index.js';
import { scratchDatabase, testDialects, type ScratchDatabase } from './support/databases.js';

const onPostgres = (await testDialects()).includes('postgresql');

/**
 * On PostgreSQL the generator's rows go in as JSON documents (subgraphs/shared/bulk-insert.ts)
 * instead of MikroORM's insertMany: the databases it writes must hold exactly what
 * insertMany would have written, column by column (dates, JSON, decimals, nulls, references).
 */
describe.runIf(onPostgres)('generated data on PostgreSQL, inserted as JSON documents', () => {
  const scale = 0.01;
  const now = new Date('2026-06-01T09:30:00.123Z');
  const scratch: ScratchDatabase[] = [];
  const orms: MikroORM[] = [];
  afterAll(async () => {
    await Promise.all(orms.map((orm) => orm.close()));
    await Promise.all(scratch.map((s) => s.drop()));
  });

  /** Every table's rows as text, in order, from a fresh database of the subgraph seeded one way or the other. */
  async function generate(name: SubgraphName, asInsertMany: boolean): Promise<Record<string, string[]>> {
    const database = scratchDatabase('postgresql', name);
    scratch.push(database);
    const definition = SUBGRAPHS[name]!;
    const orm = await openDatabase({ database: database.config, entities: definition.entities, migrations: definition.migrations });
    orms.push(orm);
    if (asInsertMany) {
      // The generator as it writes on SQLite: an entity manager whose platform is not PostgreSQL's takes insertMany's path.
      await orm.em.fork().transactional((tx) => {
        const hidden = new Proxy(tx, {
          get: (target, key) => {
            if (key === 'getPlatform') return () => ({});
            const value = Reflect.get(target, key);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
        return definition.seedVolume!(hidden as SqlEntityManager, now, scale);
      });
    } else {
      await seedVolume(orm, definition, scale, now);
    }
    const em = orm.em.fork() as SqlEntityManager;
    const tables = await em.execute<{ tablename: string }[]>("select tablename from pg_tables where schemaname = 'public' and tablename <> 'mikro_orm_migrations'");
    const rows: Record<string, string[]> = {};
    for (const { tablename } of tables) {
      const found = await em.execute<{ row: string }[]>(`select t::text as row from "${tablename}" t order by 1`);
      rows[tablename] = found.map((r) => r.row);
    }
    return rows;
  }

  it.each(SUBGRAPH_NAMES.filter((name) => SUBGRAPHS[name]!.seedVolume))('writes the %s subgraph’s rows as insertMany does', async (name) => {
    const [json, insertMany] = [await generate(name, false), await generate(name, true)];
    // The demo integrator's signing secret is drawn at random on each run (it is not inserted here).
    if (json.webhook) {
      const withoutSecret = (rows: string[]) => rows.map((row) => row.replace(/whsec_[^,]*/, 'whsec_…'));
      [json.webhook, insertMany.webhook] = [withoutSecret(json.webhook), withoutSecret(insertMany.webhook!)];
    }
    expect(Object.values(json).flat().length).toBeGreaterThan(0);
    expect(json).toEqual(insertMany);
  }, 120_000);
});
