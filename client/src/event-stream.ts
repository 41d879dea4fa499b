/**
 * Server-Sent Events read from a fetch response, as the HTML standard's event-stream
 * interpretation describes them: fields `event`, `data` (lines joined), `id` and `retry`,
 * comment lines (the gateway's heartbeats) skipped, a message dispatched at a blank line.
 * Unlike an EventSource, a message is kept when only its `event` is set: GraphQL over SSE
 * ends a stream with `event: complete` and an empty `data:`.
 */

/** One message of an event stream. */
export interface ServerSentEvent {
  /** `message` when the stream named none. */
  event: string;
  data: string;
  /** The stream's last event id after this message (kept from earlier messages when it sets none). */
  id: string | undefined;
  /** The reconnection time this message's lines asked for, in milliseconds, if any (see `onRetry`). */
  retry: number | undefined;
}

export interface EventStreamOptions {
  /** The id to start from: the stream's last event id until a message sets another. */
  lastEventId?: string;
  /** Told each reconnection time the stream asks for, as it is read (a `retry:` needs no message to count). */
  onRetry?(ms: number): void;
}

/**
 * An incremental parser: give it the text as it arrives, in pieces cut anywhere (even
 * between `\r` and `\n`), and it returns the messages each piece completes.
 */
export function createEventStreamParser(options: EventStreamOptions = {}): (text: string) => ServerSentEvent[] {
  let pending = '';
  let started = false;
  let cr = false;
  let event = '';
  let data: string[] = [];
  let hasData = false;
  let retry: number | undefined;
  let id = options.lastEventId;

  const line = (text: string, out: ServerSentEvent[]) => {
    if (text === '') {
      if (event !== '' || hasData) out.push({ event: event || 'message', data: data.join('\n'), id, retry });
      event = '';
      data = [];
      hasData = false;
      retry = undefined;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        event = value;
        break;
      case 'data':
        data.push(value);
        hasData = true;
        break;
      case 'id':
        // The standard ignores an id holding NUL; an empty one resets it.
        if (!value.includes('\u0000')) id = value === '' ? undefined : value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) {
          retry = Number(value);
          options.onRetry?.(retry);
        }
        break;
    }
  };

  return (text) => {
    const out: ServerSentEvent[] = [];
    if (!started && text !== '') {
      started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    // A `\r` that ended the previous piece already ended its line: a `\n` right after it is the same line break.
    if (cr && text.startsWith('\n')) text = text.slice(1);
    cr = false;
    pending += text;
    let start = 0;
    for (let i = 0; i < pending.length; i++) {
      const c = pending[i];
      if (c !== '\n' && c !== '\r') continue;
      line(pending.slice(start, i), out);
      if (c === '\r') {
        if (i + 1 === pending.length) cr = true;
        else if (pending[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    pending = pending.slice(start);
    return out;
  };
}

/**
 * The messages of a response body, as they arrive. Read through `getReader()`, which every
 * fetch with streaming offers (browsers, Node, Deno, Expo's fetch); the body's own async
 * iteration is not everywhere yet.
 */
export async function* readEventStream(
  body: ReadableStream<Uint8Array>,
  options: EventStreamOptions & { onBytes?(): void } = {},
): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parse = createEventStreamParser(options);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Heartbeats are comments, never messages: whoever watches the connection hears them here.
      options.onBytes?.();
      yield* parse(decoder.decode(value, { stream: true }));
    }
    // A message the stream did not end with a blank line is incomplete: the standard drops it.
    parse(decoder.decode());
  } finally {
    // The consumer stopped early (or the read failed): release the connection.
    await reader.cancel().catch(() => undefined);
  }
}
