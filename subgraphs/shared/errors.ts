import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The public error codes of the whole graph: clients switch on these, so they never change meaning. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** Base of every error we mean to show a client: a stable code and a short, safe message. */
export class ClientError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/** Bad input, naming the argument or input field (dotted path, e.g. `filter.city`). */
export class BadInputError extends ClientError {
  constructor(field: string, message: string) {
    super(message, ErrorCode.BAD_USER_INPUT, { field });
  }
}

/** Where masked errors go: the server log, never the client. */
export type ErrorLog = (error: unknown, message: string) => void;

/**
 * The one boundary where errors become answers. Errors raised on purpose (ours, and the
 * validation and coercion errors graphql-js and Apollo produce, which all carry a code)
 * pass through without a stack; anything else (a driver error, a bug) is logged and
 * masked, so no SQL, stack or internal message ever reaches a client.
 */
export function createFormatError(log: ErrorLog) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) return withoutStack(formatted);
    log(error, 'masked an internal error');
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

function withoutStack(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !('stacktrace' in formatted.extensions)) return formatted;
  const { stacktrace: _omit, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

/** The thing asked for does not exist (or is not visible to the caller). */
export class NotFoundError extends ClientError {
  constructor(field: string, message: string) {
    super(message, ErrorCode.NOT_FOUND, { field });
  }
}

/** The request is valid but clashes with the current state (already decided, already answered, closed). */
export class ConflictError extends ClientError {
  constructor(field: string, message: string) {
    super(message, ErrorCode.CONFLICT, { field });
  }
}
