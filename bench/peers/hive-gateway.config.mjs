// @ts-check
/**
 * The peer Hive Gateway's configuration, read by its CLI (`hive-gateway supergraph … -c`).
 * Set as its maintainers set it in their own published federation benchmark: the JIT
 * executor and inbound in-flight request deduplication on. The one addition: when
 * GATEWAY_SECRET is set (the participation workload), each subgraph request carries the
 * gateway token our subgraphs require, signed exactly as our gateway signs it.
 *
 * Plain JavaScript, outside the TypeScript build: Hive's types augment graphql's error
 * extensions differently from Apollo Server's, and the two cannot share one program.
 */
import { defineConfig } from '@graphql-hive/gateway';
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

export const gatewayConfig = defineConfig({
  jit: true,
  inboundInflightRequestDeduplication: true,
  logging: 'error',
  plugins: () => (secret ? [signing] : []),
});
