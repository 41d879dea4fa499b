import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/subgraphs.js';
import { loadManifest, type PersistedOperationManifest } from '../../gateway/src/persisted/manifest.js';
import { freePort, measureGateways, type GatewayFigures, type LoadOptions, type Scenario } from '../measure.js';
import { startService, waitUntil, type Service } from '../processes.js';
import type { WorkloadResult } from '../report.js';
import { participationName, POSTGRES_SUFFIX } from '../targets.js';
import { drawFrom, withoutPostgres, type VariablePools } from './data.js';
import { DEFAULT_POSTGRES_URL, prepareScale, type BenchDatabase, type ParticipationDatabases } from './databases.js';
import { HEAVIEST_OPERATION, heaviestScenario } from './heaviest.js';

/** The participation view's operations, as the web and mobile apps send them. */
export const PARTICIPATION_OPERATIONS = ['DistrictParticipation', 'PetitionPage', 'OrganizationProfile', 'HeritageNearby'] as const;

export const GATEWAY_SECRET = 'bench-gateway-secret-shared-with-the-subgraphs';

/** Each operation's variables for one request, drawn from the generated data. */
export function variablesFor(operation: (typeof PARTICIPATION_OPERATIONS)[number], pools: VariablePools, seed: number): () => Record<string, unknown> {
  switch (operation) {
    case 'DistrictParticipation': {
      const next = drawFrom(pools.districts, seed);
      return () => next();
    }
    case 'PetitionPage': {
      const next = drawFrom(pools.petitionIds, seed);
      return () => ({ id: next() });
    }
    case 'OrganizationProfile': {
      const next = drawFrom(pools.organizationIds, seed);
      return () => ({ id: next() });
    }
    case 'HeritageNearby': {
      const next = drawFrom(pools.places, seed);
      return () => ({ ...next(), radiusMeters: 1000 });
    }
  }
}

/**
 * Every subgraph as `npm start` runs it, each its own process, over one scale's databases:
 * SQLite files under `dataDir`, or PostgreSQL with `databaseUrls` (`<NAME>_DATABASE_URL`).
 */
