import type { Logger } from 'pino';
import type { DomainEvent } from '../../../lib/events.js';
import { encodeCursor, isAfter, type FeedPosition } from './cursor.js';
import { topicsOfEvent } from './topics.js';

/** An event as the hub keeps it: with the stream position right after it (the cursor of what it causes). */
export interface RetainedEvent {
  event: DomainEvent;
  position: FeedPosition;
  /** `position`, encoded once for every SSE message it ends up in. */
  cursor: string;
  topics: string[];
  /** When it happened (ms), for the retention window. */
  at: number;
}

/** A subscription group listening to a topic; called synchronously, in the feed's order. */
export type TopicListener = (retained: RetainedEvent) => void;
/** Whoever else needs every event (cache invalidation): awaited before the subscriptions hear of it. */
export type EventListener = (event: DomainEvent) => void | Promise<void>;

export interface LiveHubOptions {
  /** Events older than this (by their `occurredAt`) are no longer replayed. */
  retainSeconds: number;
  /** At most this many events kept, whatever their age. */
  retainEvents: number;
  logger: Logger;
  /** Counts each new event (metrics). */
  onReceived?: (event: DomainEvent) => void;
}

/**
 * The gateway process's one consumer of domain events (fed by lib/event-feed.ts): it keeps
 * the stream position, a bounded window of recent events for clients that reconnect
 * (bounded by age and by count), and hands each event to the listeners of its topics (the
 * subscription groups) and to every `onEvent` listener.
 */
export class LiveHub {
  private readonly ring: (RetainedEvent | undefined)[];
  private head = 0;
  private size = 0;
  /** Ids of the retained events: an event delivered again (a feed that reconnected) is not fanned out twice. */
  private readonly ids = new Set<string>();
  private current: FeedPosition = {};
  private readonly topics = new Map<string, Set<TopicListener>>();
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly options: LiveHubOptions) {
    this.ring = new Array(options.retainEvents);
  }

  /** The position after the last event received. */
  position(): FeedPosition {
    return { ...this.current };
  }

  /** Takes the feed's next event: retained, then `onEvent` listeners (awaited), then the topics' listeners. */
  async receive(event: DomainEvent): Promise<void> {
    if (this.ids.has(event.id)) return;
    if (isAfter(this.current, event.source, event.seq)) this.current = { ...this.current, [event.source]: event.seq };
    const at = Date.parse(event.occurredAt);
    const retained: RetainedEvent = { event, position: this.current, cursor: encodeCursor(this.current), topics: topicsOfEvent(event), at: Number.isFinite(at) ? at : Date.now() };
    this.retain(retained);
    this.options.onReceived?.(event);
    await Promise.all(
      [...this.listeners].map(async (listener) => {
        try {
          await listener(event);
        } catch (error) {
          this.options.logger.error({ err: error, eventType: event.type }, 'an event listener failed');
        }
      }),
    );
    for (const topic of retained.topics) {
      for (const listener of this.topics.get(topic) ?? []) {
        try {
          listener(retained);
        } catch (error) {
          this.options.logger.error({ err: error, eventType: event.type }, 'a subscription group failed to take an event');
        }
      }
    }
  }

  /** Listens to one topic's events from now on. */
  subscribe(topic: string, listener: TopicListener): () => void {
    let set = this.topics.get(topic);
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.topics.get(topic) === set) this.topics.delete(topic);
    };
  }

  /** Every event, before subscriptions hear of it (the response cache drops what it touches). */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** The retained events of `topic` after `after`, oldest first: what a reconnecting client missed. */
  replay(topic: string, after: FeedPosition): RetainedEvent[] {
    const since = Date.now() - this.options.retainSeconds * 1000;
    const missed: RetainedEvent[] = [];
    for (let i = 0; i < this.size; i++) {
      const retained = this.ring[(this.head + i) % this.ring.length]!;
      if (retained.at >= since && retained.topics.includes(topic) && isAfter(after, retained.event.source, retained.event.seq)) missed.push(retained);
    }
    return missed;
  }

  /** How many events are retained now. */
  get retainedCount(): number {
    return this.size;
  }

  private retain(retained: RetainedEvent): void {
    const capacity = this.ring.length;
    if (capacity === 0) return;
    const since = Date.now() - this.options.retainSeconds * 1000;
    while (this.size > 0 && (this.size === capacity || this.ring[this.head]!.at < since)) this.evictOldest();
    this.ring[(this.head + this.size) % capacity] = retained;
    this.size++;
    this.ids.add(retained.event.id);
  }

  private evictOldest(): void {
    const oldest = this.ring[this.head]!;
    this.ids.delete(oldest.event.id);
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.ring.length;
    this.size--;
  }
}
