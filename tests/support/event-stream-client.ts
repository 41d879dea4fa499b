import { GATEWAY_TOKEN_HEADER, gatewaySecret, signGatewayRequest } from '../../lib/gateway-token.js';
import type { DomainEvent } from '../../lib/events.js';
import { TEST_GATEWAY_SECRET } from './gateway-signing.js';

/** One open internal event stream as a test reads it: every message's `id` and parsed `data`, as they arrive. */
export interface StreamReading {
  status: number;
  messages: { id: string; event: DomainEvent }[];
  /** Comment lines seen (`: connected`, heartbeats). */
  comments: string[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Waits until `count` messages have arrived (fails after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/**
 * Opens `GET <subgraph>/internal/events?<query>` signed for `audience` (null: unsigned) and
 * reads it in the background. Parsed here independently of lib/event-feed, so that the
 * stream's format is checked against the standard, not against our own reader.
 */
export async function readEventStream(graphqlUrl: string, query: string, audience: string | null, options: { body?: string } = {}): Promise<StreamReading> {
  const url = new URL(`internal/events${query ? `?${query}` : ''}`, graphqlUrl);
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (audience) headers[GATEWAY_TOKEN_HEADER] = signGatewayRequest(gatewaySecret(TEST_GATEWAY_SECRET), audience, null, options.body ?? '');
  const response = await fetch(url, { headers, signal: controller.signal });
  const messages: StreamReading['messages'] = [];
  const comments: string[] = [];
  const listeners = new Set<() => void>();
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          if (lines.every((line) => line.startsWith(':'))) {
            comments.push(...lines);
            continue;
          }
          const id = lines.find((line) => line.startsWith('id: '))?.slice(4) ?? '';
          const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
          messages.push({ id, event: JSON.parse(data) as DomainEvent });
          listeners.forEach((listener) => listener());
        }
      }
    } catch {
      // closed by the test
    }
    listeners.forEach((listener) => listener());
  })();
  let done = false;
  void ended.then(() => (done = true));
  return {
    status: response.status,
    messages,
    comments,
    ended,
    waitFor(count, timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (messages.length >= count) finish(resolve);
          else if (done) finish(() => reject(new Error(`the stream ended after ${messages.length} of ${count} messages`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`only ${messages.length} of ${count} messages within ${timeoutMs} ms`))), timeoutMs);
        const finish = (then: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          then();
        };
        listeners.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

/** Waits until `condition()` holds, polling; fails with `what` after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
