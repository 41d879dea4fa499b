import { afterEach, describe, expect, it } from 'vitest';
import { createEventStreamParser, PetitionLiveDocument, subscribe, type ServerSentEvent, type PetitionLiveSubscription } from '../client/src/index.js';
import { collect, COMPLETE_FRAME, nextFrame, startSseServer, streamClosedFrame, streamHead, type SseServer, type StreamHandler } from './support/sse-server.js';

// The typed client's subscribe() over Server-Sent Events, against a tiny local SSE server
// that plays the gateway's part (tests/live.e2e.test.ts runs the real one).

describe('the event-stream parser', () => {
  const STREAM =
    '\uFEFF: heartbeat\n\n' +
    'id: c1\nevent: next\ndata: {"data":{"a":1}}\n\n' +
    'event: next\r\ndata: line one\r\ndata: line two\r\n\r\n' +
    'retry: 1500\rid: c2\revent: next\rdata:no space\r\r' +
    'id: bad\u0000id\nevent: next\ndata: {}\n\n' +
    ':\n\n' +
    'event: complete\ndata:\n\n' +
    'data: unnamed\nunknown: field\n\n' +
    'event: next\ndata: never ended';
  const EXPECTED: ServerSentEvent[] = [
    { event: 'next', data: '{"data":{"a":1}}', id: 'c1', retry: undefined },
    { event: 'next', data: 'line one\nline two', id: 'c1', retry: undefined },
    { event: 'next', data: 'no space', id: 'c2', retry: 1500 },
    { event: 'next', data: '{}', id: 'c2', retry: undefined },
    { event: 'complete', data: '', id: 'c2', retry: undefined },
    { event: 'message', data: 'unnamed', id: 'c2', retry: undefined },
  ];

  it('reads fields, line breaks of every kind, comments, ids and retry times as the standard says', () => {
    expect(createEventStreamParser()(STREAM)).toEqual(EXPECTED);
  });

  it('gives the same messages however the text is cut into pieces, a CR LF split included', () => {
    for (let cut = 1; cut < STREAM.length; cut++) {
      const parse = createEventStreamParser();
      expect([...parse(STREAM.slice(0, cut)), ...parse(STREAM.slice(cut))], `cut at ${cut}`).toEqual(EXPECTED);
    }
    const parse = createEventStreamParser();
    expect([...STREAM].flatMap((char) => parse(char))).toEqual(EXPECTED);
  });

  it('reports a reconnection time as soon as it is read, even in a block with no message', () => {
    const asked: number[] = [];
    const parse = createEventStreamParser({ onRetry: (ms) => asked.push(ms) });
    expect(parse('retry: 250\n\nretry: soon\n\n')).toEqual([]);
    expect(asked).toEqual([250]);
  });

  it('starts from the id it resumes from, and an empty id resets it', () => {
    const parse = createEventStreamParser({ lastEventId: 'c0' });
    expect(parse('event: next\ndata: 1\n\nid:\nevent: next\ndata: 2\n\n').map((message) => message.id)).toEqual(['c0', undefined]);
  });
});

const servers: SseServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function sseServer(handlers: StreamHandler[]): Promise<SseServer> {
  const server = await startSseServer(handlers);
  servers.push(server);
  return server;
}

const result = (count: number) => ({ data: { petitionChanged: { id: 'p1', signatureCount: count } } });
const next = nextFrame;
const COMPLETE = COMPLETE_FRAME;
const counts = (results: { data?: PetitionLiveSubscription | null }[]) => results.map((r) => r.data?.petitionChanged?.signatureCount);

