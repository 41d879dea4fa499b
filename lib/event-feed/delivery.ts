import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { DomainEvent } from '../events.js';
import type { SubgraphName } from '../subgraphs.js';

/** The highest outbox `seq` delivered per source subgraph. */
export type FeedPosition = Partial<Record<SubgraphName, number>>;

const MAX_RETRY_MS = 30_000;

/**
 * Hands events to the feed's consumer: each (source, seq) once, and after the events of
 * its source before it. A handler that throws gets the same event again, backing off, until
 * it takes it or the feed closes: the position moves only past events it took.
 */
export class Delivery {
  private readonly delivered: FeedPosition;

  constructor(
    private readonly onEvent: (event: DomainEvent) => void | Promise<void>,
    private readonly logger: Logger,
    from: FeedPosition,
    private readonly closed: AbortSignal,
    private readonly cities: ReadonlySet<string> | undefined,
  ) {
    this.delivered = { ...from };
  }

  position(): FeedPosition {
    return { ...this.delivered };
  }

  last(source: SubgraphName): number | undefined {
    return this.delivered[source];
  }

  async deliver(event: DomainEvent): Promise<void> {
    const last = this.delivered[event.source];
    if (last !== undefined && event.seq <= last) return;
    if (!this.cities || this.cities.has(event.city)) {
      for (let backoff = 0; ; ) {
        if (this.closed.aborted) return;
        try {
          await this.onEvent(event);
          break;
        } catch (error) {
          backoff = Math.min(Math.max(250, backoff * 2), MAX_RETRY_MS);
          this.logger.error({ err: error, source: event.source, seq: event.seq, type: event.type, retryInMs: backoff }, 'event handler failed; retrying the event');
          await sleep(backoff, undefined, { signal: this.closed }).catch(() => undefined);
        }
      }
    }
    this.delivered[event.source] = event.seq;
  }
}

/** Backoff between reconnections: doubling from `first`, up to `max`, with jitter so that replicas do not reconnect in step. */
export function nextBackoff(previous: number, first = 250, max = 10_000): number {
  const next = Math.min(Math.max(first, previous * 2), max);
  return Math.round(next * (0.75 + Math.random() * 0.5));
}
