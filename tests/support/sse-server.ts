import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny local HTTP server that plays the gateway's event streams, request by request,
 * for tests of SSE clients (the typed client's subscribe(), the sandbox's page script).
 */

/** What the server saw of one request. */
export interface SeenRequest {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** Resolves when the connection closes (the client let go, or the server ended it). */
  closed: Promise<void>;
}

export type StreamHandler = (response: ServerResponse, seen: SeenRequest, index: number) => void;

export interface SseServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Answers its n-th request with the n-th handler (the last one for any after). */
export async function startSseServer(handlers: StreamHandler[]): Promise<SseServer> {
  const requests: SeenRequest[] = [];
  const server: Server = createServer(async (request, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    const closed = new Promise<void>((resolve) => response.once('close', () => resolve()));
    const seen: SeenRequest = { headers: request.headers, body: text ? JSON.parse(text) : {}, closed };
    requests.push(seen);
    const index = requests.length - 1;
    handlers[Math.min(index, handlers.length - 1)]!(response, seen, index);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export const streamHead = (response: ServerResponse): void => {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
};

/** One `next` message, with its stream position when given. */
export const nextFrame = (payload: unknown, id?: string): string => `${id ? `id: ${id}\n` : ''}event: next\ndata: ${JSON.stringify(payload)}\n\n`;

export const COMPLETE_FRAME = 'event: complete\ndata:\n\n';

/** What the gateway sends before cutting a stream it will not keep (a slow reader). */
export const streamClosedFrame = (reason: string): string =>
  `retry: 5\n${nextFrame({ errors: [{ message: 'closed', extensions: { code: 'STREAM_CLOSED', reason } }] })}`;

/** Every item of an iterable, failing when it does not end within `ms`. */
export async function collect<T>(iterable: AsyncIterable<T>, ms = 10_000): Promise<T[]> {
  const all: T[] = [];
  const done = (async () => {
    for await (const item of iterable) all.push(item);
  })();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the stream did not end; got ${JSON.stringify(all)}`)), ms)));
  try {
    await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
  return all;
}
