import type { Dispatcher } from 'undici';

/** A subgraph's answer as it came: status, headers and the body's text, parsed by the caller once. */
export interface SubgraphReply {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface SubgraphRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Give up when the subgraph stays silent this long: before its answer starts, or between two parts of it. */
  silenceMs: number;
}

/**
 * One POST through an undici dispatcher with a handler of our own (undici's documented
 * `dispatch` API). `pool.request` wraps every call in an async resource, a Readable stream
 * and, for the timeout, an AbortSignal with its timer and listeners; for the small JSON
 * answers of subgraphs those cost more than the parsing, so the body's chunks are kept
 * as they arrive and joined once at the end, and the timeout is undici's own
 * headers/body timers (one shared clock, no timer per call).
 */
export function postToSubgraph(dispatcher: Dispatcher, request: SubgraphRequest): Promise<SubgraphReply> {
  return new Promise((resolve, reject) => {
    let statusCode = 0;
    let headers: SubgraphReply['headers'] = {};
    const chunks: Buffer[] = [];
    dispatcher.dispatch(
      {
        path: request.path,
        method: 'POST',
        headers: request.headers,
        body: request.body,
        headersTimeout: request.silenceMs,
        bodyTimeout: request.silenceMs,
      },
      {
        // Required by undici to tell this handler API from its older one; nothing to do here.
        onRequestStart() {},
        onResponseStart(_controller, status, responseHeaders) {
          // Called again after a 1xx interim answer: the last call is the answer's.
          statusCode = status;
          headers = responseHeaders;
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          resolve({ statusCode, headers, text: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8') });
        },
        onResponseError(_controller, error) {
          reject(error);
        },
      },
    );
  });
}
