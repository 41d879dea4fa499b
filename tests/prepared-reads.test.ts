import 'reflect-metadata';
import { createRequire } from 'node:module';
import { wrap, type MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../subgraphs/shared/database.js';
import { numberedPlaceholders } from '../subgraphs/shared/prepared-reads.js';
import { seedVolume } from '../subgraphs/shared/subgraph.js';
import { SUBGRAPHS } from '../subgraphs/index.js';
import { Petition } from '../subgraphs/petitions/petition/petition.entity.js';
import { PetitionStatus } from '../subgraphs/petitions/petition/petition.enums.js';
import { scratchDatabase, testDialects, type ScratchDatabase } from './support/databases.js';

const dialects = await testDialects();

/** What every driver call saw: SQLite's compiles, PostgreSQL's queries (name, text, values). */
const sqlitePrepares: string[] = [];
const postgresQueries: { name?: string; text: string; values?: unknown[] }[] = [];
{
  const Database = createRequire(import.meta.url)('better-sqlite3') as { prototype: { prepare(sql: string): unknown } };
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (this: unknown, sql: string) {
    sqlitePrepares.push(sql);
    return prepare.call(this, sql);
  };
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0];
    if (typeof config === 'object' && config && 'text' in config) postgresQueries.push(config as (typeof postgresQueries)[number]);
    else if (typeof config === 'string') postgresQueries.push({ text: config });
    return query.apply(this, args);
  } as never;
}

const OPEN_IN_DISTRICT = (district: string, after: Date) => ({ district, status: PetitionStatus.OPEN, closesAt: { $gt: after } });

describe.each(dialects)('reads as prepared statements on %s (subgraphs/shared/prepared-reads.ts)', (dialect) => {
  let database: ScratchDatabase;
  let orm: MikroORM;
  let districts: string[];
  const now = new Date('2026-06-01T09:30:00.123Z');

  beforeAll(async () => {
    database = scratchDatabase(dialect, 'petitions');
    const definition = SUBGRAPHS.petitions!;
    orm = await openDatabase({ database: database.config, entities: definition.entities, migrations: definition.migrations });
    await seedVolume(orm, definition, 0.01, now);
    const em = orm.em.fork() as SqlEntityManager;
    const rows = await em.execute<{ district: string }[]>('select distinct district from petition where district is not null order by district');
    districts = rows.map((row) => row.district);
  });
  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  /** The same find through MikroORM's own path: inside a transaction reads take it unchanged. */
  async function findBothWays(district: string) {
    const where = OPEN_IN_DISTRICT(district, now);
    const options = { orderBy: { createdAt: 'desc', id: 'desc' } } as const;
    const prepared = await orm.em.fork().find(Petition, where, options);
    const inlined = await orm.em.fork().transactional((tx) => tx.find(Petition, where, options));
    return { prepared: prepared.map((p) => wrap(p).toObject()), inlined: inlined.map((p) => wrap(p).toObject()) };
  }

  it('answers every read exactly as MikroORM’s own path does, dates and all', async () => {
    expect(districts.length).toBeGreaterThan(3);
    for (const district of districts.slice(0, 4)) {
      const { prepared, inlined } = await findBothWays(district);
      expect(prepared.length).toBeGreaterThan(0);
      expect(prepared).toEqual(inlined);
      // The date bound went as a value, and was compared as a date.
      for (const row of prepared) expect(new Date(row.closesAt as Date).getTime()).toBeGreaterThan(now.getTime());
    }
  });

  it('compiles a read once however its values change, and never writes values into its text', async () => {
    sqlitePrepares.length = 0;
    postgresQueries.length = 0;
    // An order no other test asks for: this test's reads are a text not compiled before.
    for (const district of districts) await orm.em.fork().find(Petition, OPEN_IN_DISTRICT(district, now), { orderBy: { closesAt: 'asc', id: 'asc' } });
    const reads = dialect === 'sqlite' ? sqlitePrepares : postgresQueries.map((q) => q.text);
    const texts = new Set(reads.filter((sql) => /from .?petition.? /.test(sql)));
    for (const text of texts) for (const district of districts) expect(text).not.toContain(district);
    if (dialect === 'sqlite') {
      expect(reads.filter((sql) => /from .?petition.? /.test(sql))).toHaveLength(1);
    } else {
      const reads = postgresQueries.filter((q) => /from "petition" /.test(q.text));
      expect(reads).toHaveLength(districts.length);
      expect(new Set(reads.map((q) => q.text)).size).toBe(1);
      expect(new Set(reads.map((q) => q.name)).size).toBeLessThanOrEqual(2); // one name per pooled connection that ran it
      expect(reads.every((q) => q.name?.startsWith('pg_read_'))).toBe(true);
      expect(reads.map((q) => q.values?.[0])).toEqual(districts);
    }
  });

  it('reads inside a transaction see its own writes; outside, nothing it rolled back', async () => {
    const [district] = districts;
    const before = await orm.em.fork().count(Petition, { district });
    await expect(
      orm.em.fork().transactional(async (tx) => {
        const template = await tx.findOneOrFail(Petition, { district }, { orderBy: { id: 'asc' } });
        const copy = tx.create(Petition, { ...wrap(template).toObject(), id: '00000000-0000-4000-8000-000000000001', number: 'T-1' } as never);
        tx.persist(copy);
        await tx.flush();
        expect(await tx.count(Petition, { district })).toBe(before + 1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await orm.em.fork().count(Petition, { district })).toBe(before);
  });
});

describe('placeholders for PostgreSQL', () => {
  it('numbers each ? in order', () => {
    expect(numberedPlaceholders('select * from t where a = ? and b in (?, ?) limit ?')).toBe('select * from t where a = $1 and b in ($2, $3) limit $4');
  });
});
