/** `npm run compose`: writes schema/<subgraph>.graphql and schema/supergraph.graphql from the code. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { composeSupergraph } from './composition.js';
import { fromRoot } from './paths.js';

const composition = await composeSupergraph();
for (const [name, sdl] of Object.entries(composition.subgraphs)) {
  writeFileSync(fromRoot('schema', `${name}.graphql`), sdl);
  console.log(`wrote schema/${name}.graphql`);
}
writeFileSync(fromRoot('schema', 'supergraph.graphql'), composition.supergraph);
console.log('wrote schema/supergraph.graphql');
