import type { VariableDefinitions } from '@apollo/federation-internals';
import { evaluateCondition, type PlanNode, type ResponsePath } from '@apollo/query-planner';
import { executeFetch, type ExecutionState } from './fetch.js';

/**
 * Runs a plan node against the cursor it applies to (the result tree, or the flattened
 * entities under a `Flatten` path). Sequences in order, parallels at once; a fetch that
 * fails is recorded as an error and the rest of the plan goes on (its fields stay null).
 * No tracing work: @apollo/gateway builds a usage-reporting trace node per plan node and
 * an OpenTelemetry span per fetch even when nothing reads them; the data source opens the
 * one span per subgraph call that tracing keeps.
 */
export async function runNode(state: ExecutionState, variableDefinitions: VariableDefinitions, node: PlanNode, path: ResponsePath, cursor: unknown): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await runNode(state, variableDefinitions, child, path, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => runNode(state, variableDefinitions, child, path, cursor)));
      return;
    case 'Flatten': {
      const inner = flattenAt(cursor, node.path, 0);
      // Nothing there (a parent was null or failed): nothing to fetch.
      if (inner === null || inner === undefined) return;
      return runNode(state, variableDefinitions, node.node, path.concat(node.path), inner);
    }
    case 'Fetch':
      try {
        await executeFetch(state, node, path, cursor);
      } catch (error) {
        state.errors.push(error);
      }
      return;
    case 'Condition': {
      const branch = evaluateCondition(node, variableDefinitions, state.requestContext.request.variables) ? node.ifClause : node.elseClause;
      if (branch) await runNode(state, variableDefinitions, branch, path, cursor);
      return;
    }
    case 'Defer':
      // The gateway never plans @defer (the planner's `incrementalDelivery` is off), as in @apollo/gateway.
      throw new Error('@defer support is not available in the gateway');
  }
}

/** The values at `path` below `value`, lists (`@`) flattened into one list of entities. */
function flattenAt(value: unknown, path: ResponsePath, from: number): unknown {
  if (from === path.length || value === null || value === undefined) return value;
  const step = path[from];
  if (step === '@') {
    if (!Array.isArray(value)) throw new Error('expected a list where the plan has `@`');
    const flat: unknown[] = [];
    for (const element of value) {
      const inner = flattenAt(element, path, from + 1);
      if (Array.isArray(inner)) for (const item of inner) flat.push(item);
      else flat.push(inner);
    }
    return flat;
  }
  if (typeof step !== 'string' || Array.isArray(value)) throw new Error(`Unexpected value in result for path element ${String(step)}`);
  const object = value as Record<string, unknown>;
  return flattenAt(Object.prototype.hasOwnProperty.call(object, step) ? object[step] : undefined, path, from + 1);
}
