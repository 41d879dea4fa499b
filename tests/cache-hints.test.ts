import 'reflect-metadata';
import type { ConstDirectiveNode, GraphQLField, GraphQLNamedType, GraphQLSchema } from 'graphql';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, test } from 'vitest';
import { SUBGRAPHS } from '../subgraphs/index.js';
import type { SubgraphName } from '../lib/subgraphs.js';
import { buildDefinitionSchema, type SubgraphDefinition } from '../subgraphs/shared/subgraph.js';

// The CommonJS graphql that @apollo/subgraph builds its schema with: the ESM build's type
// checks refuse its types (graphql-js's single-instance check).
const { getNamedType, isCompositeType, isLeafType, isObjectType, print } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** The `@cacheControl` directive on a type's or field's definition, if any. */
function hintOf(node: GraphQLNamedType | GraphQLField<unknown, unknown>): ConstDirectiveNode | undefined {
  return node.astNode?.directives?.find((d) => d.name.value === 'cacheControl');
}

/** A hint's arguments as `{ maxAge: '0', scope: 'PRIVATE' }`. */
function argsOf(hint: ConstDirectiveNode | undefined): Record<string, string> {
  return Object.fromEntries((hint?.arguments ?? []).map((a) => [a.name.value, print(a.value)]));
}

/** Types a hint would mean nothing on: the roots (their fields carry hints) and federation's own. */
const isExempt = (name: string) => name === 'Query' || name === 'Mutation' || name === 'Subscription' || name.startsWith('_');

describe('cache hints in every subgraph schema', () => {
  const schemas = new Map<SubgraphName, GraphQLSchema>();
  beforeAll(async () => {
    for (const [name, definition] of Object.entries(SUBGRAPHS) as [SubgraphName, SubgraphDefinition][]) {
      schemas.set(name, await buildDefinitionSchema(definition));
    }
  });

  test('every object, interface and union type carries a @cacheControl hint', () => {
    const missing: string[] = [];
    for (const [name, schema] of schemas) {
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isCompositeType(type) || isExempt(type.name)) continue;
        if (!hintOf(type)) missing.push(`${name}: ${type.name}`);
      }
    }
    expect(missing, 'add @Directive(cacheHint(...)) from subgraphs/shared/cache-hints.ts').toEqual([]);
  });

  test('root Query fields of scalars (no type to take a hint from) carry their own', () => {
    const missing: string[] = [];
    for (const [name, schema] of schemas) {
      for (const field of Object.values(schema.getQueryType()!.getFields())) {
        if (!field.name.startsWith('_') && isLeafType(getNamedType(field.type)) && !hintOf(field)) missing.push(`${name}: Query.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('a type defined in several subgraphs has the same hint in each (the gateway combines them)', () => {
    const seen = new Map<string, { subgraph: SubgraphName; hint: string }>();
    const differing: string[] = [];
    for (const [name, schema] of schemas) {
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) || isExempt(type.name)) continue;
        const hint = hintOf(type) ? print(hintOf(type)!) : 'none';
        const first = seen.get(type.name);
        if (!first) seen.set(type.name, { subgraph: name, hint });
        else if (first.hint !== hint) differing.push(`${type.name}: ${first.subgraph} ${first.hint}, ${name} ${hint}`);
      }
    }
    expect(seen.get('City')?.subgraph).toBeDefined();
    expect(differing).toEqual([]);
  });

  test('what is tied to the caller is private: Resident and its fields, me, viewer flags, staff-only answers', () => {
    const NEVER_STORED = { maxAge: '0', scope: 'PRIVATE' };
    for (const [name, schema] of schemas) {
      const resident = schema.getType('Resident');
      expect(isObjectType(resident), name).toBe(true);
      if (!isObjectType(resident)) continue;
      expect(argsOf(hintOf(resident)), `${name}: Resident`).toEqual(NEVER_STORED);
      for (const field of Object.values(resident.getFields())) {
        expect(argsOf(hintOf(field)), `${name}: Resident.${field.name}`).toEqual(NEVER_STORED);
      }
      expect(argsOf(hintOf(schema.getQueryType()!.getFields().me!)), `${name}: Query.me`).toEqual(NEVER_STORED);
    }
    const fieldOf = (subgraph: SubgraphName, type: string, field: string) => {
      const owner = schemas.get(subgraph)!.getType(type);
      if (!isObjectType(owner)) throw new Error(`${subgraph} has no object type ${type}`);
      return owner.getFields()[field]!;
    };
    expect(argsOf(hintOf(fieldOf('petitions', 'Petition', 'viewerHasSigned')))).toEqual({ scope: 'PRIVATE' });
    expect(argsOf(hintOf(fieldOf('consultations', 'Consultation', 'viewerHasResponded')))).toEqual({ scope: 'PRIVATE' });
    expect(argsOf(hintOf(fieldOf('consultations', 'SurveyQuestion', 'textAnswers')))).toEqual(NEVER_STORED);
  });
});
