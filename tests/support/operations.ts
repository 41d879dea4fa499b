import { parse, print, type OperationDefinitionNode } from 'graphql';
import { readFileSync, readdirSync } from 'node:fs';
import { fromRoot } from '../../scripts/paths.js';

/** The client operations of schema/operations, by operation name, each as its own document. */
export const OPERATIONS: Record<string, string> = Object.fromEntries(
  readdirSync(fromRoot('schema', 'operations'))
    .filter((f) => f.endsWith('.graphql'))
    .flatMap((file) =>
      parse(readFileSync(fromRoot('schema', 'operations', file), 'utf8'))
        .definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
        .map((d) => [d.name!.value, print(d)]),
    ),
);
