import {
  ERRORS,
  Variable,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  isValidLeafValue,
  typenameFieldName,
  type CompositeType,
  type FieldSelection,
  type Operation,
  type Schema,
  type SelectionSet,
  type Type,
} from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';

/** `@skip`/`@include`'s `if`: a constant, or the name of a Boolean variable. */
type Condition = boolean | string;

/** A field of the operation, with what shaping needs of it worked out once. */
interface FieldStep {
  kind: 'field';
  responseName: string;
  skip?: Condition;
  include?: Condition;
  /** `__typename` (answered from the object's type), `__schema`/`__type` (answered from the API schema), or data. */
  role: 'data' | 'typename' | 'introspection';
  selection: FieldSelection;
  type: Type;
  steps?: Step[];
}

interface FragmentStep {
  kind: 'fragment';
  skip?: Condition;
  include?: Condition;
  typeCondition?: CompositeType;
  steps: Step[];
  /** Whether the condition applies, by `__typename` (or, without one, by the parent type), learnt once. */
  applies: Map<string, boolean>;
}

type Step = FieldStep | FragmentStep;

/** One request's shaping: its variables (defaults applied), the errors found, introspection. */
interface Run {
  schema: Schema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  introspect: (selection: FieldSelection) => unknown;
}

interface Compiled {
  steps: Step[];
  root: CompositeType;
  defaults: Record<string, unknown>;
}

const compiledOperations = new WeakMap<Operation, Compiled>();

/**
 * The client's answer from the result tree, in one walk: only the requested fields under
 * their aliases, `__typename`, @include/@skip, null propagation for non-null fields, leaf
 * values checked against their types, introspection answered from the API schema. What
 * @apollo/gateway's `computeResponse` does, with the same errors and messages; but the
 * operation is compiled once per plan (response names, types, conditions, fragment
 * applicability), where `computeResponse` asks the operation's objects again for every
 * object of every answer.
 */
export function shapeResult(
  operation: Operation,
  input: Record<string, unknown>,
  variables: Record<string, unknown> | undefined,
  introspect: (selection: FieldSelection) => unknown,
): { data: Record<string, unknown> | null; errors: GraphQLError[] } {
  let compiled = compiledOperations.get(operation);
  if (!compiled) {
    const schema = operation.schema();
    compiled = {
      steps: compile(schema, operation.selectionSet),
      root: schema.schemaDefinition.rootType(operation.rootKind)! as CompositeType,
      defaults: operation.collectDefaultedVariableValues(),
    };
    compiledOperations.set(operation, compiled);
  }
  const run: Run = { schema: operation.schema(), variables: { __proto__: null, ...compiled.defaults, ...variables }, errors: [], introspect };
  const data: Record<string, unknown> = Object.create(null);
  const bubbled = applySteps(run, compiled.steps, input, data, [], compiled.root);
  return { data: bubbled ? null : data, errors: run.errors };
}

function compile(schema: Schema, selectionSet: SelectionSet): Step[] {
  const skip = schema.skipDirective();
  const include = schema.includeDirective();
  return selectionSet.selections().map((selection): Step => {
    const element = selection.element;
    const conditions = {
      skip: condition(element.appliedDirectivesOf(skip)[0]?.arguments().if),
      include: condition(element.appliedDirectivesOf(include)[0]?.arguments().if),
    };
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      const role = field.definition.isSchemaIntrospectionField() ? 'introspection' : field.name === typenameFieldName ? 'typename' : 'data';
      return {
        kind: 'field',
        responseName: field.responseName(),
        ...conditions,
        role,
        selection,
        type: field.definition.type!,
        steps: selection.selectionSet && role === 'data' ? compile(schema, selection.selectionSet) : undefined,
      };
    }
    return { kind: 'fragment', ...conditions, typeCondition: selection.element.typeCondition, steps: compile(schema, selection.selectionSet), applies: new Map() };
  });
}

function condition(value: unknown): Condition | undefined {
  if (value === undefined) return undefined;
  return value instanceof Variable ? value.name : Boolean(value);
}

function holds(run: Run, value: Condition): boolean {
  if (typeof value === 'boolean') return value;
  const given = run.variables[value];
  if (typeof given !== 'boolean') throw new Error(`Unexpected value ${String(given)} for variable $${value} of @skip/@include`);
  return given;
}

function skipped(run: Run, step: Step): boolean {
  return (step.skip !== undefined && holds(run, step.skip)) || (step.include !== undefined && !holds(run, step.include));
}

