import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';

/** One Server-Sent Event as a stream carries it. */
export interface StreamEvent {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
}

/**
 * A raw SSE stream read event by event (the graphql-sse client hides ids and `retry:`,
 * which resumption and shutdown tests look at).
 */
export class SseStream {
  private readonly events: StreamEvent[] = [];
  private waiting: (() => void) | undefined;
  private ended = false;
  readonly status: number;
  readonly headers: Headers;

  private constructor(
    response: Response,
    private readonly controller: AbortController,
  ) {
    this.status = response.status;
    this.headers = response.headers;
    void this.read(response);
  }

  /** Opens a stream: a POST of `body` accepting `text/event-stream`. */
  static async open(url: string, body: unknown, headers: Record<string, string> = {}): Promise<SseStream> {
    const controller = new AbortController();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    return new SseStream(response, controller);
  }

  /** Whether the server ended the response. */
  get done(): boolean {
    return this.ended;
  }

  /** The next event, waiting at most `ms`; undefined once the stream ended. */
  async next(ms = 10_000): Promise<StreamEvent | undefined> {
    const deadline = Date.now() + ms;
    while (this.events.length === 0) {
      if (this.ended) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no event in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.events.shift();
  }

  /** The next `next` result whose data satisfies `matches`, skipping others. */
  async nextResult(matches: (result: { data?: any; errors?: any[] }) => boolean, ms = 10_000): Promise<{ id?: string; result: { data?: any; errors?: any[] } }> {
    const deadline = Date.now() + ms;
    for (;;) {
      const event = await this.next(Math.max(1, deadline - Date.now()));
      if (!event) throw new Error('the stream ended first');
      if (event.event !== 'next') continue;
      const result = JSON.parse(event.data ?? '{}');
      if (matches(result)) return { id: event.id, result };
    }
  }

  /** Every event until the server ends the stream (within `ms`). */
  async rest(ms = 10_000): Promise<StreamEvent[]> {
    const all: StreamEvent[] = [];
    for (let event = await this.next(ms); event; event = await this.next(ms)) all.push(event);
    return all;
  }

  close(): void {
    this.controller.abort();
  }

  private async read(response: Response): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    let current: StreamEvent = {};
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf('\n')) !== -1) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (Object.keys(current).length > 0) this.push(current);
            current = {};
          } else if (!line.startsWith(':')) {
            const colon = line.indexOf(':');
            const field = line.slice(0, colon) as keyof StreamEvent;
            const value = line.slice(colon + 1).replace(/^ /, '');
            current[field] = field === 'data' && current.data !== undefined ? `${current.data}\n${value}` : value;
          }
        }
      }
    } catch {
      // Aborted by the test, or cut by the server.
    }
    if (Object.keys(current).length > 0) this.push(current);
    this.ended = true;
    this.waiting?.();
  }

  private push(event: StreamEvent): void {
    this.events.push(event);
    this.waiting?.();
  }
}

/** graphql-sse's own client in distinct connections mode, without retries. */
export function sseClient(url: string, headers: Record<string, string> = {}) {
  return createSseClient({ url, headers, singleConnection: false, retryAttempts: 0 });
}

/** graphql-ws's client over `ws`, without retries. */
export function wsClient(url: string, connectionParams: Record<string, unknown> = {}): WsClient {
  return createWsClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

/** The next value of `iterator` satisfying `matches`, within `ms`. */
export async function nextMatching<T>(iterator: AsyncIterator<T>, matches: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(1, deadline - Date.now())))),
    ]);
    clearTimeout(timer);
    if (next === 'timeout') throw new Error('no matching result in time');
    if (next.done) throw new Error('the subscription ended first');
    if (matches(next.value)) return next.value;
  }
}

/** A raw graphql-transport-ws socket, for protocol errors: resolves with its close code and reason. */
export function rawSocket(url: string): { socket: WebSocket; opened: Promise<void>; closed: Promise<{ code: number; reason: string }> } {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { socket, opened, closed };
}

/** Open subscription streams of a gateway by transport, from its /metrics. */
export async function openStreams(gatewayUrl: string): Promise<{ sse: number; ws: number }> {
  const text = await (await fetch(gatewayUrl.replace(/\/graphql$/, '/metrics'))).text();
  const value = (transport: string) => Number(new RegExp(`^live_streams_open\\{transport="${transport}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { sse: value('sse'), ws: value('ws') };
}

/** Resolves once `condition` holds (polled), failing after `ms`. */
export async function eventually(condition: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
