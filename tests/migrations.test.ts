import { MikroORM } from '@mikro-orm/core';
import { afterAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import { openDatabase, ormOptions } from '../subgraphs/shared/database.js';
import { SUBGRAPHS } from '../subgraphs/index.js';
import { scratchDatabase, testDialects, type ScratchDatabase } from './support/databases.js';

const dialects = await testDialects();
const scratch: ScratchDatabase[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((s) => s.drop()));
});

describe.each(dialects)('committed migrations on %s', (dialect) => {
  it.each(SUBGRAPH_NAMES)('build exactly the %s entities (run `npm run migrations:create` when this fails)', async (name) => {
    const definition = SUBGRAPHS[name]!;
    const database = scratchDatabase(dialect, name);
    scratch.push(database);
    const options = { database: database.config, entities: definition.entities, migrations: definition.migrations };
    const migrated = await openDatabase(options);
    await migrated.close();
    const orm = await MikroORM.init(ormOptions(options));
    try {
      expect(definition.migrations[dialect].length).toBeGreaterThan(0);
      const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
      expect(diff.trim()).toBe('');
    } finally {
      await orm.close();
    }
  });
});
