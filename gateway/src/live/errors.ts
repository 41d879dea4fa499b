import type { GraphQLFormattedError } from 'graphql';
import { ClientError, ErrorCode } from '../../../lib/errors.js';
import type { Locale } from '../../../lib/locale.js';
import { message } from '../../../lib/messages/index.js';
import { runInRequestScope } from '../../../lib/request-scope.js';
import type { EndReason } from './subscriber.js';

/** The gateway's error boundary (plugins/format-error.ts): the same for subscriptions as for queries. */
export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** Whose request an error belongs to: its id in logs, its language in messages. */
export interface ErrorScope {
  requestId: string;
  locale: Locale;
}

/** A subscription refused because a client or the process holds too many. */
export const SUBSCRIPTION_LIMIT = 'SUBSCRIPTION_LIMIT';
/** A stream the gateway ended before the subscription was over (the client reconnects to resume). */
export const STREAM_CLOSED = 'STREAM_CLOSED';
/** Why: the token it was opened with expired (the client reconnects with a fresh one). */
export const TOKEN_EXPIRED = 'TOKEN_EXPIRED';

/** Codes that refuse a subscription when its first execution (the admission run) answers them. */
export const ADMISSION_CODES: ReadonlySet<unknown> = new Set([ErrorCode.NOT_FOUND, ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.BAD_USER_INPUT]);

/**
 * Errors as the client gets them: each through the gateway's boundary (codes kept, internals
 * masked and logged with the request id), written in the subscriber's language. Errors of
 * either graphql build are read by shape.
 */
export function formatErrors(formatError: FormatError, errors: readonly unknown[], scope: ErrorScope): GraphQLFormattedError[] {
  let formatted: GraphQLFormattedError[] = [];
  runInRequestScope(scope.requestId, scope.locale, () => {
    formatted = errors.map((error) => formatError(asFormatted(error), error));
  });
  return formatted;
}

/** What Apollo Server hands its `formatError`: the error's JSON, a code always, and no `http` extension (a status only Apollo reads). */
function asFormatted(error: unknown): GraphQLFormattedError {
  const json = typeof (error as { toJSON?: unknown } | null)?.toJSON === 'function' ? ((error as { toJSON(): GraphQLFormattedError }).toJSON()) : { message: 'Unexpected error' };
  const { http: _http, ...extensions } = (json.extensions ?? {}) as Record<string, unknown>;
  return { ...json, extensions: { ...extensions, code: extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR } };
}

export function tooManyForClient(max: number): ClientError {
  return new ClientError(message('live.tooManyForClient', { max }), SUBSCRIPTION_LIMIT, { limit: 'client', max });
}

export function tooManyForProcess(): ClientError {
  return new ClientError(message('live.tooManyForProcess'), SUBSCRIPTION_LIMIT, { limit: 'process' });
}

/** Why the gateway closed a stream, as the last message of it (SSE) or a close reason (WebSocket). */
export function streamClosed(reason: Exclude<EndReason, 'complete' | 'client'>, queueLimit: number): ClientError {
  switch (reason) {
    case 'slow':
      return new ClientError(message('live.slowConsumer', { max: queueLimit }), STREAM_CLOSED, { reason: 'SLOW_CONSUMER' });
    case 'behind':
      return new ClientError(message('live.behind'), STREAM_CLOSED, { reason: 'BEHIND' });
    case 'shutdown':
      return new ClientError(message('live.restarting'), STREAM_CLOSED, { reason: 'RESTARTING' });
    case 'expired':
      return new ClientError(message('live.tokenExpired'), STREAM_CLOSED, { reason: TOKEN_EXPIRED });
  }
}
