import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { parseDomainEvent } from '../event-json.js';
import { GATEWAY_TOKEN_HEADER, gatewaySecret, signGatewayRequest } from '../gateway-token.js';
import type { SubgraphName } from '../subgraphs.js';
import { nextBackoff, type Delivery } from './delivery.js';
import { serverSentEvents } from './server-sent-events.js';

/** No byte for this long (the streams send a heartbeat every 15 s): the connection is dead; reconnect. */
const SILENCE_MS = 45_000;

export interface InternalStreamsOptions {
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  gatewaySecret: string;
  logger: Logger;
  /** Where to start a source nothing has been delivered from yet: after 0 (all it keeps), or since an instant. */
  sinceEpochMs?: number;
  delivery: Delivery;
  closed: AbortSignal;
}

/** The subgraph's internal event stream, beside its GraphQL endpoint (`…/graphql` → `…/internal/events`). */
export function eventStreamUrl(graphqlUrl: string): URL {
  return new URL('internal/events', graphqlUrl);
}

/**
 * Follows every subgraph's internal stream (subgraphs/shared/outbox/event-stream.ts), one
 * connection each: reconnects with backoff when one ends or fails, resuming after the last
 * seq delivered from that source. Resolves once the feed is closed.
 */
export async function followInternalStreams(options: InternalStreamsOptions): Promise<void> {
  const sources = Object.entries(options.subgraphUrls).filter(([, url]) => url) as [SubgraphName, string][];
  await Promise.all(sources.map(([source, url]) => followSource(source, url, options)));
}

async function followSource(source: SubgraphName, graphqlUrl: string, options: InternalStreamsOptions): Promise<void> {
  const { delivery, closed, logger } = options;
  const secret = gatewaySecret(options.gatewaySecret);
  let backoff = 0;
  while (!closed.aborted) {
    const url = eventStreamUrl(graphqlUrl);
    const last = delivery.last(source);
    if (last !== undefined) url.searchParams.set('after', String(last));
    else if (options.sinceEpochMs !== undefined) url.searchParams.set('since', String(Math.floor(options.sinceEpochMs)));
    else url.searchParams.set('after', '0');
    const connection = new AbortController();
    const abort = () => connection.abort();
    closed.addEventListener('abort', abort, { once: true });
    let watchdog: NodeJS.Timeout | undefined;
    const heard = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(abort, SILENCE_MS);
    };
    try {
      heard();
      const response = await fetch(url, {
        headers: { accept: 'text/event-stream', [GATEWAY_TOKEN_HEADER]: signGatewayRequest(secret, source, null, '') },
        signal: connection.signal,
      });
      if (response.status !== 200 || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        throw new Error(`the ${source} event stream answered ${response.status}`);
      }
      backoff = 0;
      logger.debug({ source }, 'event feed connected to an internal stream');
      for await (const message of serverSentEvents(response.body, heard)) {
        let event;
        try {
          event = parseDomainEvent(JSON.parse(message.data));
        } catch {
          event = null;
        }
        if (!event || event.source !== source) {
          logger.warn({ source }, 'event feed skipped a message that is no event of this source');
          continue;
        }
        await delivery.deliver(event);
        if (closed.aborted) break;
      }
    } catch (error) {
      if (closed.aborted) break;
      logger.warn({ err: error, source }, 'event feed lost an internal stream; reconnecting');
    } finally {
      clearTimeout(watchdog);
      closed.removeEventListener('abort', abort);
      connection.abort();
    }
    if (closed.aborted) break;
    backoff = nextBackoff(backoff);
    await sleep(backoff, undefined, { signal: closed }).catch(() => undefined);
  }
}
