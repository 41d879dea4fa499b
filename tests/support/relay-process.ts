/**
 * A subgraph's NATS relay alone in its own process, so that a test can kill it (SIGKILL)
 * halfway through. Usage: node --import tsx tests/support/relay-process.ts <name> <database JSON> <NATS URL> <stream prefix>
 * Prints `relaying` once started.
 */
import 'reflect-metadata';
import { createLogger } from '../../lib/log.js';
import type { SubgraphName } from '../../lib/subgraphs.js';
import { openDatabase, type DatabaseConfig } from '../../subgraphs/shared/database.js';
import { commitHorizon } from '../../subgraphs/shared/outbox/commit-horizon.js';
import { CommitNotifier } from '../../subgraphs/shared/outbox/commit-notifier.js';
import { startRelay } from '../../subgraphs/shared/outbox/nats-relay.js';

const [name, databaseJson, natsUrl, natsStreamPrefix] = process.argv.slice(2) as [SubgraphName, string, string, string];
const database = JSON.parse(databaseJson) as DatabaseConfig;
const logger = createLogger({ name: `${name}-relay`, level: 'warn' });
const orm = await openDatabase({ database, entities: [], migrations: { sqlite: [], postgresql: [] }, logger });
startRelay({ name, orm, dialect: database.kind, natsUrl, natsStreamPrefix, horizon: commitHorizon(orm, database.kind), notifier: CommitNotifier.attach(orm), logger });
console.log('relaying');
