import { afterEach, describe, expect, it } from 'vitest';
import { LIVE_FETCHER_SCRIPT } from '../gateway/src/plugins/sandbox-live.js';
import { renderSandboxPage } from '../gateway/src/plugins/sandbox.html.js';
import { collect, COMPLETE_FRAME, nextFrame, startSseServer, streamClosedFrame, streamHead, type SseServer, type StreamHandler } from './support/sse-server.js';

// The sandbox's subscriptions: its page script, run here as the page runs it (Node has the
// same fetch, streams and AbortController), against a tiny local SSE server;
// tests/sandbox.browser.test.ts runs it in Chromium against the gateway.

interface LiveStatus {
  operation: string | null;
  state: 'waiting' | 'live' | 'reconnecting' | 'ended' | 'failed';
  events: number;
}
type Result = { data?: { petitionChanged?: { signatureCount: number } } | null; errors?: unknown[] };
type LiveFetcher = (options: {
  endpoint: string;
  fetch: typeof fetch;
  onResult(result: Result): void;
  onStatus(status: LiveStatus): void;
}) => (params: Record<string, unknown>, headers?: Record<string, string>) => AsyncIterableIterator<Result>;

const liveFetcher = new Function(`${LIVE_FETCHER_SCRIPT}\nreturn liveFetcher;`)() as LiveFetcher;

const servers: SseServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function sseServer(handlers: StreamHandler[]): Promise<SseServer> {
  const server = await startSseServer(handlers);
  servers.push(server);
  return server;
}

/** The page's fetcher for `url`, with what it told the page. */
function sandboxFetcher(url: string) {
  const statuses: LiveStatus[] = [];
  const shown: Result[] = [];
  const subscribe = liveFetcher({ endpoint: url, fetch, onResult: (result) => shown.push(result), onStatus: (status) => statuses.push(status) });
  return { subscribe, statuses, shown };
}

const result = (count: number): Result => ({ data: { petitionChanged: { signatureCount: count } } });
const PARAMS = { query: 'subscription PetitionLive($id: ID!) { petitionChanged(id: $id) { signatureCount } }', variables: { id: 'p1' }, operationName: 'PetitionLive' };

describe('the sandbox page\u02bcs subscriptions', () => {
  it('is script the page can run: the whole boot script parses with it inlined', () => {
    const html = renderSandboxPage({ tabs: [], storageNamespace: 'test', signIn: null }, '/sandbox/');
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    expect(inline).toHaveLength(1);
    expect(inline[0]).toContain('function liveFetcher(options)');
    expect(() => new Function(inline[0]!)).not.toThrow();
  });

  it('posts the operation accepting an event stream, with the tab\u02bcs headers, and yields each result as it arrives', async () => {
    const { url, requests } = await sseServer([(response) => (streamHead(response), response.end(`:\n\n${nextFrame(result(1), 'c1')}${nextFrame(result(2), 'c2')}${COMPLETE_FRAME}`))]);
    const { subscribe, statuses, shown } = sandboxFetcher(url);
    const results = await collect(subscribe(PARAMS, { Authorization: 'Bearer tkn' }));
    expect(results).toEqual([result(1), result(2)]);
    expect(shown).toEqual(results);
    expect(requests[0]!.body).toEqual(PARAMS);
    expect(requests[0]!.headers).toMatchObject({ accept: 'text/event-stream', 'content-type': 'application/json', authorization: 'Bearer tkn' });
    expect(statuses.map((status) => [status.state, status.events])).toEqual([
      ['waiting', 0],
      ['waiting', 0],
      ['live', 1],
      ['live', 2],
      ['ended', 2],
    ]);
    expect(statuses.every((status) => status.operation === 'PetitionLive')).toBe(true);
  });

  it('resumes a dropped stream with Last-Event-ID, and takes the gateway\u02bcs notices and shutdown as a cue to come back', async () => {
    const { url, requests } = await sseServer([
      (response) => {
        streamHead(response);
        response.write(`retry: 5\n\n${nextFrame(result(1), 'c1')}`);
        setImmediate(() => response.destroy());
      },
      (response) => (streamHead(response), response.end(nextFrame(result(2), 'c2') + streamClosedFrame('SLOW_CONSUMER'))),
      (response) => (streamHead(response), response.end(`${nextFrame(result(3), 'c3')}retry: 5\n${COMPLETE_FRAME}`)),
      (response) => (streamHead(response), response.end(nextFrame(result(4), 'c4') + COMPLETE_FRAME)),
    ]);
    const { subscribe, statuses } = sandboxFetcher(url);
    expect(await collect(subscribe(PARAMS))).toEqual([result(1), result(2), result(3), result(4)]);
    expect(requests.map((seen) => seen.headers['last-event-id'])).toEqual([undefined, 'c1', 'c2', 'c3']);
    expect(statuses.filter((status) => status.state === 'reconnecting')).toHaveLength(3);
    expect(statuses.at(-1)).toMatchObject({ state: 'ended', events: 4 });
  });

  it('shows a refusal, and an answer sent in place of a stream, as the result', async () => {
    const refusal = { errors: [{ message: 'No petition with this id', extensions: { code: 'NOT_FOUND' } }] };
    const streamed = await sseServer([(response) => (streamHead(response), response.end(nextFrame(refusal) + COMPLETE_FRAME))]);
    expect(await collect(sandboxFetcher(streamed.url).subscribe(PARAMS))).toEqual([refusal]);
    const json = await sseServer([(response) => (response.writeHead(400, { 'content-type': 'application/json' }), response.end(JSON.stringify(refusal)))]);
    expect(await collect(sandboxFetcher(json.url).subscribe(PARAMS))).toEqual([refusal]);
    expect([streamed.requests.length, json.requests.length]).toEqual([1, 1]);
  });

  it('closes the stream at once when GraphiQL stops it, while it waits for an event', async () => {
    const { url, requests } = await sseServer([(response) => (streamHead(response), response.write(nextFrame(result(1), 'c1')))]);
    const { subscribe, statuses } = sandboxFetcher(url);
    const iterator = subscribe(PARAMS);
    expect((await iterator.next()).value).toEqual(result(1));
    const waiting = iterator.next();
    // What GraphiQL's stop button calls.
    await iterator[Symbol.asyncIterator]().return!();
    expect(await waiting).toEqual({ value: undefined, done: true });
    await requests[0]!.closed;
    expect(statuses.at(-1)).toMatchObject({ state: 'ended', events: 1 });
    expect(requests).toHaveLength(1);
  });
});
