/**
 * `npm run seed`: writes the demo data into every subgraph's database that is still empty
 * (the subgraphs also do this on their first start). `npm run seed -- --reset` first drops
 * each database's tables and re-applies the migrations: everything in them is lost.
 * Databases are configured as for `npm start` (DATA_DIR, DATABASE_URL, <NAME>_DATABASE_URL).
 */
import 'reflect-metadata';
import { parseSubgraphConfig, SUBGRAPH_NAMES } from '../subgraphs/shared/config.js';
import { openDatabase } from '../subgraphs/shared/database.js';
import { seedDemoIfEmpty } from '../subgraphs/shared/subgraph.js';
import { SUBGRAPHS } from '../subgraphs/index.js';

const reset = process.argv.includes('--reset');
for (const name of SUBGRAPH_NAMES) {
  const definition = SUBGRAPHS[name]!;
  const config = parseSubgraphConfig(name);
  const options = { database: config.database, entities: definition.entities, migrations: definition.migrations };
  let orm = await openDatabase(options);
  if (reset) {
    await orm.schema.dropSchema({ dropMigrationsTable: true });
    await orm.close();
    orm = await openDatabase(options);
  }
  const started = Date.now();
  const seeded = await seedDemoIfEmpty(orm, definition);
  console.log(`${name}: ${seeded ? `seeded demo data in ${Date.now() - started} ms` : 'not empty, left as it is (use --reset to replace)'}`);
  await orm.close();
}
