/**
 * `npm run compose`: writes schema/<subgraph>.graphql and schema/supergraph.graphql from the
 * code, schema/api.graphql (the schema clients see, without federation's machinery), and
 * schema/persisted-operations.json (the persisted-operation manifest) from the
 * client operations in schema/operations, and schema/sandbox-examples.json (the sandbox's
 * example variables and demo identities, from the demo data).
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { buildManifest } from '../gateway/src/persisted/manifest.js';
import { apiSchemaSdl } from './api-schema.js';
import { composeSupergraph } from './composition.js';
import { sandboxExamplesJson } from './sandbox-examples.js';
import { fromRoot } from './paths.js';

const composition = await composeSupergraph();
for (const [name, sdl] of Object.entries(composition.subgraphs)) {
  writeFileSync(fromRoot('schema', `${name}.graphql`), sdl);
  console.log(`wrote schema/${name}.graphql`);
}
writeFileSync(fromRoot('schema', 'supergraph.graphql'), composition.supergraph);
console.log('wrote schema/supergraph.graphql');
writeFileSync(fromRoot('schema', 'api.graphql'), apiSchemaSdl(composition.supergraph));
console.log('wrote schema/api.graphql');
writeFileSync(fromRoot('schema', 'persisted-operations.json'), `${JSON.stringify(buildManifest(fromRoot('schema', 'operations')), null, 2)}\n`);
console.log('wrote schema/persisted-operations.json');
writeFileSync(fromRoot('schema', 'sandbox-examples.json'), sandboxExamplesJson(fromRoot('schema', 'operations'), composition.supergraph));
console.log('wrote schema/sandbox-examples.json');
