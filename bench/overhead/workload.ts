import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse, print } from 'graphql';
import { operationId, type PersistedOperationManifest } from '../../gateway/src/persisted/manifest.js';
import { join } from 'node:path';
import { startService, waitForLine, type Service } from '../processes.js';
import type { Scenario } from '../measure.js';
import { OVERHEAD, OVERHEAD_DISTINCT } from '../targets.js';
import { OVERHEAD_QUERY } from './data.js';
import { OVERHEAD_SUBGRAPHS } from './subgraphs.js';

/** The overhead workload's subgraphs in their own process, and the supergraph composed over them. */
export async function startOverheadSubgraphs(root: string): Promise<{ service: Service; supergraph: string; subgraphRequests: () => Promise<number> }> {
  const service = startService('overhead subgraphs', process.execPath, [join(root, 'dist/bench/overhead/serve.js')], {}, root);
  const line = await waitForLine(service, (l) => l.startsWith('{"ready"'));
  const urls = (JSON.parse(line) as { ready: Record<string, string> }).ready;
  const result = composeServices(
    Object.entries(OVERHEAD_SUBGRAPHS).map(([name, schema]) => ({ name, url: urls[name]!, typeDefs: parse(printSubgraphSchema(schema)) })),
  );
  if (result.errors?.length || !result.supergraphSdl) throw new Error(`composition failed: ${result.errors?.map((e) => e.message).join('; ')}`);
  const subgraphRequests = async () => {
    const counts = await Promise.all(Object.values(urls).map(async (url) => ((await (await fetch(url.replace('/graphql', '/requests'))).json()) as { requests: number }).requests));
    return counts.reduce((a, b) => a + b, 0);
  };
  return { service, supergraph: result.supergraphSdl, subgraphRequests };
}

/** Our gateway plans its manifest's operations ahead: here, the one query this workload sends. */
export function overheadManifest(): PersistedOperationManifest {
  const body = print(parse(OVERHEAD_QUERY));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: operationId(body), name: 'TestQuery', type: 'query', body }] };
}

export const OVERHEAD_BODY = JSON.stringify({ query: OVERHEAD_QUERY, operationName: 'TestQuery' });

/** The nested query with in-flight deduplication as each gateway ships it: identical queries in flight may be answered once. */
export const overheadScenario: Scenario = {
  name: OVERHEAD,
  sampleBody: OVERHEAD_BODY,
  nextBody: () => OVERHEAD_BODY,
  inspectBodies: false,
};

/** The same query with deduplication off for every gateway: each request answered on its own, as distinct requests are. */
export const overheadDistinctScenario: Scenario = { ...overheadScenario, name: OVERHEAD_DISTINCT, inflightDedupe: false };