describe('subscribe()', () => {
  it('posts the operation as GraphQL over SSE and yields each result, typed, until the gateway completes', async () => {
    const { url, requests } = await sseServer([
      (response) => {
        streamHead(response);
        response.write(':\n\n');
        response.write(next(result(1), 'c1'));
        // A result cut across writes arrives whole.
        const frame = next(result(2), 'c2');
        response.write(frame.slice(0, 20));
        setImmediate(() => response.end(frame.slice(20) + COMPLETE));
      },
    ]);
    const live = subscribe(url, PetitionLiveDocument, { id: 'p1' }, { token: 'tkn', headers: { 'accept-language': 'en' } });
    const results = await collect(live);
    expect(counts(results)).toEqual([1, 2]);
    expect(live.lastEventId).toBe('c2');
    expect(requests).toHaveLength(1);
    const [seen] = requests;
    expect(seen!.headers).toMatchObject({ accept: 'text/event-stream', 'content-type': 'application/json', authorization: 'Bearer tkn', 'accept-language': 'en' });
    expect(seen!.headers['last-event-id']).toBeUndefined();
    expect(seen!.body).toEqual({ operationName: 'PetitionLive', variables: { id: 'p1' }, query: PetitionLiveDocument.toString().trim() });
  });

  it('resumes a dropped stream with Last-Event-ID, with a fresh token, and delivers nothing twice', async () => {
    const { url, requests } = await sseServer([
      (response) => {
        streamHead(response);
        // `retry:` asks for a quick comeback; then the connection is cut, with no `complete`.
        response.write(`retry: 5\n\n${next(result(1), 'c1')}${next(result(2), 'c2')}`);
        setImmediate(() => response.destroy());
      },
      (response, seen) => {
        streamHead(response);
        // What the gateway replays after the cursor it was given, then goes on.
        if (seen.headers['last-event-id'] === 'c2') response.end(next(result(3), 'c3') + COMPLETE);
        else response.end(next({ errors: [{ message: `resumed from ${seen.headers['last-event-id']}` }] }) + COMPLETE);
      },
    ]);
    let tokens = 0;
    const live = subscribe(url, PetitionLiveDocument, { id: 'p1' }, { token: () => `token-${++tokens}` });
    const results = await collect(live);
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(counts(results)).toEqual([1, 2, 3]);
    expect(live.lastEventId).toBe('c3');
    expect(requests.map((seen) => [seen.headers['last-event-id'], seen.headers.authorization])).toEqual([
      [undefined, 'Bearer token-1'],
      ['c2', 'Bearer token-2'],
    ]);
  });

  it('starts from a lastEventId it is given (a reloaded page)', async () => {
    const { url, requests } = await sseServer([(response) => (streamHead(response), response.end(next(result(9), 'c9') + COMPLETE))]);
    expect(counts(await collect(subscribe(url, PetitionLiveDocument, { id: 'p1' }, { lastEventId: 'c8' })))).toEqual([9]);
    expect(requests[0]!.headers['last-event-id']).toBe('c8');
  });

  it('comes back when the gateway closes a stream early (slow reader, restart) instead of reporting it', async () => {
    const { url, requests } = await sseServer([
      // Too slow a reader: the reason, a reconnection time, no `complete`.
      (response) => (streamHead(response), response.end(next(result(1), 'c1') + streamClosedFrame('SLOW_CONSUMER'))),
      // Shutting down: `retry:` beside `complete` means come back.
      (response) => (streamHead(response), response.end(next(result(2), 'c2') + `retry: 5\n${COMPLETE}`)),
      (response) => (streamHead(response), response.end(next(result(3), 'c3') + COMPLETE)),
    ]);
    const results = await collect(subscribe(url, PetitionLiveDocument, { id: 'p1' }));
    expect(results).toEqual([result(1), result(2), result(3)]);
    expect(requests.map((seen) => seen.headers['last-event-id'])).toEqual([undefined, 'c1', 'c2']);
  });

  it('yields a refusal as the answer and ends, without trying again', async () => {
    const refusal = { errors: [{ message: 'No petition with this id', extensions: { code: 'NOT_FOUND' } }] };
    const { url, requests } = await sseServer([(response) => (streamHead(response), response.end(next(refusal) + COMPLETE))]);
    expect(await collect(subscribe(url, PetitionLiveDocument, { id: 'nope' }))).toEqual([refusal]);
    expect(requests).toHaveLength(1);
  });

  it('yields a GraphQL answer sent in place of a stream, and throws on anything else that is not one', async () => {
    const refused = { errors: [{ message: 'Bad request', extensions: { code: 'BAD_REQUEST' } }] };
    const json = await sseServer([(response) => (response.writeHead(400, { 'content-type': 'application/json' }), response.end(JSON.stringify(refused)))]);
    expect(await collect(subscribe(json.url, PetitionLiveDocument, { id: 'p1' }))).toEqual([refused]);
    const html = await sseServer([(response) => (response.writeHead(404, { 'content-type': 'text/html' }), response.end('<h1>Not here</h1>'))]);
    await expect(collect(subscribe(html.url, PetitionLiveDocument, { id: 'p1' }))).rejects.toThrow(/404/);
    expect(html.requests).toHaveLength(1);
  });

  it('gives up after its retry attempts when the gateway stays unavailable', async () => {
    const { url, requests } = await sseServer([(response) => (response.writeHead(503, { 'content-type': 'text/plain' }), response.end('starting'))]);
    await expect(collect(subscribe(url, PetitionLiveDocument, { id: 'p1' }, { retryAttempts: 1 }))).rejects.toThrow(/503/);
    expect(requests).toHaveLength(2);
  });

  it('replaces a connection that goes silent, resuming where it stopped', async () => {
    const { url, requests } = await sseServer([
      // Headers and one result, then nothing at all: no heartbeat, no end (a dead mobile link).
      (response) => (streamHead(response), response.write(next(result(1), 'c1'))),
      (response) => (streamHead(response), response.end(next(result(2), 'c2') + COMPLETE)),
    ]);
    const results = await collect(subscribe(url, PetitionLiveDocument, { id: 'p1' }, { idleTimeoutMs: 200 }));
    expect(counts(results)).toEqual([1, 2]);
    expect(requests.map((seen) => seen.headers['last-event-id'])).toEqual([undefined, 'c1']);
    await requests[0]!.closed;
  });

  it('closes its connection when the loop breaks or the signal aborts, and ends quietly', async () => {
    const { url, requests } = await sseServer([(response) => (streamHead(response), response.write(next(result(1), 'c1')))]);
    for await (const first of subscribe(url, PetitionLiveDocument, { id: 'p1' })) {
      expect(counts([first])).toEqual([1]);
      break;
    }
    await requests[0]!.closed;

    const controller = new AbortController();
    const live = subscribe(url, PetitionLiveDocument, { id: 'p1' }, { signal: controller.signal });
    const iterator = live[Symbol.asyncIterator]();
    expect(counts([(await iterator.next()).value!])).toEqual([1]);
    // Aborted while it waits for the next result: the wait ends, and so does the connection.
    const waiting = iterator.next();
    controller.abort();
    expect(await waiting).toEqual({ done: true, value: undefined });
    await requests[1]!.closed;
    expect(requests).toHaveLength(2);
  });

  it('sends the persisted id instead of the text when asked', async () => {
    const { url, requests } = await sseServer([(response) => (streamHead(response), response.end(COMPLETE))]);
    await collect(subscribe(url, PetitionLiveDocument, { id: 'p1' }, { persisted: true }));
    expect(requests[0]!.body).toEqual({
      operationName: 'PetitionLive',
      variables: { id: 'p1' },
      extensions: { persistedQuery: { version: 1, sha256Hash: PetitionLiveDocument.__meta__!.persistedId } },
    });
  });
});
