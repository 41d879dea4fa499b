import { operationFromDocument, type Operation, type Schema } from '@apollo/federation-internals';
import type { OperationContext } from '@apollo/gateway/dist/operationContext.js';
import type { QueryPlan } from '@apollo/query-planner';
import type { DocumentNode, GraphQLError } from 'graphql';
import { graphql } from './errors.js';
import { shapeResult } from './response-shape.js';

/**
 * The operation as @apollo/federation-internals sees it, which result shaping walks. The
 * stock executor builds it again for every request; here once per cached plan (a plan is
 * cached per document and operation name, so the two go together).
 */
const operations = new WeakMap<QueryPlan, Operation>();

export function operationOf(plan: QueryPlan, apiSchema: Schema, context: OperationContext): Operation {
  let operation = operations.get(plan);
  if (!operation) {
    const document: DocumentNode = { kind: graphql.Kind.DOCUMENT, definitions: [context.operation, ...Object.values(context.fragments)] };
    operation = operationFromDocument(apiSchema, document, { validate: false });
    operations.set(plan, operation);
  }
  return operation;
}

/**
 * The client's answer from the result tree (response-shape.ts), introspection fields
 * answered from the API schema as the stock executor does.
 */
export function shapeResponse(operation: Operation, context: OperationContext, variables: Record<string, unknown> | undefined, data: Record<string, unknown>): { data: Record<string, unknown> | null | undefined; errors: GraphQLError[] } {
  return shapeResult(operation, data, variables, (field) => introspect(context, field.expandFragments().toSelectionNode(), variables));
}

/** An introspection field (`__schema`, `__type`) executed against the API schema, as the stock executor does. */
function introspect(context: OperationContext, selection: import('graphql').FieldNode, variables: Record<string, unknown> | undefined): unknown {
  const used = new Set<string>();
  graphql.visit(selection, { Variable: ({ name }) => void used.add(name.value) });
  const document: DocumentNode = {
    kind: graphql.Kind.DOCUMENT,
    definitions: [
      {
        kind: graphql.Kind.OPERATION_DEFINITION,
        operation: graphql.OperationTypeNode.QUERY,
        variableDefinitions: context.operation.variableDefinitions?.filter((definition) => used.has(definition.variable.name.value)),
        selectionSet: { kind: graphql.Kind.SELECTION_SET, selections: [selection] },
      },
    ],
  };
  const { data, errors } = graphql.executeSync({ schema: context.schema, document, rootValue: {}, variableValues: variables });
  if (errors?.length || !data) throw new Error(`Introspection query for ${selection.name.value} failed`);
  const key = selection.alias?.value ?? selection.name.value;
  return Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined;
}
