import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The fast tier, `npm run test:unit` (`vitest run --project unit`, a worker per core since
 * these wait on the processes they start): tests of code and committed files, with no
 * graph, subgraph or other process to start (those parts live in `*.e2e.test.ts` files,
 * e.g. cache-hints.e2e and compose.e2e). Name a new one `*.units.test.ts` to put it here;
 * everything else is the `integration` project, and `npm test` runs both.
 */
const FAST = ['units.test.ts', 'cache-hints.test.ts', 'schema.test.ts', 'compose.test.ts', 'client.test.ts'];
/** Named as units, but seeding databases at scale: they run with the integration tests. */
const SLOW_UNITS = ['volume.units.test.ts'];

const isUnit = (file: string): boolean => {
  const name = file.split('/').at(-1)!;
  return (name.endsWith('.units.test.ts') || FAST.includes(name)) && !SLOW_UNITS.includes(name);
};
const UNIT = readdirSync(fileURLToPath(new URL('tests', import.meta.url)), { recursive: true, encoding: 'utf8' })
  .map((file) => `tests/${file}`)
  .filter(isUnit);

export default defineConfig({
  test: {
    // type-graphql reads decorator metadata through this polyfill; entry points import it too.
    setupFiles: ['reflect-metadata'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      // One module graph per worker: loading GraphQL, Apollo and MikroORM again for each file is most of the tier's time.
      { extends: true, test: { name: 'unit', include: UNIT, isolate: false } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT],
          // Each subgraph's seeded database built once per run and copied for every graph (tests/support/templates.ts).
          globalSetup: ['tests/support/templates.setup.ts'],
        },
      },
    ],
  },
});
