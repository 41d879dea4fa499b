/**
 * The sandbox's subscriptions, as page script (plain JavaScript, inlined by sandbox.html.ts:
 * the page loads nothing it does not serve, and this needs no package). It defines
 * `liveFetcher(options)`, which returns `(params, headers) => iterator`: one GraphQL over
 * SSE request (distinct connections mode, a POST accepting `text/event-stream` on the
 * gateway's /graphql) whose results come out of an AsyncIterator, the form GraphiQL 3's
 * fetcher contract allows for a stream; GraphiQL shows each result as it arrives and stops
 * the stream (the iterator's `return()`) when its button is pressed again.
 *
 * Like the typed client (client/src/subscribe.ts, which a page without a build cannot
 * import), a dropped stream is reopened with `Last-Event-ID`, after the gateway's `retry:`
 * time, so what happened meanwhile still shows; `STREAM_CLOSED` notices (a slow reader, a
 * restart, a shutdown) and `retry:` beside `complete` mean "come back", not an answer.
 *
 * options: `endpoint`; `fetch` (the page's, which reports an unreachable gateway);
 * `onResult(result)` for each result; `onStatus(status)` with
 * `{ operation, state: 'waiting' | 'live' | 'reconnecting' | 'ended' | 'failed', events, at, inMs }`.
 */
export const LIVE_FETCHER_SCRIPT = `
function liveFetcher(options) {
  var MAX_FAILURES = 5;
  var sleep = function (ms, signal) {
    return new Promise(function (resolve) {
      var timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', function () { clearTimeout(timer); resolve(); }, { once: true });
    });
  };
  // Server-Sent Events as the standard reads them: fields, comments (heartbeats), blank-line dispatch.
  var eventParser = function (onRetry) {
    var pending = '';
    var block = { event: '', data: [], id: undefined, retry: undefined };
    return function (text) {
      var out = [];
      var buffer = pending + text;
      // A CR at the end may be half of a CR LF: it waits for the next piece.
      var cut = buffer.charAt(buffer.length - 1) === '\\r' ? buffer.length - 1 : buffer.length;
      var lines = buffer.slice(0, cut).split(/\\r\\n|\\r|\\n/);
      pending = lines.pop() + buffer.slice(cut);
      lines.forEach(function (line) {
        if (line === '') {
          if (block.event || block.data.length) out.push({ event: block.event || 'message', data: block.data.join('\\n'), id: block.id, retry: block.retry });
          block = { event: '', data: [], id: undefined, retry: undefined };
          return;
        }
        if (line.charAt(0) === ':') return;
        var colon = line.indexOf(':');
        var field = colon === -1 ? line : line.slice(0, colon);
        var value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') block.event = value;
        else if (field === 'data') block.data.push(value);
        else if (field === 'id' && value.indexOf('\\u0000') === -1) block.id = value;
        else if (field === 'retry' && /^\\d+$/.test(value)) { block.retry = Number(value); onRetry(block.retry); }
      });
      return out;
    };
  };
  var streamClosed = function (result) {
    return !result.data && Array.isArray(result.errors) && result.errors.length > 0 &&
      result.errors.every(function (error) { return error && error.extensions && error.extensions.code === 'STREAM_CLOSED'; });
  };

  return function subscribe(params, headers) {
    var controller = new AbortController();
    var queue = [];
    var finished = false;
    var failure = null;
    var wake = null;
    var lastEventId;
    var status = { operation: params.operationName || null, state: 'waiting', events: 0, at: null, inMs: null };
    var report = function (patch) { status = Object.assign({}, status, patch); options.onStatus(status); };
    var push = function (result) {
      queue.push(result);
      options.onResult(result);
      if (wake) { wake(); wake = null; }
    };

    (async function run() {
      var failures = 0;
      var hint;
      report({});
      while (!controller.signal.aborted) {
        var heard = false;
        var again = false;
        try {
          var asked = Object.assign({}, headers || {}, { 'content-type': 'application/json', accept: 'text/event-stream' });
          if (lastEventId !== undefined) asked['last-event-id'] = lastEventId;
          var response = await options.fetch(options.endpoint, { method: 'POST', headers: asked, body: JSON.stringify(params), signal: controller.signal });
          if (!/^text\\/event-stream/i.test(response.headers.get('content-type') || '')) {
            // A GraphQL answer instead of a stream (refused before it began): that is the result.
            push(await response.json());
            break;
          }
          heard = true;
          failures = 0;
          report({ state: status.events ? 'live' : 'waiting', inMs: null });
          var reader = response.body.getReader();
          var decoder = new TextDecoder();
          var parse = eventParser(function (ms) { hint = ms; });
          reading: for (;;) {
            var chunk = await reader.read();
            if (chunk.done) break;
            var messages = parse(decoder.decode(chunk.value, { stream: true }));
            for (var i = 0; i < messages.length; i++) {
              var message = messages[i];
              if (message.event === 'complete') {
                again = message.retry !== undefined;
                if (!again) { report({ state: 'ended' }); return; }
                break reading;
              }
              if (message.event !== 'next') continue;
              var result = JSON.parse(message.data);
              if (streamClosed(result)) continue;
              if (message.id !== undefined) lastEventId = message.id;
              report({ state: 'live', events: status.events + 1, at: new Date().toLocaleTimeString() });
              push(result);
            }
          }
        } catch (error) {
          if (controller.signal.aborted) return;
          // A result that is not JSON will not be one on the next connection either.
          if (error instanceof SyntaxError) throw error;
          if (!heard && ++failures > MAX_FAILURES) { failure = error; report({ state: 'failed' }); return; }
        }
        // Cut without complete, or told to come back: resume after the last event shown.
        var wait = failures === 0 && hint !== undefined ? hint : Math.max(hint || 0, Math.min(30000, 1000 * Math.pow(2, failures)) * (0.5 + Math.random() / 2));
        report({ state: 'reconnecting', inMs: Math.round(wait) });
        await sleep(wait, controller.signal);
      }
      if (!controller.signal.aborted && status.state !== 'failed') report({ state: 'ended' });
    })().catch(function (error) { failure = error; report({ state: 'failed' }); }).finally(function () {
      finished = true;
      if (wake) { wake(); wake = null; }
    });

    var iterator = {
      next: async function () {
        while (!queue.length && !finished) await new Promise(function (resolve) { wake = resolve; });
        if (queue.length) return { value: queue.shift(), done: false };
        if (failure) throw failure;
        return { value: undefined, done: true };
      },
      // GraphiQL's stop button: the connection closes at once, and the iteration ends.
      return: async function () {
        if (!finished) report({ state: 'ended' });
        controller.abort();
        finished = true;
        queue.length = 0;
        if (wake) { wake(); wake = null; }
        return { value: undefined, done: true };
      },
    };
    iterator[Symbol.asyncIterator] = function () { return iterator; };
    return iterator;
  };
}
`;
