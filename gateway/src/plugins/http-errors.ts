import type { FastifyError, FastifyInstance } from 'fastify';
import { parseAcceptLanguage } from '../../../lib/locale.js';
import { message, render, type Message } from '../../../lib/messages/index.js';

/** Fastify's refusals before GraphQL, as GraphQL-shaped answers with a stable code. */
const REFUSALS: Record<string, { status: number; code: string; message: Message }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: message('request.tooLarge') },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: message('request.mediaType') },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', message: message('request.contentLength') },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'BAD_REQUEST', message: message('request.emptyJson') },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'BAD_REQUEST', message: message('request.invalidJson') },
};

/**
 * Malformed JSON, wrong content types and oversized bodies are refused by Fastify before
 * Apollo sees them; this gives them the same shape and codes as every other error, and
 * masks anything unexpected.
 */
export function registerHttpErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const refusal =
      REFUSALS[error.code] ??
      (error instanceof SyntaxError && error.statusCode === 400 ? REFUSALS.FST_ERR_CTP_INVALID_JSON_BODY : undefined) ??
      (error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? { status: error.statusCode, code: 'BAD_REQUEST', message: message('request.unreadable') }
        : undefined);
    const locale = parseAcceptLanguage(request.headers['accept-language']);
    if (!refusal) {
      request.log.error({ err: error }, 'unexpected error outside GraphQL');
      return reply.code(500).send({ errors: [{ message: render(locale, message('internal')), extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
    return reply.code(refusal.status).send({ errors: [{ message: render(locale, refusal.message), extensions: { code: refusal.code } }] });
  });
}
