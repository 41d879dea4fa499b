import { Kind, type GraphQLScalarType } from 'graphql';
import { GraphQLISODateTime } from 'type-graphql';
import { BadInputError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { Decimal } from '../import/decimal.js';
import { MONEY_SCALE } from './decimal.column.js';

/**
 * `Decimal`: an exact decimal number as a string ("80799.1"); money in thousand UAH. Out,
 * always canonical text. In, the value is passed on as given and checked where it is used
 * (`requireAmount`), so that a malformed or negative amount is a BAD_USER_INPUT naming its
 * field, like every other input error of this graph.
 */
/**
 * The scalar class of the graphql-js copy type-graphql uses: type-graphql recognises a
 * custom scalar with `instanceof`, and a test runner that resolves `graphql` to its ES
 * module build while type-graphql loads the CommonJS one would otherwise see two classes.
 */
const ScalarType = GraphQLISODateTime.constructor as typeof GraphQLScalarType;

export const DecimalScalar: GraphQLScalarType<string, string> = new ScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "80799.1" (money: thousand UAH). Never a binary floating-point number.',
  serialize(value) {
    if (typeof value !== 'string') throw new TypeError('Decimal values are canonical strings');
    return value;
  },
  parseValue(value) {
    return value as string;
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return ast.value;
    return '' as string;
  },
});

/** An amount as a client sent it: a non-negative decimal string of at most MONEY_SCALE decimals, or BAD_USER_INPUT naming the field. */
export function requireAmount(field: string, value: unknown): string {
  if (typeof value !== 'string') throw new BadInputError(field, message('decimal.notString', { field }));
  const decimal = Decimal.parse(value);
  if (!decimal || !/^-?\d{1,15}(?:\.\d+)?$/.test(value.trim())) throw new BadInputError(field, message('decimal.malformed', { field, value: value.slice(0, 40) }));
  if (decimal.isNegative()) throw new BadInputError(field, message('decimal.negative', { field }));
  if (decimal.scale > MONEY_SCALE) throw new BadInputError(field, message('decimal.tooPrecise', { field, max: MONEY_SCALE }));
  return decimal.toString();
}
