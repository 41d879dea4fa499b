/**
 * The gateway-overhead workload's subgraphs in one process (they cost next to nothing; see
 * `serveSubgraph`). Prints one JSON line with each subgraph's URL once all listen.
 */
import { OVERHEAD_SUBGRAPHS, listenOn, serveSubgraph } from './subgraphs.js';

const urls: Record<string, string> = {};
for (const [name, schema] of Object.entries(OVERHEAD_SUBGRAPHS)) {
  urls[name] = `http://127.0.0.1:${await listenOn(serveSubgraph(schema))}/graphql`;
}
console.log(JSON.stringify({ ready: urls }));
