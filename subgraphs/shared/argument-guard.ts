import { defaultFieldResolver, type GraphQLField, type GraphQLScalarType, type GraphQLSchema } from 'graphql';
import { isStorableEpochMs } from './dates.js';
import { BadInputError } from '../../lib/errors.js';
import { message } from '../../lib/messages/index.js';
import { textProblem } from '../../lib/text-rule.js';
import { textProblemMessage } from './text.js';

/**
 * The checks every argument a client sends a subgraph meets before any resolver sees it,
 * each refused as BAD_USER_INPUT naming the argument's path (`input.title`,
 * `answers[2].text`, `filter.search`, `id`), in every subgraph and every field added later:
 * - strings meet the text rule (text.ts): free texts, ids, cursors and search words alike,
 *   so no control character or broken Unicode reaches a driver, a log or another subgraph;
 * - dates are real dates the databases store (years 1900 to 9999).
 * The fields' own checks (lengths, formats, references) follow in their resolvers;
 * `requireText` applies the text rule again where texts are stored. Federation's own
 * fields (`_entities`, `_service`) carry what the gateway built, not client input.
 */
export function guardArguments(schema: GraphQLSchema): GraphQLSchema {
  leaveDatesToTheGuard(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    // By shape, not `isObjectType`: @apollo/subgraph builds the schema with graphql's CommonJS
    // build, this module may import its ES one, and graphql's instanceof checks tell them apart.
    if (type.name.startsWith('__') || !('getFields' in type)) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (!field.args?.length || field.name.startsWith('_')) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        for (const [name, value] of Object.entries(args)) refuseBadInput(value, name);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

/** Walks a coerced argument value (scalars, lists, input objects); the schema's input types bound its depth. */
function refuseBadInput(value: unknown, path: string): void {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) throw new BadInputError(path, textProblemMessage(path, problem));
  } else if (value instanceof Date) {
    if (!isStorableEpochMs(value.getTime())) throw new BadInputError(path, message('date.outOfRange', { field: path }));
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => refuseBadInput(item, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [name, inner] of Object.entries(value)) refuseBadInput(inner, `${path}.${name}`);
  }
}

/**
 * A `DateTime` the scalar cannot read becomes an invalid Date instead of a coercion error:
 * coercion errors name the variable (`$i`) or nothing, never the argument, so the guard
 * above refuses it instead, naming the field. Patches this schema's own scalar (a copy
 * @apollo/subgraph made), not graphql-scalars' shared one.
 */
function leaveDatesToTheGuard(schema: GraphQLSchema): void {
  const scalar = schema.getType('DateTime') as GraphQLScalarType | undefined;
  if (!scalar || !('parseValue' in scalar)) return;
  const { parseValue, parseLiteral } = scalar;
  const invalid = () => new Date(Number.NaN);
  scalar.parseValue = (value) => {
    try {
      return parseValue.call(scalar, value);
    } catch {
      return invalid();
    }
  };
  scalar.parseLiteral = (node, variables) => {
    try {
      return parseLiteral.call(scalar, node, variables);
    } catch {
      return invalid();
    }
  };
}
