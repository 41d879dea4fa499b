import type { QueryPlanSelectionNode } from '@apollo/query-planner';
import { isObjectOfType } from '@apollo/gateway/dist/dataRewrites.js';
import type { GraphQLSchema } from 'graphql';
import { writeInto } from './merge.js';

/**
 * An entity's representation for `_entities`: the fields the fetch `requires` (its key and
 * any `@requires` fields), copied from what earlier fetches wrote at that entity. Null when
 * one of them is missing (an earlier fetch failed there): that entity is not asked for.
 * Inline fragments apply by the entity's `__typename` (abstract types), as in @apollo/gateway.
 */
export function representationOf(schema: GraphQLSchema, source: unknown, selections: readonly QueryPlanSelectionNode[]): Record<string, unknown> | null {
  if (source === null || source === undefined) return null;
  const entity = source as Record<string, unknown>;
  const result: Record<string, unknown> = Object.create(null);
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const name = selection.alias ?? selection.name;
      const value = Object.prototype.hasOwnProperty.call(entity, name) ? entity[name] : undefined;
      if (value === undefined) return null;
      const nested = selection.selections;
      if (Array.isArray(value)) result[name] = nested ? value.map((item) => representationOf(schema, item, nested)) : value;
      else result[name] = nested ? representationOf(schema, value, nested) : value;
    } else if (selection.typeCondition && isObjectOfType(schema, entity, selection.typeCondition)) {
      writeInto(result, representationOf(schema, entity, selection.selections));
    }
  }
  return result;
}
