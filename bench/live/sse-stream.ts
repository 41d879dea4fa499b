import { request, type Dispatcher } from 'undici';

/** One server-sent event. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Splits a text stream into server-sent events (the WHATWG event stream format: fields per
 * line, an empty line ends an event, `:` lines are comments such as heartbeats). Written
 * here because graphql-sse keeps its parser private and drops the `id:` field, the stream
 * position the live workload keys updates by.
 */
export function sseParser(): (chunk: string) => SseEvent[] {
  let buffer = '';
  let current: SseEvent = { event: '', data: '' };
  let hasData = false;
  return (chunk) => {
    buffer += chunk;
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const end = buffer.indexOf('\n', start);
      if (end === -1) break;
      const line = buffer.charCodeAt(end - 1) === 13 ? buffer.slice(start, end - 1) : buffer.slice(start, end);
      start = end + 1;
      if (line === '') {
        if (hasData || current.event) events.push(current);
        current = { event: '', data: '' };
        hasData = false;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1);
      if (field === 'event') current.event = value;
      else if (field === 'id') current.id = value;
      else if (field === 'data') {
        current.data = hasData ? `${current.data}\n${value}` : value;
        hasData = true;
      }
    }
    buffer = buffer.slice(start);
    return events;
  };
}

export interface SseSubscription {
  /** Resolves once the gateway started the stream (its first bytes: the subscription is registered by then); rejects if it refused. */
  opened: Promise<void>;
  /** Why the stream ended, once it has (`closed` when the benchmark closed it). */
  ended: Promise<string>;
  close(): void;
}

/**
 * One GraphQL subscription over Server-Sent Events (distinct connections mode) on a raw
 * undici request: a POST of `{ query, variables }` accepting `text/event-stream`, read as
 * it arrives. `onNext` gets each `next` event's id and parsed payload, with the time its
 * chunk arrived. A stream whose first event completes it was refused (its `next` says why).
 */
export function subscribeSse(
  dispatcher: Dispatcher,
  url: string,
  body: string,
  onNext: (payload: { data?: Record<string, unknown> | null; errors?: unknown[] }, id: string | undefined, at: number) => void,
  now: () => number,
): SseSubscription {
  const abort = new AbortController();
  let markOpened!: () => void;
  let refuse!: (error: Error) => void;
  const opened = new Promise<void>((resolve, reject) => {
    markOpened = resolve;
    refuse = reject;
  });
  let closedByUs = false;
  const ended = (async (): Promise<string> => {
    let isOpen = false;
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher,
        signal: abort.signal,
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body,
        // Heartbeats keep the stream busy; the benchmark decides when it ends.
        bodyTimeout: 0,
        headersTimeout: 60_000,
      });
      if (response.statusCode !== 200) {
        const text = await response.body.text();
        throw new Error(`the gateway answered ${response.statusCode}: ${text.slice(0, 300)}`);
      }
      const parse = sseParser();
      response.body.setEncoding('utf8');
      for await (const chunk of response.body as AsyncIterable<string>) {
        const at = now();
        const events = parse(chunk);
        if (!isOpen) {
          // A refusal is a `next` with errors and a `complete` in the first chunk; an open stream starts with a comment.
          const refusal = events.find((e) => e.event === 'next');
          if (refusal && events.some((e) => e.event === 'complete')) throw new Error(`refused: ${refusal.data.slice(0, 300)}`);
          isOpen = true;
          markOpened();
        }
        for (const event of events) {
          if (event.event === 'complete') return 'complete';
          if (event.event !== 'next') continue;
          onNext(JSON.parse(event.data) as never, event.id, at);
        }
      }
      return 'closed by the gateway';
    } catch (error) {
      return closedByUs ? 'closed' : error instanceof Error ? error.message : String(error);
    }
  })();
  // A stream that ended before it opened was refused (or never reached the gateway).
  void ended.then((reason) => refuse(new Error(reason)));
  return {
    opened,
    ended,
    close() {
      closedByUs = true;
      abort.abort();
    },
  };
}
