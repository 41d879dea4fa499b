// @ts-check
/**
 * The peer Hive Gateway's configuration, read by its CLI (`hive-gateway supergraph … -c`).
 * Set as its maintainers set it in their own published federation benchmark: the JIT
 * executor and inbound in-flight request deduplication on (off in the rows that turn it
 * off for every gateway). Plus the request signing of hive-gateway-signing.mjs.
 */
import { defineConfig } from '@graphql-hive/gateway';
import { inflightDedupe, signingPlugins, transportEntries } from './hive-gateway-signing.mjs';

export const gatewayConfig = defineConfig({
  jit: true,
  inboundInflightRequestDeduplication: inflightDedupe,
  transportEntries,
  logging: 'error',
  plugins: signingPlugins,
});
