import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, inRequestLanguage } from '../../../lib/errors.js';
import { message, render } from '../../../lib/messages/index.js';
import { requestLocale } from '../../../lib/request-scope.js';

/** Codes of refusals the gateway itself makes before execution: the document, variables or caller are wrong, not us. */
const GATEWAY_CLIENT_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'RATE_LIMITED',
  // Subscriptions (gateway/src/live): a client or process over its limit, a stream the gateway closed.
  'SUBSCRIPTION_LIMIT',
  'STREAM_CLOSED',
]);

/**
 * Codes a subgraph's answer keeps on its way to the client: the public ones of lib/errors.ts.
 * Any other code from a subgraph (a document it refused, say) is the graph's fault, not the caller's.
 */
const SUBGRAPH_CLIENT_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
]);

/** The code of an answer that is partial because one subgraph could not answer. */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

/** Why the gateway has no answer from a subgraph. */
export type UnavailableReason = 'unreachable' | 'timeout' | 'status' | 'not-graphql';

/**
 * The gateway got no GraphQL answer from a subgraph: it could not be reached, timed out, or
 * answered with something else (an HTTP error, a body that is no GraphQL response). Thrown
 * by SubgraphDataSource only, so that it is told apart from errors a subgraph answered
 * (which @apollo/gateway also marks with `serviceName`).
 */
export class SubgraphUnavailableError extends GraphQLError {
  constructor(
    readonly service: string,
    readonly reason: UnavailableReason,
    cause?: unknown,
    readonly status?: number,
  ) {
    super(`subgraph ${service} ${reason}`, {
      originalError: cause instanceof Error ? cause : undefined,
      extensions: { code: SERVICE_UNAVAILABLE, service },
    });
  }
}

/**
 * The gateway's error boundary, where each error says whose fault it is:
 * - the caller's: refusals by the gateway, and a subgraph's public codes (with its field), kept;
 * - a subgraph we could not get an answer from: SERVICE_UNAVAILABLE naming it, without a path
 *   (all its fields in the answer are null); also when a subgraph could not reach its own peer;
 * - anything else, a subgraph's unexpected error included: INTERNAL_SERVER_ERROR at its path,
 *   naming the subgraph when it came from one, and logged.
 * No message, stack or extension a subgraph did not mean for clients ever leaves.
 */
export function createGatewayFormatError(log: (error: unknown, message: string) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const extensions = formatted.extensions ?? {};
    const code = typeof extensions.code === 'string' ? extensions.code : undefined;
    const path = formatted.path ? { path: formatted.path } : {};
    const unavailable = transportFailure(error);
    if (unavailable) {
      log(error, `subgraph ${unavailable.service} failed`);
      return serviceUnavailable(unavailable.service);
    }
    const subgraph = typeof extensions.serviceName === 'string' ? extensions.serviceName : undefined;
    // Apollo refuses some requests (a persisted query's version or hash) with a 4xx status and no code.
    if (!subgraph && isCodelessRefusal(error)) return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
    if (code && (subgraph ? SUBGRAPH_CLIENT_CODES : GATEWAY_CLIENT_CODES).has(code)) {
      const { stacktrace: _stack, serviceName: _service, exception: _exception, ...kept } = extensions;
      // Apollo prefixes refusals made while building the context (token, rate limit, safelist).
      // A subgraph wrote its message in the caller's language already (the gateway forwards Accept-Language).
      const text = subgraph ? formatted.message : gatewayMessage(formatted, error, code);
      return { message: text, ...(formatted.locations ? { locations: formatted.locations } : {}), ...path, extensions: kept };
    }
    // A subgraph that could not reach its own peer (shared/peers.ts) names that peer.
    const peer = extensions.service;
    if (subgraph && code === SERVICE_UNAVAILABLE && typeof peer === 'string' && /^[a-z][\w-]{0,40}$/.test(peer)) {
      return { message: render(requestLocale(), message('service.peerUnavailable', { service: peer })), ...path, extensions: { code: SERVICE_UNAVAILABLE, service: peer } };
    }
    log(error, subgraph ? `subgraph ${subgraph} answered an internal error` : 'masked an internal error');
    return {
      message: render(requestLocale(), message('internal')),
      ...path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(subgraph ? { service: subgraph } : {}) },
    };
  };
}

/** Refusals Apollo Server makes itself, by code, in our words (clients read the code; older APQ clients also compare the English message, kept as Apollo's). */
const APOLLO_REFUSALS: Partial<Record<string, 'persisted.notFound' | 'persisted.notSupported'>> = {
  PERSISTED_QUERY_NOT_FOUND: 'persisted.notFound',
  PERSISTED_QUERY_NOT_SUPPORTED: 'persisted.notSupported',
};

/**
 * A refusal of the gateway's own, in the request's language: ours are written again from
 * the catalogue; Apollo's persisted-query refusals by code; graphql-js's parse and
 * validation messages stay as graphql-js wrote them (English).
 */
function gatewayMessage(formatted: GraphQLFormattedError, error: unknown, code: string): string {
  const apollo = APOLLO_REFUSALS[code];
  if (apollo) return render(requestLocale(), message(apollo));
  return inRequestLanguage(formatted, error).message.replace(/^Context creation failed: /, '');
}

function serviceUnavailable(service: string): GraphQLFormattedError {
  return { message: render(requestLocale(), message('service.unavailable', { service })), extensions: { code: SERVICE_UNAVAILABLE, service } };
}

function isCodelessRefusal(error: unknown): boolean {
  const extensions = (error as { name?: string; extensions?: { code?: unknown; http?: { status?: unknown } } } | null)?.extensions;
  const status = extensions?.http?.status;
  return (error as Error | null)?.name === 'GraphQLError' && extensions?.code === undefined && typeof status === 'number' && status >= 400 && status < 500;
}

function transportFailure(error: unknown): SubgraphUnavailableError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 3; depth++) {
    if (current instanceof SubgraphUnavailableError) return current;
    // (`originalError` by shape: Apollo's packages and ours may load different builds of graphql.)
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}
