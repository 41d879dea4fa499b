import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../../subgraphs/shared/errors.js';

const CLIENT_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  // Raised by Apollo before execution: the document or variables are wrong, not us.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'RATE_LIMITED',
]);

/** The code of an answer that is partial because one subgraph could not answer. */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

/**
 * The gateway's error boundary. Client errors from subgraphs pass through with their code
 * and field; a subgraph that failed or timed out is named, with no internals; anything
 * else becomes INTERNAL_SERVER_ERROR. No stack trace ever leaves.
 */
export function createGatewayFormatError(log: (error: unknown, message: string) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const extensions = formatted.extensions ?? {};
    const code = typeof extensions.code === 'string' ? extensions.code : undefined;
    const path = formatted.path ? { path: formatted.path } : {};
    if (code && CLIENT_CODES.has(code)) {
      const { stacktrace: _stack, serviceName: _service, exception: _exception, ...kept } = extensions;
      // Apollo prefixes refusals made while building the context (token, rate limit, safelist).
      const message = formatted.message.replace(/^Context creation failed: /, '');
      return { message, ...(formatted.locations ? { locations: formatted.locations } : {}), ...path, extensions: kept };
    }
    // A subgraph that could not reach its own peer names that peer (`service`); else the subgraph failed.
    const named = extensions.service ?? extensions.serviceName;
    const service = typeof named === 'string' ? named : undefined;
    log(error, service ? `subgraph ${service} failed` : 'masked an internal error');
    if (service) {
      return { message: `The ${service} service could not answer; its fields are null.`, ...path, extensions: { code: SERVICE_UNAVAILABLE, service } };
    }
    return { message: 'Internal server error', ...path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
