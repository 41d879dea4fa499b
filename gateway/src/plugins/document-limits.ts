import { createHash } from 'node:crypto';
import {
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ClientError } from '../../../lib/errors.js';
import { message, type MessageKey } from '../../../lib/messages/index.js';
import type { OperationLimits } from '../config.js';

/** What one operation of a document asks for, as the limits count it. */
export interface DocumentMeasure {
  rootFields: number;
  aliases: number;
  depth: number;
  directives: number;
  /**
   * Selections (fields, `__typename` included, fragment spreads and inline fragments) once
   * every spread is expanded: what validation, the cost estimate and the planner walk.
   */
  selections: number;
}

/** The limits checked on the parsed document, in the order a refusal names them. */
const DOCUMENT_LIMITS = [
  ['rootFields', 'maxRootFields'],
  ['aliases', 'maxAliases'],
  ['depth', 'maxDepth'],
  ['directives', 'maxDirectives'],
  ['selections', 'maxSelections'],
] as const satisfies readonly (readonly [keyof DocumentMeasure, keyof OperationLimits])[];

/** Every limit a refusal may name (`extensions.limit`), with its message. */
const LIMIT_MESSAGES = {
  rootFields: 'limit.rootFields',
  aliases: 'limit.aliases',
  depth: 'limit.depth',
  directives: 'limit.directives',
  selections: 'limit.selections',
  fragments: 'limit.fragments',
  cost: 'limit.cost',
} as const satisfies Record<string, MessageKey>;

/** A refusal, kept without the document (or its message, written in each request's language) so that remembering it costs a few bytes. */
export interface LimitRefusal {
  limit: keyof typeof LIMIT_MESSAGES;
  max: number;
  found: number;
}

/** What a refusal says: which limit, its maximum and what was asked; GRAPHQL_VALIDATION_FAILED, HTTP 400. */
export function limitError({ limit, max, found }: LimitRefusal): GraphQLError {
  return new ClientError(message(LIMIT_MESSAGES[limit], { max, found }), 'GRAPHQL_VALIDATION_FAILED', { limit, max, found, http: { status: 400 } });
}

/**
 * Counts what every operation of a parsed document asks for, in one walk, without the
 * schema: nothing here needs types, so it runs before graphql-js's validation, whose
 * rules (OverlappingFieldsCanBeMerged above all) grow with the square of a selection
 * set's size. Each fragment is measured once and its figures reused at every spread, and
 * a fragment that spreads itself counts as empty (validation refuses the cycle later):
 * the walk stays linear in the document, whatever its fragments multiply to.
 *
 * What counts: aliases except on `__typename`, and directives on every selection, a
 * fragment's at each spread, as graphql-armor's rules count them; depth in fields, with
 * fragments flattened and the introspection root `__schema` not counted; root fields with
 * each fragment once per operation (a fragment spread twice merges), `__typename` aside.
 * (graphql-armor's own rules need a validation context, and its directive rule follows a
 * fragment anew at each spread, and forever around a cycle, which validation has not yet
 * refused at this point: hence this walk.)
 */
