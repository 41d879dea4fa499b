// @ts-check
/**
 * The peer Hive Gateway with its Rust query planner (@graphql-hive/router-runtime), read by
 * its CLI (`hive-gateway supergraph … -c`). The handler is set here rather than with
 * `--hive-router-runtime`: that flag falls back to the JavaScript planner with only a
 * warning (hidden at `logging: 'error'`) when the package does not load, while an import
 * fails loudly. Without `jit: true`: with the router runtime it answers nulls silently.
 * In-flight deduplication and request signing as for hive-gateway (hive-gateway-signing.mjs).
 */
import { defineConfig } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { inflightDedupe, signingPlugins, transportEntries } from './hive-gateway-signing.mjs';

export const gatewayConfig = defineConfig({
  unifiedGraphHandler,
  inboundInflightRequestDeduplication: inflightDedupe,
  transportEntries,
  logging: 'error',
  plugins: signingPlugins,
});