/** Writes `steps` of `input` into `output`; true when a non-null field was null, so `output`'s parent must be null. */
function applySteps(run: Run, steps: Step[], input: Record<string, unknown>, output: Record<string, unknown>, path: (string | number)[], parentType: CompositeType): boolean {
  for (const step of steps) {
    if ((step.skip !== undefined || step.include !== undefined) && skipped(run, step)) continue;
    if (step.kind === 'field') {
      const name = step.responseName;
      const outputValue = output[name];
      if (step.role === 'introspection') {
        if (outputValue === undefined) output[name] = run.introspect(step.selection);
        continue;
      }
      let inputValue = Object.prototype.hasOwnProperty.call(input, name) ? (input[name] ?? null) : null;
      if (step.role === 'typename') {
        if (outputValue === undefined) {
          if (inputValue === null && name !== typenameFieldName) inputValue = input[typenameFieldName] ?? null;
          const type = typeof inputValue === 'string' ? (run.schema.type(inputValue) ?? parentType) : parentType;
          if (!isObjectType(type)) return true;
          output[name] = type.name;
        }
        continue;
      }
      path.push(name);
      const result = updateValue(run, outputValue, step.type, inputValue, step.steps, path, parentType);
      output[name] = result.updated;
      path.pop();
      if (result.invalid) return true;
    } else {
      const typename = input[typenameFieldName];
      if (typename && typeof typename !== 'string') throw new Error(`Got unexpected value for __typename: ${String(typename)}`);
      if (fragmentApplies(run, step, (typename as string) || undefined, parentType)) {
        if (applySteps(run, step.steps, input, output, path, step.typeCondition ?? parentType)) return true;
      }
    }
  }
  return false;
}

function fragmentApplies(run: Run, step: FragmentStep, typename: string | undefined, parentType: CompositeType): boolean {
  const condition = step.typeCondition;
  if (!condition) return true;
  const key = typename ?? `\u0000${parentType.name}`;
  let applies = step.applies.get(key);
  if (applies === undefined) {
    if (typename) {
      const type = run.schema.type(typename);
      applies = !!type && isSubtype(condition, type);
    } else {
      applies = isSubtype(condition, parentType);
    }
    step.applies.set(key, applies);
  }
  return applies;
}

interface Updated {
  updated: unknown;
  invalid?: boolean;
  hasErrors?: boolean;
}

function describe(path: (string | number)[], type: Type, parentType: CompositeType): string {
  const element = path[path.length - 1];
  return typeof element === 'string' ? `field ${parentType}.${element}` : `array element of type ${type} at index ${element}`;
}

function updateValue(run: Run, outputValue: unknown, type: Type, inputValue: unknown, steps: Step[] | undefined, path: (string | number)[], parentType: CompositeType): Updated {
  if (outputValue === null || (outputValue !== undefined && !steps)) return { updated: outputValue };
  if (isNonNullType(type)) {
    const inner = updateValue(run, outputValue, type.ofType, inputValue, steps, path, parentType);
    if (inner.updated === null) {
      if (!inner.hasErrors) {
        run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${describe(path, type.ofType, parentType)}.`, { path: Array.from(path) }) as unknown as GraphQLError);
      }
      return { updated: null, invalid: true, hasErrors: true };
    }
    return { updated: inner.updated };
  }
  if (inputValue === null) return { updated: null };
  if (isListType(type)) {
    if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value ${String(inputValue)} returned by subgraph for list type ${type}`);
    if (outputValue !== undefined && (!Array.isArray(outputValue) || outputValue.length !== inputValue.length)) {
      throw new Error(`Invalid list value returned by subgraph for list type ${type}`);
    }
    const previous = outputValue as unknown[] | undefined;
    const updated = new Array<unknown>(inputValue.length);
    let nullify = false;
    let hasErrors = false;
    for (let index = 0; index < inputValue.length; index++) {
      path.push(index);
      const element = updateValue(run, previous ? previous[index] : undefined, type.ofType, inputValue[index], steps, path, parentType);
      path.pop();
      if (element.invalid) nullify = true;
      if (element.hasErrors) hasErrors = true;
      updated[index] = element.updated;
    }
    return { updated: nullify ? null : updated, hasErrors };
  }
  if (isCompositeType(type)) {
    if (!steps) throw new Error(`Invalid empty selection set for composite type ${type}`);
    if (typeof inputValue !== 'object') throw new Error(`Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${type}`);
    const object = inputValue as Record<string, unknown>;
    const typename = object[typenameFieldName];
    if (typename !== undefined && typeof typename !== 'string') throw new Error(`Invalid non-string value ${String(typename)} for __typename at ${path}`);
    let objectType: CompositeType = type;
    if (typename) {
      const named = run.schema.type(typename);
      if (!named || !isCompositeType(named)) {
        run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${describe(path, type, parentType)}.`, { path: Array.from(path) }) as unknown as GraphQLError);
        return { updated: null, hasErrors: true };
      }
      objectType = named;
    }
    const output = (outputValue ?? Object.create(null)) as Record<string, unknown>;
    const bubbled = applySteps(run, steps, object, output, path, objectType);
    return { updated: bubbled ? null : output, hasErrors: bubbled };
  }
  const valid = isValidLeafValue(run.schema, inputValue, type as never);
  if (!valid) {
    run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${describe(path, type, parentType)}.`, { path: Array.from(path) }) as unknown as GraphQLError);
  }
  return { updated: valid ? inputValue : null, hasErrors: !valid };
}
