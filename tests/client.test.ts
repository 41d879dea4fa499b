import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { buildSchema, Kind, parse, validate, visit, type ASTNode, type DefinitionNode, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { codegenConfig, GENERATED_DIR } from '../client/codegen.js';
import * as client from '../client/src/index.js';
import { apiSchemaSdl } from '../scripts/api-schema.js';
import { fromRoot } from '../scripts/paths.js';

// The schema clients see and the typed client generated from the client operations are
// committed as generated; an operation the schema refuses fails here, by name.

const apiSdl = readFileSync(fromRoot('schema', 'api.graphql'), 'utf8');
const operationFiles = readdirSync(fromRoot('schema', 'operations')).filter((f) => f.endsWith('.graphql') && f !== 'inputs.graphql');
const operationSources = operationFiles.map((file) => readFileSync(fromRoot('schema', 'operations', file), 'utf8'));

/** `Name: problem` for every operation in `sources` that `schema` refuses (each checked with the fragments it may use). */
function operationProblems(schema: GraphQLSchema, sources: string[]): string[] {
  const definitions: DefinitionNode[] = sources.flatMap((source) => parse(source).definitions);
  const fragments = new Map(definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  return definitions.flatMap((definition) => {
    if (definition.kind !== Kind.OPERATION_DEFINITION) return [];
    const name = definition.name?.value ?? `an unnamed ${definition.operation}`;
    // Fragments the operation does not use would be reported as unused: only the used ones.
    const used = new Map<string, FragmentDefinitionNode>();
    const spreadsOf = (node: ASTNode) =>
      visit(node, {
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !used.has(fragment.name.value)) spreadsOf(used.set(fragment.name.value, fragment).get(fragment.name.value)!);
        },
      });
    spreadsOf(definition);
    return validate(schema, { kind: Kind.DOCUMENT, definitions: [definition, ...used.values()] }).map((error) => `${name}: ${error.message}`);
  });
}

describe('schema/api.graphql', () => {
  it('is the committed supergraph’s API schema (run `npm run compose` when this fails)', () => {
    expect(apiSdl, 'schema/api.graphql is stale').toBe(apiSchemaSdl(readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8')));
  });

  it('shows clients no federation machinery, and keeps the descriptions', () => {
    expect(apiSdl).not.toMatch(/join__|link__|@link|@join|federation__|_Entity|_Service/);
    expect(apiSdl).toMatch(/"""[^"]+"""\s+type City \{/);
  });
});

describe('the client operations', () => {
  const schema = buildSchema(apiSdl);

  it('are all accepted by the schema clients see', () => {
    expect(operationProblems(schema, operationSources)).toEqual([]);
  });

  it('are reported by name when the schema refuses one', () => {
    const refused = [
      'mutation SignTwice($id: ID!) { signPetition(id: $id, channel: PIGEON) { petition { ...Counted } } }',
      'query Fine { cities { id } }',
      'fragment Counted on Petition { signatureCount signedByEveryone }',
    ];
    expect(operationProblems(schema, refused)).toEqual([
      expect.stringMatching(/^SignTwice: .*PIGEON/),
      expect.stringMatching(/^SignTwice: .*signedByEveryone/),
    ]);
  });
});

describe('the typed client (client/)', () => {
  it('is generated from the operations as committed (run `npm run codegen` when this fails)', async () => {
    const problems = operationProblems(buildSchema(apiSdl), operationSources);
    const files = await generate({ ...codegenConfig(), cwd: fromRoot(), silent: true }, false).catch((error: Error) => {
      throw new Error(`codegen failed${problems.length ? ` on ${problems.join('; ')}` : `: ${error.message}`}`);
    });
    const committed = readdirSync(fromRoot(GENERATED_DIR)).sort();
    expect(committed).toEqual(files.map((file: { filename: string }) => file.filename.slice(GENERATED_DIR.length)).sort());
    for (const file of files) expect(readFileSync(fromRoot(file.filename), 'utf8'), `${file.filename} is stale`).toBe(file.content);
  });

  it('sends documents the gateway’s safelist knows: each one’s text hashes to its persisted id', () => {
    const manifest = JSON.parse(readFileSync(fromRoot('schema', 'persisted-operations.json'), 'utf8')) as { operations: { id: string; name: string }[] };
    const documents = Object.entries(client).filter(([name]) => name.endsWith('Document')) as [string, client.TypedDocumentString<unknown, unknown>][];
    expect(documents.map(([name]) => name.replace(/Document$/, '')).sort()).toEqual(manifest.operations.map((op) => op.name).sort());
    for (const [name, document] of documents) {
      const id = createHash('sha256').update(document.toString().trim()).digest('hex');
      expect(document.__meta__?.persistedId, name).toBe(id);
      expect(manifest.operations.find((op) => op.id === id)?.name, name).toBe(name.replace(/Document$/, ''));
    }
  });

  it('is a package of its own that needs nothing at run time', () => {
    const pkg = JSON.parse(readFileSync(join(fromRoot('client'), 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown>; dependencies?: Record<string, string> };
    expect(pkg.name).toBe('@participation-graph/client');
    // Types only: the documents are strings and request() uses the platform's fetch.
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(['@graphql-typed-document-node/core']);
  });
});
