import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import type { ExecutionArgs, ExecutionResult, FormattedExecutionResult, GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { CloseCode, handleProtocols, makeServer } from 'graphql-ws';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Viewer } from '../../../lib/identity.js';
import { parseAcceptLanguage, type Locale } from '../../../lib/locale.js';
import type { TokenVerifier } from '../auth/verifier.js';
import type { GatewayMetrics } from '../plugins/metrics.js';
import { formatErrors, STREAM_CLOSED, streamClosed, TOKEN_EXPIRED, type FormatError } from './errors.js';
import { atInstant } from './expiry.js';
import type { Live, Opened } from './live.js';
import { ClientBudget, type Subscriber } from './subscriber.js';

export interface WsOptions {
  path: string;
  verify: TokenVerifier;
  heartbeatSeconds: number;
  queueLimit: number;
  /** Largest message accepted, in bytes (as request bodies); a larger one closes the socket (1009). */
  maxPayload: number;
  /** Proxies whose X-Forwarded-For is trusted for the client's address (as Fastify's `trustProxy`). */
  trustProxyHops: number;
  formatError: FormatError;
  metrics?: GatewayMetrics;
  log: Logger;
}

export interface WsTransport {
  /** Closes every socket with 1012 (Service Restart), so clients reconnect elsewhere or later; takes no new ones. */
  close(timeoutMs: number): Promise<void>;
}

/** What a connection knows of its client once `connection_init` is accepted. */
interface Connection {
  socket: WebSocket;
  /** The upgrade request's id (`x-request-id`, else new), in the log lines of the connection. */
  requestId: string;
  ip: string;
  locale: Locale;
  viewer: Viewer | null;
  /** What the client may have waiting, over all its subscriptions on this socket. */
  budget: ClientBudget;
  /** Stops the wait for the token's expiry (the socket closed first). */
  cancelExpiry?: () => void;
}

/** Why the gateway closes a socket: the protocol's codes for a refused client, the standard ones otherwise. */
const CLOSE = {
  /** The token in `connection_init` was refused (graphql-ws: Forbidden; clients may retry with another). */
  refused: CloseCode.Forbidden,
  /** Service Restart: the client reconnects (graphql-ws's client does). */
  shutdown: 1012,
  /** Try Again Later: the client read too slowly; it reconnects. */
  slow: 1013,
  /**
   * The token of `connection_init` expired: the connection's identity is gone, for every
   * operation on it, so the socket closes as a refused `connection_init` would (Forbidden).
   * graphql-ws's client retries 4403, asking its `connectionParams` again (a fresh token),
   * and subscribes again; an `error` message would end one operation for good and leave the
   * socket open under an expired identity.
   */
  expired: CloseCode.Forbidden,
} as const;

/** The close reason with CLOSE.expired, as the SSE error says it: `<code>: <reason>`. */
const EXPIRED_REASON = `${STREAM_CLOSED}: ${TOKEN_EXPIRED}`;

const REQUEST_ID = /^[\w.:-]{1,128}$/;

// graphql-ws takes refusals only as GraphQLErrors of the graphql it imports itself: Node
// resolves its bare `graphql` to the CommonJS build (under vitest our sources get the ESM one).
const { GraphQLError: ItsGraphQLError } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** What graphql-ws carries from `onSubscribe` to `execute`/`subscribe`: the admitted operation. */
interface Operation {
  opened: Opened;
  locale: Locale;
  connection: Connection;
}

/**
 * GraphQL over WebSocket at `path` (the `graphql-transport-ws` protocol, graphql-ws's
 * server on a `ws` socket of the gateway's own HTTP server): the token comes in the
 * `connection_init` payload (`{ Authorization: 'Bearer …' }`), each `subscribe` is admitted
 * and executed like an SSE request (live.ts), a query or mutation is answered once.
 * Malformed messages close the socket with graphql-ws's codes (4400, 4401, 4409, 4429…);
 * a client that reads too slowly is closed with 1013, every client with 1012 at shutdown.
 * The socket binding is ours rather than graphql-ws's `useServer`, for our logger, the
 * heartbeat interval and those closes.
 */
