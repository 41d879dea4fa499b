import type { TypedDocumentString } from './generated/graphql.js';
import { readEventStream } from './event-stream.js';
import { OPERATION, type GraphQLResult, type OperationArguments } from './request.js';

export interface SubscribeOptions {
  /**
   * Sent as `Authorization: Bearer …`. A function is asked again at every (re)connection,
   * so a stream open for hours reconnects with a fresh token rather than an expired one.
   */
  token?: string | null | (() => string | null | undefined | Promise<string | null | undefined>);
  /**
   * Where to resume: the `lastEventId` of an earlier subscription (kept across a page
   * reload, say). The gateway sends what was missed since, while it still holds it.
   */
  lastEventId?: string;
  /** Ends the subscription (and its connection) when aborted; the iteration then simply finishes. */
  signal?: AbortSignal;
  /** More headers: `Accept-Language`, … */
  headers?: Record<string, string>;
  /** Send the operation's persisted id instead of its text (the gateway's safelist knows it). */
  persisted?: boolean;
  /**
   * Failed connection attempts in a row before giving up (the iteration then throws the
   * last error); 10 by default. A connection that heard anything from the gateway resets it.
   */
  retryAttempts?: number;
  /**
   * A connection that hears nothing for this long (not even the gateway's heartbeat
   * comment, every 15 s by default) is taken as dead and replaced, resuming where it
   * stopped; 60 s by default, 0 never.
   */
  idleTimeoutMs?: number;
  /** Another fetch: one that streams response bodies (in React Native, Expo's `expo/fetch`). */
  fetch?: typeof fetch;
}

/** The results of a subscription, as they arrive (one connection, however often it is iterated). */
export interface LiveSubscription<TData> extends AsyncIterable<GraphQLResult<TData>> {
  /**
   * The stream position of the last result delivered (the SSE event id): pass it as
   * `lastEventId` to resume in another subscription. Undefined before the first.
   */
  readonly lastEventId: string | undefined;
}

const DEFAULT_RETRY_ATTEMPTS = 10;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;
/** Why the gateway ended a stream early (slow reader, restart): resume, do not report. */
const STREAM_CLOSED = 'STREAM_CLOSED';

