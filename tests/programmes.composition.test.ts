/**
 * The programmes subgraph in the composed graph: every operation of
 * schema/operations/programmes.graphql (mutation included, which tests/schema.test.ts does
 * not validate) against the API schema composed from the code, `Measure.consultations` from
 * the consultations subgraph, and the contract's scalar and enums.
 */
import 'reflect-metadata';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { composeSupergraph } from '../scripts/composition.js';
import { fromRoot } from '../scripts/paths.js';

// The CommonJS graphql that @apollo/federation-internals builds its schema with (see tests/schema.test.ts).
const { parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

describe('the programmes subgraph in the composed graph', () => {
  let api: GraphQLSchema;

  beforeAll(async () => {
    api = Supergraph.build((await composeSupergraph()).supergraph).apiSchema().toGraphQLJSSchema();
  });

  test('every operation of programmes.graphql validates against the composed API schema', () => {
    const document = parse(readFileSync(fromRoot('schema', 'operations', 'programmes.graphql'), 'utf8'));
    expect(document.definitions.length).toBe(6);
    expect(validate(api, document).map((e) => e.message)).toEqual([]);
  });

  test('Measure.consultations is the consultations subgraph\u02bcs, a page of consultations; a consultation names its measure', () => {
    const query = parse('query($id: ID!) { measure(id: $id) { consultations(first: 5, filter: { status: OPEN }) { totalCount edges { node { id measure { id number } } } } } }');
    expect(validate(api, query).map((e) => e.message)).toEqual([]);
    const input = api.getType('ConsultationInput') as unknown as { getFields(): Record<string, { type: unknown }> };
    expect(String(input.getFields().measureId?.type)).toBe('ID');
  });

  test('Decimal is an exact string scalar; the enums have the contract\u02bcs values', () => {
    expect(api.getType('Decimal')?.toString()).toBe('Decimal');
    const values = (name: string) => (api.getType(name) as unknown as { getValues(): { name: string }[] }).getValues().map((v) => v.name);
    expect(values('ProgrammeKind')).toEqual(expect.arrayContaining(['TARGET_PROGRAMME', 'ACTION_PLAN', 'STRATEGY_PLAN']));
    expect(values('MeasureStatus')).toEqual(expect.arrayContaining(['DONE', 'IN_PROGRESS', 'PARTIALLY_DONE', 'NOT_DONE', 'NOT_REPORTED']));
  });
});