export function registerWebSocket(app: FastifyInstance, live: Live, options: WsOptions): WsTransport {
  const { log, metrics } = options;
  const sockets = new Set<WebSocket>();
  let closing = false;
  const formatted = new WeakMap<GraphQLError, GraphQLFormattedError>();
  const closeExpired = (connection: Connection) => {
    if (connection.socket.readyState !== connection.socket.OPEN) return;
    log.debug({ reqId: connection.requestId, transport: 'ws' }, 'a websocket token expired; closed');
    connection.socket.close(CLOSE.expired, EXPIRED_REASON);
  };

  const server = makeServer<Record<string, unknown> | undefined, Connection>({
    connectionInitWaitTimeout: 3000,
    async onConnect(ctx) {
      const params = ctx.connectionParams ?? {};
      const language = stringParam(params, 'Accept-Language', 'acceptLanguage');
      if (language) ctx.extra.locale = parseAcceptLanguage(language);
      try {
        const viewer = await options.verify(stringParam(params, 'Authorization', 'authorization'));
        ctx.extra.viewer = viewer;
        // The socket lives as long as its token is accepted (see CLOSE.expired).
        if (viewer?.expiresAt !== undefined) ctx.extra.cancelExpiry = atInstant(viewer.expiresAt, () => closeExpired(ctx.extra));
        return true;
      } catch (error) {
        const [refusal] = formatErrors(options.formatError, [error], { requestId: ctx.extra.requestId, locale: ctx.extra.locale });
        const code = String(refusal?.extensions?.code ?? 'UNAUTHENTICATED');
        const reason = typeof refusal?.extensions?.reason === 'string' ? `${code}: ${refusal.extensions.reason}` : code;
        metrics?.liveRefused.inc({ code });
        log.debug({ reqId: ctx.extra.requestId, transport: 'ws', code }, 'websocket connection refused');
        ctx.extra.socket.close(CLOSE.refused, reason.slice(0, 120));
        return false;
      }
    },
    async onSubscribe(ctx, _id, payload) {
      const connection = ctx.extra;
      const opened = await live.open({
        transport: 'ws',
        viewer: connection.viewer,
        ip: connection.ip,
        locale: connection.locale,
        requestId: randomUUID(),
        method: 'POST',
        params: payload as unknown as Record<string, unknown>,
        budget: connection.budget,
      });
      if (opened.kind === 'refused') {
        // graphql-ws sends GraphQLErrors of its graphql build as an `error` message; ours go out as formatted.
        return opened.errors.map((error) => {
          const wrapped = new ItsGraphQLError(error.message, { extensions: error.extensions });
          formatted.set(wrapped, error);
          return wrapped;
        });
      }
      const args: ExecutionArgs = {
        // Never read: `execute` and `subscribe` below take what to send from the context.
        schema: undefined as unknown as GraphQLSchema,
        document: opened.document,
        operationName: payload.operationName ?? undefined,
        variableValues: payload.variables ?? undefined,
        contextValue: { opened, locale: connection.locale, connection } satisfies Operation,
      };
      return args;
    },
    // Formatted results where graphql-ws types executed ones: `onNext` passes them on as they are.
    execute: (args) => ((args.contextValue as Operation).opened as Extract<Opened, { kind: 'single' }>).result as ExecutionResult,
    subscribe: (args) => {
      const { opened, locale, connection } = args.contextValue as Operation;
      const { subscriber } = opened as Extract<Opened, { kind: 'stream' }>;
      return results(subscriber, locale, options, () => closeExpired(connection), metrics) as AsyncGenerator<ExecutionResult>;
    },
    // Results are formatted already (graphql-ws would call `toJSON` on each error otherwise).
    onNext: (_ctx, _id, _payload, _args, result) => result as FormattedExecutionResult,
    onError: (_ctx, _id, _payload, errors: readonly GraphQLError[]) => errors.map((error) => formatted.get(error) ?? error.toJSON()),
  });

  const wss = new WebSocketServer({ noServer: true, handleProtocols, maxPayload: options.maxPayload });

  const accept = (socket: WebSocket, request: IncomingMessage) => {
    const header = request.headers['x-request-id'];
    const connection: Connection = {
      socket,
      requestId: typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID(),
      ip: clientAddress(request, options.trustProxyHops),
      locale: parseAcceptLanguage(request.headers['accept-language']),
      viewer: null,
      budget: new ClientBudget(options.queueLimit),
    };
    connection.budget.onOverflow = () => {
      log.info({ reqId: connection.requestId, transport: 'ws' }, 'a websocket client read too slowly; closed');
      socket.close(CLOSE.slow, 'Slow consumer: too many messages waited');
    };
    sockets.add(socket);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        // Resolves once written to the socket: graphql-ws takes the next result only then (backpressure).
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            // A socket that failed is closed below; the subscription ends with it.
            socket.send(data, () => resolve());
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              log.error({ err: error, reqId: connection.requestId }, 'a websocket message could not be handled');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      connection,
    );
    // A ping each interval; a client that did not answer the previous one is gone.
    let answered = true;
    socket.on('pong', () => (answered = true));
    const heartbeat = setInterval(() => {
      if (!answered) return socket.terminate();
      answered = false;
      socket.ping();
    }, options.heartbeatSeconds * 1000);
    socket.on('error', (error) => log.warn({ err: error, reqId: connection.requestId }, 'websocket error'));
    socket.once('close', (code, reason) => {
      clearInterval(heartbeat);
      connection.cancelExpiry?.();
      sockets.delete(socket);
      void closed(code, reason.toString());
    });
  };

  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((request.url ?? '').split('?')[0] !== options.path) return refuseUpgrade(socket, 404, 'Not Found');
    if (closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request));
  });

  return {
    async close(timeoutMs) {
      closing = true;
      const open = [...sockets];
      for (const socket of open) socket.close(CLOSE.shutdown, 'Service Restart');
      let timer: NodeJS.Timeout | undefined;
      const allClosed = Promise.all(open.map((socket) => new Promise((resolve) => (socket.readyState === socket.CLOSED ? resolve(undefined) : socket.once('close', resolve)))));
      await Promise.race([allClosed, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
      for (const socket of sockets) socket.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

/**
 * A subscriber's results as graphql-ws pulls them, ended when the client completes the
 * operation or closes (the subscriber's `return` frees its place at once, even while it
 * waits for an event). A stream the gateway gave up on says why in its last result; one
 * whose token expired closes the socket (CLOSE.expired) rather than completing, so that
 * the client subscribes again.
 */
function results(
  subscriber: Subscriber,
  locale: Locale,
  options: WsOptions,
  closeExpired: () => void,
  metrics?: GatewayMetrics,
): AsyncGenerator<FormattedExecutionResult, void, undefined> {
  metrics?.liveStreams.inc({ transport: 'ws' });
  let counted = true;
  let told = false;
  const uncount = () => {
    if (counted) metrics?.liveStreams.dec({ transport: 'ws' });
    counted = false;
  };
  const stream: AsyncGenerator<FormattedExecutionResult, void, undefined> = {
    async next() {
      const result = await subscriber.next();
      if (!result.done) {
        metrics?.liveDelivered.inc({ transport: 'ws' });
        return { value: result.value.payload, done: false };
      }
      // Closed before graphql-ws completes the operation: its `complete` then finds the socket closing, and is not sent.
      if (subscriber.endReason === 'expired') closeExpired();
      if (subscriber.endReason === 'behind' && !told) {
        told = true;
        const errors = formatErrors(options.formatError, [streamClosed('behind', options.queueLimit)], { requestId: randomUUID(), locale });
        return { value: { errors }, done: false };
      }
      uncount();
      return { value: undefined, done: true };
    },
    async return() {
      await subscriber.return();
      uncount();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await stream.return();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}

/** The client's address: the socket's, or X-Forwarded-For's as far as `hops` trusted proxies vouch (as Fastify's `request.ip`). */
export function clientAddress(request: IncomingMessage, hops: number): string {
  const forwarded = request.headers['x-forwarded-for'];
  const chain = [request.socket.remoteAddress ?? '', ...(typeof forwarded === 'string' ? forwarded.split(',').map((part) => part.trim()).filter(Boolean).reverse() : [])];
  return chain[Math.min(hops, chain.length - 1)]!;
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function stringParam(params: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) if (typeof params[name] === 'string') return params[name] as string;
  return undefined;
}
