import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormattedExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import { parseAcceptLanguage } from '../../../lib/locale.js';
import type { GatewayMetrics } from '../plugins/metrics.js';
import { formatErrors, streamClosed, type FormatError } from './errors.js';
import type { Live } from './live.js';
import { ClientBudget, type LiveMessage } from './subscriber.js';

export interface SseOptions {
  path: string;
  heartbeatSeconds: number;
  queueLimit: number;
  formatError: FormatError;
  metrics?: GatewayMetrics;
  log: Logger;
}

export interface SseTransport {
  /** Resolves once every stream has written its end (after `Live.close` ended them), or after `timeoutMs`. */
  drained(timeoutMs: number): Promise<void>;
}

/** Whether a request asks for an event stream (the GraphQL over SSE protocol, distinct connections mode). */
export function wantsEventStream(accept: string | undefined): boolean {
  return !!accept && /(^|,)\s*text\/event-stream\s*(;|,|$)/i.test(accept);
}

/**
 * GraphQL over Server-Sent Events at `path` (the `graphql-sse` protocol, distinct
 * connections mode): a POST with a JSON body, or a GET with the query in its parameters,
 * that accepts `text/event-stream` is answered with a stream of `event: next` results and
 * an `event: complete`. Each result of an event carries its stream position as `id:`, so a
 * client that reconnects with `Last-Event-ID` gets what it missed (see live.ts); a comment
 * line every `heartbeatSeconds` keeps proxies from closing a quiet stream. Refusals are
 * streamed too (one `next` with the errors, then `complete`), as graphql-sse's own handler
 * streams validation errors, so clients do not retry them as network failures. Written
 * here rather than with graphql-sse's handler, which sets no event ids.
 */
export function registerSse(app: FastifyInstance, live: Live, options: SseOptions): SseTransport {
  const streams = new Set<Promise<void>>();
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== options.path || (request.method !== 'GET' && request.method !== 'POST')) return;
    if (!wantsEventStream(request.headers.accept)) return;
    // Fastify and Apollo step aside: this reply is written by hand, for as long as the stream lasts.
    reply.hijack();
    const stream = serve(request, reply, live, options).catch((error: unknown) => {
      options.log.error({ err: error, reqId: request.id }, 'an event stream failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500);
      reply.raw.end();
    });
    streams.add(stream);
    void stream.finally(() => streams.delete(stream));
  });
  return {
    async drained(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all([...streams]), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    },
  };
}

async function serve(request: FastifyRequest, reply: FastifyReply, live: Live, options: SseOptions): Promise<void> {
  const locale = parseAcceptLanguage(request.headers['accept-language']);
  const params = (request.method === 'GET' ? request.query : request.body) as Record<string, unknown> | undefined;
  const budget = new ClientBudget(options.queueLimit);
  const opened = await live.open({
    transport: 'sse',
    authorization: header(request.headers.authorization),
    ip: request.ip,
    locale,
    requestId: request.id,
    method: request.method === 'GET' ? 'GET' : 'POST',
    params: params && typeof params === 'object' && !Array.isArray(params) ? params : {},
    lastEventId: header(request.headers['last-event-id']),
    budget,
  });
  const raw = reply.raw;
  raw.writeHead(200, {
    // What Fastify's hooks set already (CORS), then the stream's own.
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-store',
    connection: 'keep-alive',
    // Nginx and similar proxies would otherwise buffer the stream.
    'x-accel-buffering': 'no',
    'content-language': locale,
    vary: 'accept-language, authorization',
  });
  if (opened.kind === 'refused') return finish(raw, [nextFrame({ errors: opened.errors }), COMPLETE]);
  if (opened.kind === 'single') return finish(raw, [nextFrame(opened.result), COMPLETE]);

  const { subscriber } = opened;
  // The client went away (while it was admitted, or later): the subscription is dropped at once, its place freed.
  if (raw.destroyed || request.raw.socket?.destroyed) {
    await subscriber.return();
    return;
  }
  raw.once('close', () => void subscriber.return());
  options.metrics?.liveStreams.inc({ transport: 'sse' });
  budget.onOverflow = () => subscriber.end('slow');
  // Some browsers show nothing of a stream until its first bytes.
  raw.write(':\n\n');
  const heartbeat = setInterval(() => raw.write(':\n\n'), options.heartbeatSeconds * 1000);
  try {
    for await (const message of subscriber) {
      if (raw.destroyed) break;
      if (!raw.write(frameOf(message))) await drainedOrClosed(raw);
      options.metrics?.liveDelivered.inc({ transport: 'sse' });
    }
  } finally {
    clearInterval(heartbeat);
    options.metrics?.liveStreams.dec({ transport: 'sse' });
  }
  if (raw.destroyed) return;
  const reason = subscriber.endReason;
  switch (reason) {
    case 'complete':
      return finish(raw, [COMPLETE]);
    case 'shutdown':
    case 'slow':
    case 'behind': {
      // Disconnected with the reason and no `complete` (which would tell graphql-sse's client the
      // subscription is over): the client reconnects with its Last-Event-ID and resumes, after
      // `retry:` (spread, so a restarting gateway's clients do not all come back at once).
      const errors = formatErrors(options.formatError, [streamClosed(reason, options.queueLimit)], { requestId: request.id, locale });
      return finish(raw, [`retry: ${retryMs()}\n`, nextFrame({ errors })]);
    }
    case 'expired': {
      // Likewise, but at once (no `retry:`): nothing is to wait for, only a fresh token to get.
      const errors = formatErrors(options.formatError, [streamClosed(reason, options.queueLimit)], { requestId: request.id, locale });
      return finish(raw, [nextFrame({ errors })]);
    }
    default:
      raw.end();
  }
}

const COMPLETE = 'event: complete\ndata:\n\n';

/** Each message's frame is written once, however many subscribers share it. */
const frames = new WeakMap<LiveMessage, string>();

function frameOf(message: LiveMessage): string {
  let frame = frames.get(message);
  if (frame === undefined) {
    frame = nextFrame(message.payload, message.cursor);
    frames.set(message, frame);
  }
  return frame;
}

function nextFrame(payload: FormattedExecutionResult, cursor?: string): string {
  // JSON escapes line breaks in strings, so one `data:` line holds the whole result.
  return `${cursor ? `id: ${cursor}\n` : ''}event: next\ndata: ${JSON.stringify(payload)}\n\n`;
}

function finish(raw: ServerResponse, frames: string[]): void {
  if (!raw.destroyed) raw.end(frames.join(''));
}

function drainedOrClosed(raw: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      raw.off('drain', done);
      raw.off('close', done);
      resolve();
    };
    raw.once('drain', done);
    raw.once('close', done);
  });
}

/** Between 1 and 5 seconds. */
function retryMs(): number {
  return 1000 + Math.floor(Math.random() * 4000);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
