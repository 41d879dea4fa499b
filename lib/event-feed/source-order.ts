import type { Logger } from 'pino';
import type { DomainEvent } from '../events.js';
import type { SubgraphName } from '../subgraphs.js';
import type { FeedPosition } from './delivery.js';

/** How long an event waits for the one before it once every stream reader has caught up. */
const HOLD_MS = 1000;

interface Held {
  event: DomainEvent;
  previous: number;
  since: number;
}

/**
 * Puts each source's events back in `seq` order across the city streams of NATS. A
 * subgraph's relay publishes its events in `seq` order, but to one stream per city, and
 * the feed reads the streams side by side: Lviv's event 12 may arrive before Kyiv's 11. Each
 * message names the seq its source published just before it (lib/jetstream.ts), so an
 * event is released once its predecessor has been, and waits for it otherwise. One that
 * never comes (outside the streams' retention, or before the requested start) stops being
 * waited for after `HOLD_MS` once no stream reader is still catching up.
 */
export class SourceOrder {
  /** The highest seq released per source. */
  private readonly released = new Map<SubgraphName, number>();
  private readonly held = new Map<SubgraphName, Held[]>();

  constructor(
    from: FeedPosition,
    private readonly release: (event: DomainEvent) => void,
    private readonly logger: Logger,
  ) {
    for (const [source, seq] of Object.entries(from) as [SubgraphName, number][]) this.released.set(source, seq);
  }

  add(event: DomainEvent, previous: number | null, now = Date.now()): void {
    const last = this.released.get(event.source);
    if (last !== undefined && event.seq <= last) return;
    if (previous === null || (last !== undefined && previous <= last)) {
      this.releaseFrom(event);
      return;
    }
    const waiting = this.held.get(event.source) ?? [];
    if (!waiting.some((held) => held.event.seq === event.seq)) waiting.push({ event, previous, since: now });
    this.held.set(event.source, waiting);
  }

  /**
   * Stops waiting for predecessors that have not come: called now and then, `settled` when no
   * reader is catching up, `discoveredFrom` when the last complete look for streams began.
   * An event is released out of order only after a look that began once it was held: its
   * predecessor may be in a stream created meanwhile, and would be dropped as a copy after it.
   */
  expire(settled: boolean, now = Date.now(), discoveredFrom = now): void {
    if (!settled) return;
    for (const [source, waiting] of this.held) {
      if (!waiting.length) continue;
      const first = waiting.reduce((a, b) => (a.event.seq < b.event.seq ? a : b));
      if (now - first.since < HOLD_MS || discoveredFrom <= first.since) continue;
      this.logger.debug({ source, seq: first.event.seq, previous: first.previous }, 'event feed stopped waiting for an earlier event');
      this.remove(source, first);
      this.releaseFrom(first.event);
    }
  }

  get waiting(): number {
    let count = 0;
    for (const waiting of this.held.values()) count += waiting.length;
    return count;
  }

  /** Releases `event`, then every held event of its source that it (or a released one) precedes. */
  private releaseFrom(event: DomainEvent): void {
    const source = event.source;
    let next: Held | undefined;
    let current = event;
    for (;;) {
      this.released.set(source, current.seq);
      this.release(current);
      const waiting = this.held.get(source) ?? [];
      // Anything now at or below the released seq is a copy: drop it.
      for (const held of waiting.filter((h) => h.event.seq <= current.seq)) this.remove(source, held);
      next = (this.held.get(source) ?? [])
        .filter((held) => held.previous <= current.seq)
        .reduce<Held | undefined>((a, b) => (!a || b.event.seq < a.event.seq ? b : a), undefined);
      if (!next) return;
      this.remove(source, next);
      current = next.event;
    }
  }

  private remove(source: SubgraphName, held: Held): void {
    const waiting = this.held.get(source);
    if (!waiting) return;
    const at = waiting.indexOf(held);
    if (at !== -1) waiting.splice(at, 1);
  }
}
