import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { requestLocale } from './request-scope.js';
import { message, render, type Message } from './messages/index.js';

/** The public error codes of the whole graph: clients switch on these, so they never change meaning. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * Base of every error we mean to show a client: a stable code and a short, safe message
 * from the catalogue (lib/messages), written in the request's language. The message is
 * kept by key, so the error boundary writes it again in the language of the answer.
 */
export class ClientError extends GraphQLError {
  readonly localizable: Message;

  constructor(message: Message, code: ErrorCode | (string & {}), extensions: Record<string, unknown> = {}) {
    super(render(requestLocale(), message), { extensions: { ...extensions, code } });
    this.localizable = message;
  }
}

/** Bad input, naming the argument or input field (its path as sent, e.g. `filter.city`, `answers[3].value`). */
export class BadInputError extends ClientError {
  constructor(field: string, message: Message, extensions: Record<string, unknown> = {}) {
    super(message, ErrorCode.BAD_USER_INPUT, { field, ...extensions });
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
    if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) return inRequestLanguage(withoutStack(formatted), error);
    log(error, 'masked an internal error');
    return {
      message: render(requestLocale(), message('internal')),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/** The catalogue message an error carries (ours, or one graphql-js or Apollo wrapped around ours), if any. */
export function localizableOf(error: unknown): Message | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    // By shape: Apollo and graphql-js may wrap our error in a GraphQLError of another build.
    const localizable = (current as { localizable?: Message }).localizable;
    if (localizable) return localizable;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** A formatted error whose message is ours, written in the request's language (graphql-js's own messages stay as they are). */
export function inRequestLanguage(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const localizable = localizableOf(error);
  return localizable ? { ...formatted, message: render(requestLocale(), localizable) } : formatted;
}

function withoutStack(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !('stacktrace' in formatted.extensions)) return formatted;
  const { stacktrace: _omit, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

/** The thing asked for does not exist (or is not visible to the caller). */
export class NotFoundError extends ClientError {
  constructor(field: string, message: Message) {
    super(message, ErrorCode.NOT_FOUND, { field });
  }
}

/** The request is valid but clashes with the current state (already decided, already answered, closed). */
export class ConflictError extends ClientError {
  constructor(field: string, message: Message) {
    super(message, ErrorCode.CONFLICT, { field });
  }
}