export async function startSubgraphs(
  root: string,
  dataDir: string,
  databaseUrls: Record<string, string> = {},
): Promise<{ services: Service[]; urls: Record<SubgraphName, string> }> {
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()] as const))) as Record<SubgraphName, number>;
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`])) as Record<SubgraphName, string>;
  const env = {
    DATA_DIR: dataDir,
    GATEWAY_SECRET,
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    ...Object.fromEntries(SUBGRAPH_NAMES.flatMap((name) => [[`${name.toUpperCase()}_PORT`, String(ports[name])], [`${name.toUpperCase()}_URL`, urls[name]]])),
    ...databaseUrls,
  };
  const services = SUBGRAPH_NAMES.map((name) => startService(name, process.execPath, [join(root, 'dist/subgraphs', name, 'main.js')], env, root, withoutPostgres(process.env)));
  await Promise.all(services.map((service, i) => waitUntil(service, async () => (await fetch(urls[SUBGRAPH_NAMES[i]!].replace('/graphql', '/ready'))).ok)));
  return { services, urls };
}

/** The committed supergraph with each subgraph's routing URL pointing where it runs now: every gateway plans the same schema. */
export function supergraphFor(root: string, urls: Record<SubgraphName, string>): string {
  let supergraph = readFileSync(join(root, 'schema/supergraph.graphql'), 'utf8');
  for (const name of SUBGRAPH_NAMES) {
    supergraph = supergraph.replace(new RegExp(`(join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${urls[name]}$2`);
  }
  return supergraph;
}

/** Which of the participation subgraphs' scenarios a run measures. */
export interface ParticipationRows {
  /** The participation view's client operations, at every scale. */
  operations: boolean;
  /** The heaviest operation our limits allow (heaviest.ts), at this scale only. */
  heaviestAt?: number;
}

/**
 * Workload 2: the participation view's operations against the real subgraphs and their
 * databases, at each scale in turn and on each database in turn (databases.ts: SQLite, and
 * PostgreSQL generated at the same scales), every gateway over the same subgraphs. Variables are
 * drawn per request from the generated rows, so answers come from the databases, not
 * from any one page kept warm. The heaviest operation, when asked for, runs last at its
 * scale, over the same subgraphs.
 */
export async function runParticipation(
  root: string,
  scales: number[],
  load: LoadOptions,
  log: (line: string) => void,
  rows: ParticipationRows = { operations: true },
  databases: ParticipationDatabases = { kinds: ['sqlite'], postgresUrl: DEFAULT_POSTGRES_URL },
): Promise<WorkloadResult[]> {
  const manifest = [...loadManifest(join(root, 'schema/persisted-operations.json')).values()];
  // Our gateway's safelist stays on: the heaviest operation joins the client operations in the manifest it is given.
  const manifestPath = join(root, 'bench', '.data', 'participation-operations.json');
  const withHeaviest: PersistedOperationManifest = { format: 'apollo-persisted-query-manifest', version: 1, operations: [...manifest, HEAVIEST_OPERATION] };
  mkdirSync(join(root, 'bench', '.data'), { recursive: true });
  writeFileSync(manifestPath, JSON.stringify(withHeaviest));
  const results: WorkloadResult[] = [];
  for (const scale of scales.filter((s) => rows.operations || s === rows.heaviestAt)) {
    const byDatabase: Map<string, GatewayFigures[]>[] = [];
    // The heaviest operation alone runs on the first database only: no other has rows to measure.
    for (const database of rows.operations ? databases.kinds : databases.kinds.slice(0, 1)) byDatabase.push(await measureScale(scale, database));
    results.push(...sideBySide(byDatabase));
  }
  return results;

  /** One scale on one database: its data generated (or kept), its subgraphs started over it, every gateway measured, the subgraphs stopped. */
  async function measureScale(scale: number, database: BenchDatabase): Promise<Map<string, GatewayFigures[]>> {
    log(`Workload 2, participation view at scale ${scale}${database === 'postgres' ? ' on PostgreSQL' : ''}`);
    const { dataDir, pools, databaseUrls } = await prepareScale(root, scale, database, databases.postgresUrl, log);
    const { services, urls } = await startSubgraphs(root, dataDir, databaseUrls);
    try {
      const supergraphPath = join(root, 'bench', '.data', `participation-supergraph-${scale}${database === 'postgres' ? '-postgres' : ''}.graphql`);
      writeFileSync(supergraphPath, supergraphFor(root, urls));
      const operations = rows.operations ? PARTICIPATION_OPERATIONS : [];
      const scenarios: Scenario[] = operations.map((operation, i) => {
        const persisted = manifest.find((op) => op.name === operation);
        if (!persisted) throw new Error(`${operation} is not in schema/persisted-operations.json`);
        const body = (variables: Record<string, unknown>) => JSON.stringify({ query: persisted.body, operationName: operation, variables });
        const next = variablesFor(operation, pools, 1000 + i);
        return { name: participationName(scale, operation, database), sampleBody: body(variablesFor(operation, pools, 7)()), nextBody: () => body(next()), inspectBodies: true };
      });
      // The heaviest operation on the first database only (SQLite when both run), named for it.
      if (scale === rows.heaviestAt && database === databases.kinds[0]) {
        const heaviest = heaviestScenario(scale);
        scenarios.push(database === 'postgres' ? { ...heaviest, name: `${heaviest.name}${POSTGRES_SUFFIX}` } : heaviest);
      }
      const subgraphNamesByUrl = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [urls[name], name]));
      const figures = await measureGateways(
        scenarios,
        { root, supergraphPath, gatewaySecret: GATEWAY_SECRET, subgraphNamesByUrl, manifestPath, safelist: true },
        load,
        log,
      );
      return figures;
    } finally {
      await Promise.all(services.map((service) => service.stop()));
    }
  }
}

/** Each database's rows in turn, operation by operation: a PostgreSQL row right below its SQLite one. */
export function sideBySide(byDatabase: Map<string, GatewayFigures[]>[]): WorkloadResult[] {
  const lists = byDatabase.map((figures) => [...figures]);
  const rows: WorkloadResult[] = [];
  for (let i = 0; i < Math.max(0, ...lists.map((list) => list.length)); i++) {
    for (const list of lists) if (list[i]) rows.push({ name: list[i]![0], gateways: list[i]![1] });
  }
  return rows;
}
