import type { MikroORM } from '@mikro-orm/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ErrorCode } from '../../../lib/errors.js';
import { GATEWAY_TOKEN_HEADER, GatewayTokenError, verifyGatewayRequest, type GatewaySecret } from '../../../lib/gateway-token.js';
import { parseAcceptLanguage } from '../../../lib/locale.js';
import { message, render } from '../../../lib/messages/index.js';
import type { SubgraphName } from '../../../lib/subgraphs.js';
import type { SubgraphMetrics } from '../metrics.js';
import type { CommitHorizon } from './commit-horizon.js';
import type { CommitNotifier } from './commit-notifier.js';
import { toDomainEvent } from './domain-event.js';
import { OUTBOX_BATCH, positionSince, readOutbox } from './outbox-reader.js';

/** The path of a subgraph's internal event stream, beside `/graphql`. */
export const EVENT_STREAM_PATH = '/internal/events';

/** A comment line this often keeps proxies from closing a quiet stream, and lets the reader notice a dead one. */
const HEARTBEAT_MS = 15_000;
/** How often a stream looks for rows committed by another process on the same database (this process's commits wake it at once). */
export const POLL_MS = 1000;

export interface EventStreamOptions {
  name: SubgraphName;
  orm: MikroORM;
  secret: GatewaySecret;
  horizon: CommitHorizon;
  notifier: CommitNotifier;
  logger: Logger;
  /** Aborted when the server closes: every open stream ends. */
  closing: AbortSignal;
  /** Each stream's loop, so that closing waits for them before the database closes. */
  track(loop: Promise<void>): void;
  /** Open streams and the events written to them. */
  metrics?: SubgraphMetrics;
}

const position = z.coerce.number().int().min(0).optional();
const querySchema = z
  .object({ after: position, since: position })
  .refine((query) => query.after === undefined || query.since === undefined, 'either after or since');

/**
 * `GET /internal/events?after=<seq>` (or `?since=<epoch ms>`): the outbox as Server-Sent
 * Events, for the gateway and the events subgraph when there is no NATS. Each event is
 * `id: <seq>` and `data: <DomainEvent JSON>`, in `seq` order: the rows after the position,
 * then each new one as it commits. Signed like every gateway request (empty body);
 * anything else is 401. A slow reader is not buffered for: the stream reads the next rows
 * only once the socket has taken the last ones.
 */
export function registerEventStream(app: FastifyInstance, options: EventStreamOptions): void {
  app.get(EVENT_STREAM_PATH, async (request, reply) => {
    const token = request.headers[GATEWAY_TOKEN_HEADER];
    try {
      verifyGatewayRequest(options.secret, options.name, typeof token === 'string' ? token : undefined, '');
    } catch (error) {
      if (!(error instanceof GatewayTokenError)) throw error;
      options.logger.debug({ reason: error.message }, 'refused an event stream not signed by the gateway');
      const locale = parseAcceptLanguage(request.headers['accept-language']);
      return reply.code(401).send({ errors: [{ message: render(locale, message('auth.gatewayOnly')), extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
    }
    const query = querySchema.safeParse({ ...(request.query as object) });
    if (!query.success) {
      return reply.code(400).send({ errors: [{ message: 'Give `after` (a seq) or `since` (epoch milliseconds), not both.', extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
    }
    if (options.closing.aborted) return reply.code(503).send({ errors: [{ message: 'shutting down', extensions: { code: 'UNAVAILABLE' } }] });
    const start = query.data.since !== undefined ? await positionSince(options.orm, options.horizon, query.data.since) : (query.data.after ?? 0);
    openStream(reply, start, options);
  });
}

function openStream(reply: FastifyReply, start: number, options: EventStreamOptions): void {
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    // One stream per connection: closing the stream closes the socket, so the server's close never waits on it.
    connection: 'close',
  });
  // Ends with the client, or with the server.
  const ended = new AbortController();
  const end = () => ended.abort();
  response.on('close', end);
  options.closing.addEventListener('abort', end, { once: true });
  response.write(': connected\n\n');
  options.metrics?.streamClients.inc();
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
  const loop = pump(response, start, options, ended.signal)
    .catch((error: unknown) => options.logger.warn({ err: error }, 'event stream failed'))
    .finally(() => {
      clearInterval(heartbeat);
      options.metrics?.streamClients.dec();
      options.closing.removeEventListener('abort', end);
      response.end();
    });
  options.track(loop);
}

async function pump(response: ServerResponse, start: number, options: EventStreamOptions, ended: AbortSignal): Promise<void> {
  let cursor = start;
  while (!ended.aborted) {
    const rows = await readOutbox(options.orm, options.horizon, cursor);
    for (const row of rows) {
      const event = toDomainEvent(row, options.name);
      cursor = event.seq;
      const flushed = response.write(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`);
      options.metrics?.streamEvents.inc();
      if (!flushed) await drained(response, ended);
      if (ended.aborted) return;
    }
    if (rows.length < OUTBOX_BATCH) await options.notifier.next(POLL_MS, ended);
  }
}

/** Waits until the socket has taken what was written (or the stream ended). */
async function drained(response: ServerResponse, ended: AbortSignal): Promise<void> {
  try {
    await once(response, 'drain', { signal: ended });
  } catch {
    // ended
  }
}
