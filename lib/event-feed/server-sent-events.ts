/** One message of a Server-Sent Events stream (comments and `retry:` are not messages). */
export interface ServerSentEvent {
  id?: string;
  event?: string;
  data: string;
}

/**
 * The messages of a `text/event-stream` body, as the HTML standard parses them (fields
 * `id`, `event`, `data` — several `data:` lines joined by newlines — ended by a blank line;
 * lines starting with `:` are comments). `onBytes` is told of every chunk, comments
 * included: a reader's watchdog sees heartbeats there.
 */
export async function* serverSentEvents(body: AsyncIterable<Uint8Array>, onBytes: () => void = () => undefined): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let id: string | undefined;
  let event: string | undefined;
  for await (const chunk of body) {
    onBytes();
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      if (line === '') {
        if (data.length) yield { id, event, data: data.join('\n') };
        data = [];
        event = undefined;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
      else if (field === 'event') event = value;
    }
  }
}
