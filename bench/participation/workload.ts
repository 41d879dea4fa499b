import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/subgraphs.js';
import { loadManifest } from '../../gateway/src/persisted/manifest.js';
import { freePort, measureGateways, type LoadOptions, type Scenario } from '../measure.js';
import { startService, waitUntil, type Service } from '../processes.js';
import type { WorkloadResult } from '../report.js';
import { participationName } from '../targets.js';
import { drawFrom, seedScale, variablePools, withoutPostgres, type VariablePools } from './data.js';

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

/** Every subgraph as `npm start` runs it, each its own process, over one scale's databases. */
export async function startSubgraphs(root: string, dataDir: string): Promise<{ services: Service[]; urls: Record<SubgraphName, string> }> {
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()] as const))) as Record<SubgraphName, number>;
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`])) as Record<SubgraphName, string>;
  const env = {
    DATA_DIR: dataDir,
    GATEWAY_SECRET,
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    ...Object.fromEntries(SUBGRAPH_NAMES.flatMap((name) => [[`${name.toUpperCase()}_PORT`, String(ports[name])], [`${name.toUpperCase()}_URL`, urls[name]]])),
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

/**
 * Workload 2: the participation view's operations against the real subgraphs and their
 * databases, at each scale in turn, every gateway over the same subgraphs. Variables are
 * drawn per request from the generated rows, so answers come from the databases, not
 * from any one page kept warm.
 */
export async function runParticipation(root: string, scales: number[], load: LoadOptions, log: (line: string) => void): Promise<WorkloadResult[]> {
  const manifest = [...loadManifest(join(root, 'schema/persisted-operations.json')).values()];
  const results: WorkloadResult[] = [];
  for (const scale of scales) {
    log(`Workload 2, participation view at scale ${scale}`);
    const dataDir = join(root, 'bench', '.data', `scale-${scale}`);
    seedScale(root, dataDir, scale, log);
    const pools = variablePools(dataDir);
    const { services, urls } = await startSubgraphs(root, dataDir);
    try {
      const supergraphPath = join(root, 'bench', '.data', `participation-supergraph-${scale}.graphql`);
      writeFileSync(supergraphPath, supergraphFor(root, urls));
      const scenarios: Scenario[] = PARTICIPATION_OPERATIONS.map((operation, i) => {
        const persisted = manifest.find((op) => op.name === operation);
        if (!persisted) throw new Error(`${operation} is not in schema/persisted-operations.json`);
        const body = (variables: Record<string, unknown>) => JSON.stringify({ query: persisted.body, operationName: operation, variables });
        const next = variablesFor(operation, pools, 1000 + i);
        return { name: participationName(scale, operation), sampleBody: body(variablesFor(operation, pools, 7)()), nextBody: () => body(next()), inspectBodies: true };
      });
      const subgraphNamesByUrl = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [urls[name], name]));
      const figures = await measureGateways(
        scenarios,
        { root, supergraphPath, gatewaySecret: GATEWAY_SECRET, subgraphNamesByUrl, manifestPath: join(root, 'schema/persisted-operations.json'), safelist: true },
        load,
        log,
      );
      for (const [name, gateways] of figures) results.push({ name, gateways });
    } finally {
      await Promise.all(services.map((service) => service.stop()));
    }
  }
  return results;
}
