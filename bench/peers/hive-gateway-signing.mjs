// @ts-check
/**
 * What both Hive Gateway peers add to their maintainers' settings, shared by their two
 * configurations: when GATEWAY_SECRET is set (the participation workload), each subgraph
 * request carries the gateway token our subgraphs require, signed exactly as our gateway
 * signs it; and in-flight deduplication as the benchmark row asks (HIVE_INFLIGHT_DEDUPE).
 *
 * Plain JavaScript, outside the TypeScript build: Hive's types augment graphql's error
 * extensions differently from Apollo Server's, and the two cannot share one program.
 */
import { gatewaySecret, GATEWAY_TOKEN_HEADER, signGatewayRequest } from '../../dist/lib/gateway-token.js';

/** Which subgraph each URL is (JSON `{ url: name }`): the token names the subgraph it is for. */
const subgraphByUrl = JSON.parse(process.env.SUBGRAPH_NAMES_BY_URL ?? '{}');
const secret = process.env.GATEWAY_SECRET ? gatewaySecret(process.env.GATEWAY_SECRET) : undefined;

/** @type {import('@graphql-hive/gateway').GatewayPlugin} */
const signing = {
  onFetch({ url, options, setOptions }) {
    const subgraph = subgraphByUrl[url];
    if (!secret || !subgraph || typeof options.body !== 'string') return;
    const headers = { ...options.headers, [GATEWAY_TOKEN_HEADER]: signGatewayRequest(secret, subgraph, null, options.body) };
    setOptions({ ...options, headers });
  },
};

/** The request-signing plugin where the subgraphs require it, none elsewhere. */
export const signingPlugins = () => (secret ? [signing] : []);

/**
 * Inbound in-flight request deduplication: on as Hive ships it in its maintainers'
 * benchmark (workload `overhead`), off when HIVE_INFLIGHT_DEDUPE=false (`overhead-distinct`,
 * where every gateway answers each request on its own).
 */
export const inflightDedupe = process.env.HIVE_INFLIGHT_DEDUPE !== 'false';

/**
 * Hive Gateway also merges identical subgraph queries in flight (its HTTP transport's
 * `deduplicateInflightRequests`, on by default): as shipped in `overhead`, off with the
 * inbound one in `overhead-distinct`, where no gateway may share work between requests.
 */
export const transportEntries = { '*.http': { options: { deduplicateInflightRequests: inflightDedupe } } };
