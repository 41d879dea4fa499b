/**
 * `npm run seed`: writes the demo data into every subgraph's database that is still empty
 * (the subgraphs also do this on their first start). `npm run seed -- --reset` first drops
 * each database's tables and re-applies the migrations: everything in them is lost.
 * `npm run seed -- --scale N` replaces every database's contents (as `--reset` does) with
 * generated data at realistic volumes, N = 1 being the top scale (100,000 petitions, a
 * million signatures; see subgraphs/shared/volume.ts), and prints rows and time per subgraph.
 * Databases are configured as for `npm start` (DATA_DIR, DATABASE_URL, <NAME>_DATABASE_URL).
 */
import 'reflect-metadata';
import { parseSubgraphConfig } from '../subgraphs/shared/config.js';
import { SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import { openDatabase } from '../subgraphs/shared/database.js';
import { seedDemoIfEmpty, seedVolume } from '../subgraphs/shared/subgraph.js';
import { TOP_VOLUMES } from '../subgraphs/shared/volume.js';
import { SUBGRAPHS } from '../subgraphs/index.js';

/** The value of `--scale N` or `--scale=N`, checked; undefined without the flag. */
function scaleArgument(argv: string[]): number | undefined {
  const at = argv.findIndex((arg) => arg === '--scale' || arg.startsWith('--scale='));
  if (at < 0) return undefined;
  const text = argv[at]!.includes('=') ? argv[at]!.split('=')[1]! : argv[at + 1];
  const scale = Number(text);
  if (!(scale > 0) || !Number.isFinite(scale)) {
    console.error(`--scale takes a positive number (1 = the top scale: ${TOP_VOLUMES.petitions.toLocaleString('en')} petitions), not "${text ?? ''}"`);
    process.exit(2);
  }
  return scale;
}

const scale = scaleArgument(process.argv);
const reset = scale !== undefined || process.argv.includes('--reset');
const now = new Date();
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
  if (scale !== undefined) {
    const counts = await seedVolume(orm, definition, scale, now);
    const rows = Object.entries(counts).map(([table, count]) => `${table} ${count.toLocaleString('en')}`);
    console.log(`${name}: generated at scale ${scale} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${rows.join(', ')}`);
  } else {
    const seeded = await seedDemoIfEmpty(orm, definition);
    console.log(`${name}: ${seeded ? `seeded demo data in ${Date.now() - started} ms` : 'not empty, left as it is (use --reset to replace)'}`);
  }
  await orm.close();
}
