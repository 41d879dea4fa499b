import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph, type Composition } from '../scripts/composition.js';
import { fromRoot } from '../scripts/paths.js';
import { SUBGRAPH_NAMES } from '../lib/subgraphs.js';

// The CommonJS graphql that @apollo/federation-internals builds its schema with: mixing it
// with the ESM build fails graphql-js's single-instance check.
const { parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const operationFiles = readdirSync(fromRoot('schema', 'operations')).filter((f) => f.endsWith('.graphql'));

describe('the composed schema', () => {
  let composition: Composition;
  let api: GraphQLSchema;
  beforeAll(async () => {
    composition = await composeSupergraph();
    api = Supergraph.build(readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8')).apiSchema().toGraphQLJSSchema();
  });

  it('is committed as composed from the code (run `npm run compose` when this fails)', () => {
    for (const [name, sdl] of Object.entries(composition.subgraphs)) {
      expect(readFileSync(fromRoot('schema', `${name}.graphql`), 'utf8'), `schema/${name}.graphql is stale`).toBe(sdl);
    }
    expect(readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8'), 'schema/supergraph.graphql is stale').toBe(composition.supergraph);
  });

  it('has every subgraph of the list', () => {
    expect(Object.keys(composition.subgraphs)).toEqual([...SUBGRAPH_NAMES]);
  });

  const queryFiles = operationFiles.filter((f) => /^query (\w+)/m.test(readFileSync(fromRoot('schema', 'operations', f), 'utf8')));
  it.each(queryFiles)('accepts the client queries in %s', (file) => {
    const document = parse(readFileSync(fromRoot('schema', 'operations', file), 'utf8'));
    const queries = document.definitions.filter(
      (d) => d.kind === 'OperationDefinition' && d.operation === 'query',
    );
    for (const operation of queries) {
      const errors = validate(api, { kind: document.kind, definitions: [operation] });
      expect(errors.map((e) => e.message), (operation as { name?: { value: string } }).name?.value).toEqual([]);
    }
  });

  it('keeps the client operations identical to the shared contract', () => {
    for (const file of operationFiles) {
      const shared = fromRoot('..', 'shared', 'operations', file);
      let contract: string;
      try {
        contract = readFileSync(shared, 'utf8');
      } catch {
        return; // the contract lives beside the project only on development machines
      }
      expect(readFileSync(fromRoot('schema', 'operations', file), 'utf8')).toBe(contract);
    }
  });
});
