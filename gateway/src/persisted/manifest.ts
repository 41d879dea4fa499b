import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

/** One client operation: its id is the sha256 of `body`, exactly what a client sends. */
export interface PersistedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

/** Apollo's persisted-query manifest format, which Apollo Client's persisted-query link reads. */
export interface PersistedOperationManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedOperation[];
}

export function operationId(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * The manifest of the client operations in `dir` (schema/operations): one entry per
 * named operation, printed with the fragments it uses, sorted by name so the file only
 * changes when an operation does.
 */
export function buildManifest(dir: string): PersistedOperationManifest {
  const documents = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => parse(readFileSync(join(dir, file), 'utf8')));
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of documents.flatMap((d) => d.definitions)) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operations = documents
    .flatMap((d) => d.definitions)
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      if (!operation.name) throw new Error('Client operations must be named');
      const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...usedFragments(operation, fragments)] };
      const body = print(document);
      return { id: operationId(body), name: operation.name.value, type: operation.operation, body };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const names = new Set<string>();
  for (const { name } of operations) {
    if (names.has(name)) throw new Error(`Two client operations are named ${name}`);
    names.add(name);
  }
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

function usedFragments(
  root: OperationDefinitionNode | FragmentDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  found = new Map<string, FragmentDefinitionNode>(),
): FragmentDefinitionNode[] {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const { kind, name } = node as { kind?: string; name?: { value: string } };
    if (kind === Kind.FRAGMENT_SPREAD && name && !found.has(name.value)) {
      const fragment = fragments.get(name.value);
      if (!fragment) throw new Error(`Unknown fragment ${name.value}`);
      found.set(name.value, fragment);
      visit(fragment.selectionSet);
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc' && value && typeof value === 'object') visit(value);
  };
  visit(root.selectionSet);
  return [...found.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}

/** The committed manifest, by id. */
export function loadManifest(path: string): Map<string, PersistedOperation> {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as PersistedOperationManifest;
  if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1) {
    throw new Error(`${path} is not a persisted-query manifest (format apollo-persisted-query-manifest, version 1)`);
  }
  return new Map(manifest.operations.map((operation) => [operation.id, operation]));
}