/** A failure worth another connection: the network, a dead or cut stream, a busy gateway. */
class Retryable extends Error {
  constructor(
    message: string,
    /** How long the gateway asked to wait (`Retry-After`), in ms. */
    readonly afterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Subscribes to a typed subscription document over Server-Sent Events (the GraphQL over
 * SSE protocol, distinct connections mode, which the gateway serves on its /graphql URL)
 * and yields each result, typed by the document, as the gateway sends it. Results are
 * answers, errors included (`NOT_FOUND` for an unknown petition, then the iteration ends).
 *
 * A dropped connection is reopened with `Last-Event-ID`, so the results missed meanwhile
 * arrive first (the gateway keeps recent events; see the README's "Live updates"), after
 * the delay the gateway asked for (`retry:`) or a growing, jittered backoff. The iteration
 * ends when the gateway completes the subscription, on `signal`, or when the loop breaks;
 * it throws only when no GraphQL answer can be had (see `retryAttempts`).
 */
export function subscribe<TData, TVariables>(
  endpoint: string | URL,
  document: TypedDocumentString<TData, TVariables>,
  ...[variables, options = {}]: OperationArguments<TVariables, SubscribeOptions>
): LiveSubscription<TData> {
  let lastEventId = options.lastEventId;
  // One connection per subscription: asking again for its iterator gives the same one.
  let iterator: AsyncIterableIterator<GraphQLResult<TData>> | undefined;
  return {
    get lastEventId() {
      return lastEventId;
    },
    [Symbol.asyncIterator]() {
      if (iterator) return iterator;
      // Ends everything: the caller's signal, or the loop leaving early (return()).
      const stopped = new AbortController();
      const stop = () => stopped.abort();
      options.signal?.addEventListener('abort', stop, { once: true });
      if (options.signal?.aborted) stop();
      const results = stream<TData>(endpoint, document.toString().trim(), document.__meta__?.persistedId as string | undefined, variables, options, stopped.signal, {
        from: () => lastEventId,
        to: (id) => (lastEventId = id),
      });
      const finish = () => {
        stop();
        options.signal?.removeEventListener('abort', stop);
      };
      return (iterator = {
        next: async () => {
          const next = await results.next();
          if (next.done) finish();
          return next;
        },
        // A generator waiting on the network would only see return() at its next result: abort first.
        return: async () => {
          finish();
          await results.return(undefined);
          return { done: true, value: undefined };
        },
        throw: async (error: unknown) => {
          finish();
          return results.throw(error);
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      });
    },
  };
}

async function* stream<TData>(
  endpoint: string | URL,
  text: string,
  persistedId: string | undefined,
  variables: unknown,
  options: SubscribeOptions,
  stopped: AbortSignal,
  position: { from(): string | undefined; to(id: string): void },
): AsyncGenerator<GraphQLResult<TData>, void, undefined> {
  const [, , operationName] = OPERATION.exec(text) ?? [];
  if (options.persisted && !persistedId) throw new Error(`${operationName ?? 'This operation'} has no persisted id`);
  const body = JSON.stringify({
    operationName,
    variables,
    ...(options.persisted ? { extensions: { persistedQuery: { version: 1, sha256Hash: persistedId } } } : { query: text }),
  });
  const fetchImpl = options.fetch ?? fetch;
  const retryAttempts = options.retryAttempts ?? DEFAULT_RETRY_ATTEMPTS;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  let failures = 0;
  /** The wait before the next connection, as the gateway last asked (`retry:`), in ms. */
  let hint: number | undefined;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      // After a stream that worked, the gateway's `retry:` says when to come back; after failures, whichever is longer.
      await sleep(failures === 0 && hint !== undefined ? hint : Math.max(hint ?? 0, backoff(failures)), stopped);
      if (stopped.aborted) return;
    }
    // One connection: ended by `stopped`, or by silence longer than the idle timeout.
    const connection = new AbortController();
    const abort = () => connection.abort();
    stopped.addEventListener('abort', abort, { once: true });
    let idle: ReturnType<typeof setTimeout> | undefined;
    let silent = false;
    let heardAny = false;
    const watch = () => {
      clearTimeout(idle);
      if (idleTimeoutMs > 0) idle = setTimeout(() => ((silent = true), connection.abort()), idleTimeoutMs);
    };
    // Anything from the gateway, a heartbeat included, shows the connection worked: however it ends, it was no failed attempt.
    const heard = () => {
      heardAny = true;
      failures = 0;
      watch();
    };
    try {
      const token = typeof options.token === 'function' ? await options.token() : options.token;
      const lastEventId = position.from();
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(lastEventId !== undefined ? { 'last-event-id': lastEventId } : {}),
        ...options.headers,
      };
      watch();
      const response = await fetchImpl(endpoint, { method: 'POST', headers, body, signal: connection.signal });
      const type = response.headers.get('content-type') ?? '';
      if (!/^text\/event-stream/i.test(type) || !response.body) {
        if ([429, 502, 503, 504].includes(response.status)) throw new Retryable(`The gateway answered ${response.status}`, retryAfterMs(response));
        // A GraphQL answer in place of a stream (a request refused before it began): the one result.
        if (/json/i.test(type)) {
          yield (await response.json()) as GraphQLResult<TData>;
          return;
        }
        throw new Error(`The gateway answered ${response.status} ${response.statusText} without an event stream`);
      }
      for await (const message of readEventStream(response.body, { lastEventId, onBytes: heard, onRetry: (ms) => (hint = ms) })) {
        if (message.event === 'complete') {
          // An older gateway ended streams with `retry:` beside `complete` when it shut down: come back then.
          if (message.retry !== undefined) break;
          return;
        }
        if (message.event !== 'next') continue;
        const result = JSON.parse(message.data) as GraphQLResult<TData>;
        // Said before the gateway cuts a stream it will not keep (a slow reader, a restart): the next connection resumes.
        if (!result.data && result.errors?.length && result.errors.every((error) => error.extensions?.code === STREAM_CLOSED)) continue;
        if (message.id !== undefined) position.to(message.id);
        yield result;
      }
      // Ended without `complete`: cut by the network, a proxy or the gateway. Resume.
    } catch (error) {
      if (stopped.aborted) return;
      if (!(error instanceof Retryable) && !silent && !isNetworkError(error)) throw error;
      if (error instanceof Retryable && error.afterMs !== undefined) hint = error.afterMs;
      if (!heardAny && ++failures > retryAttempts) throw error;
    } finally {
      clearTimeout(idle);
      stopped.removeEventListener('abort', abort);
    }
  }
}

/** What fetch and stream reads throw when the connection fails: a TypeError (`fetch failed`, `terminated`, `Failed to fetch`) or an abort. */
function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && error.name === 'AbortError');
}

/** 0.5–1 s after a drop, then doubling per failure up to 30 s, each jittered so clients spread out. */
function backoff(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures) * (0.5 + Math.random() / 2);
}

function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
