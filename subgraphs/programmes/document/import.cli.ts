/**
 * `npm run import -- <document>…`: imports cities' programmes, plans and reports (text
 * exports of their tables) into the programmes database the configuration names (as the
 * subgraph reads it: DATA_DIR, DATABASE_URL, PROGRAMMES_DATABASE_URL). Parties are matched
 * to the registry (REGISTRY_URL) when it answers; without it they stay unlinked. A
 * document that cannot be read fully is reported line by line and nothing of it is
 * imported; the exit code is 1 when any document was refused.
 */
import 'reflect-metadata';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseSubgraphConfig } from '../../shared/config.js';
import { openDatabase } from '../../shared/database.js';
import { createPeerQuery } from '../../shared/peers.js';
import { registryMatcher, type OrganizationMatcher } from '../party/organization-matching.js';
import { programmesSubgraph } from '../programmes.subgraph.js';
import { importDocument, ImportRefusedError } from './import.command.js';

const files = process.argv.slice(2).filter((arg) => arg !== '--');
if (!files.length) {
  console.error('Usage: npm run import -- <document>…');
  process.exit(2);
}

const config = parseSubgraphConfig('programmes');
const registry = registryMatcher(createPeerQuery(config));
const matcher: OrganizationMatcher = (city, parties) =>
  registry(city, parties).catch(() => {
    console.warn('The registry did not answer: executors and partners are imported without links to its organisations.');
    return new Map<string, string>();
  });

const orm = await openDatabase({ database: config.database, entities: programmesSubgraph.entities, migrations: programmesSubgraph.migrations });
let refused = 0;
try {
  for (const file of files) {
    try {
      const outcome = await importDocument(orm.em.fork() as SqlEntityManager, basename(file), readFileSync(file), { importedBy: 'cli', now: new Date(), matcher });
      if (outcome.status === 'unchanged') {
        console.log(`${file}: imported before, nothing changed`);
        continue;
      }
      const c = outcome.counts;
      console.log(`${file}: imported — ${c.goals} goals, ${c.measures} measures, ${c.parties} executors and partners, ${c.fundingLines} funding lines, ${c.reports} reports with ${c.progressEntries} entries`);
      for (const warning of outcome.warnings) console.log(`  line ${warning.line}: ${warning.message}`);
    } catch (error) {
      if (!(error instanceof ImportRefusedError)) throw error;
      refused += 1;
      console.error(error.message);
    }
  }
} finally {
  await orm.close();
}
process.exit(refused ? 1 : 0);