export function measureDocument(document: DocumentNode): { operations: DocumentMeasure[]; fragments: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  type Totals = Omit<DocumentMeasure, 'rootFields'>;
  const EMPTY: Totals = { aliases: 0, depth: 0, directives: 0, selections: 0 };
  const measured = new Map<string, Totals | 'in progress'>();

  const fragmentTotals = (name: string): Totals => {
    const known = measured.get(name);
    if (known === 'in progress') return EMPTY;
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment) return EMPTY; // unknown: validation names it
    measured.set(name, 'in progress');
    const inner = selectionTotals(fragment.selectionSet);
    const totals = { ...inner, directives: inner.directives + (fragment.directives?.length ?? 0) };
    measured.set(name, totals);
    return totals;
  };

  const selectionTotals = (set: SelectionSetNode): Totals => {
    const totals = { ...EMPTY };
    for (const selection of set.selections) {
      totals.directives += selection.directives?.length ?? 0;
      totals.selections++;
      let inner: Totals;
      if (selection.kind === Kind.FIELD) {
        const typename = selection.name.value === '__typename' || selection.alias?.value === '__typename';
        if (selection.alias && !typename) totals.aliases++;
        inner = selection.selectionSet ? selectionTotals(selection.selectionSet) : EMPTY;
        const depth = selection.name.value === '__schema' ? 0 : 1 + inner.depth;
        totals.depth = Math.max(totals.depth, depth);
      } else {
        inner = selection.kind === Kind.INLINE_FRAGMENT ? selectionTotals(selection.selectionSet) : fragmentTotals(selection.name.value);
        totals.depth = Math.max(totals.depth, inner.depth);
      }
      totals.aliases += inner.aliases;
      totals.directives += inner.directives;
      totals.selections += inner.selections;
    }
    return totals;
  };

  /** Each root field is a query-plan branch, often a subgraph fetch of its own. */
  const rootFields = (set: SelectionSetNode, seen: Set<string>): number => {
    let count = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) count += selection.name.value === '__typename' ? 0 : 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) count += rootFields(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) count += rootFields(fragment.selectionSet, seen);
      }
    }
    return count;
  };

  return {
    fragments: fragments.size,
    operations: operations.map((operation) => {
      const totals = selectionTotals(operation.selectionSet);
      return { ...totals, directives: totals.directives + (operation.directives?.length ?? 0), rootFields: rootFields(operation.selectionSet, new Set()) };
    }),
  };
}

/** The first limit a parsed document exceeds, or undefined when it fits them all. */
export function documentRefusal(document: DocumentNode, limits: OperationLimits): LimitRefusal | undefined {
  const { operations, fragments } = measureDocument(document);
  for (const operation of operations) {
    for (const [limit, key] of DOCUMENT_LIMITS) {
      const max = limits[key];
      if (operation[limit] > max) return { limit, max, found: operation[limit] };
    }
  }
  if (fragments > limits.maxFragments) return { limit: 'fragments', max: limits.maxFragments, found: fragments };
  return undefined;
}

/** Verdicts remembered per kind before that kind starts over (a bound on memory; a verdict is ~100 bytes). */
const VERDICT_ENTRIES = 10_000;

/**
 * The operation limits as a gate in front of Apollo Server: the document is parsed
 * (within `MAX_TOKENS`) and measured before graphql-js validates it, so a document far
 * over a limit costs a parse and a linear walk, not seconds of validation. Verdicts are
 * kept by the document's SHA-256: a client's operation is measured once, a refused
 * document sent again costs a hash. Accepted and refused documents are kept apart, so
 * that a stream of unique refused documents cannot push the client operations out.
 * Apollo's document store then keeps each accepted document parsed and validated.
 *
 * Returns the refusal to answer with, or undefined to let the request go on. A document
 * that does not parse is answered here too (`GRAPHQL_PARSE_FAILED`, as Apollo would),
 * and not remembered: the parser stops at the first error or at `MAX_TOKENS`.
 */
export function createDocumentGate(limits: OperationLimits): (query: string | undefined) => GraphQLError | undefined {
  let accepted = new Set<string>();
  let refused = new Map<string, LimitRefusal>();
  return (query) => {
    // A persisted id (its document was checked when registered), or no document: Apollo answers that.
    if (!query) return undefined;
    const hash = createHash('sha256').update(query).digest('base64');
    if (accepted.has(hash)) return undefined;
    const known = refused.get(hash);
    if (known) return limitError(known);
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: limits.maxTokens });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return new GraphQLError(error.message, {
        source: error.source,
        positions: error.positions,
        extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } },
      });
    }
    const refusal = documentRefusal(document, limits);
    if (refusal) {
      if (refused.size >= VERDICT_ENTRIES) refused = new Map();
      refused.set(hash, refusal);
      return limitError(refusal);
    }
    if (accepted.size >= VERDICT_ENTRIES) accepted = new Set();
    accepted.add(hash);
    return undefined;
  };
}
