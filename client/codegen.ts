import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { Kind, type DocumentNode } from 'graphql';
import { parse } from 'yaml';

/**
 * `npm run codegen` (also the last step of `npm run compose`): typed documents for the
 * client operations, over the schema clients see, into client/src/generated. Schema and
 * documents are graphql.config.yml's, which editors read. Paths are relative to the
 * project root, where npm scripts and the tests run.
 */
const fromRoot = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));

export const GENERATED_DIR = 'client/src/generated/';

/** The gateway's persisted-operation ids by name: what a document is sent as by id (GET, or under a safelist). */
function persistedIds(): Map<string, string> {
  const manifest = JSON.parse(readFileSync(fromRoot('schema/persisted-operations.json'), 'utf8')) as { operations: { id: string; name: string }[] };
  return new Map(manifest.operations.map((operation) => [operation.name, operation.id]));
}

export function codegenConfig(): CodegenConfig {
  const { schema, documents } = parse(readFileSync(fromRoot('graphql.config.yml'), 'utf8')) as { schema: string; documents: string[] };
  const ids = persistedIds();
  return {
    schema,
    documents,
    overwrite: true,
    generates: {
      [GENERATED_DIR]: {
        preset: 'client',
        presetConfig: {
          // Operations come from .graphql files, whose result types are used whole.
          fragmentMasking: false,
          // client/src/index.ts says what the package exports.
          skipIndexFile: true,
          onExecutableDocumentNode: (document: DocumentNode) => {
            const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
            const id = operation?.name && ids.get(operation.name.value);
            return id ? { persistedId: id } : undefined;
          },
        },
        config: {
          // Documents as typed strings: sending one needs no GraphQL runtime in the app.
          documentMode: 'string',
          enumsAsTypes: true,
          useTypeImports: true,
          // Relative imports with `.js`, as Node's ES modules (and tsc's NodeNext) want them.
          emitLegacyCommonJSImports: false,
          scalars: { DateTime: 'string', Decimal: 'string' },
        },
      },
    },
  };
}

export default codegenConfig();
