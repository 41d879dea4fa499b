import type { Logger } from 'pino';
import type { LiveHub, RetainedEvent } from './hub.js';
import type { EndReason, LiveMessage, Subscriber } from './subscriber.js';
import type { LiveTopic } from './topics.js';

/** What one execution of the group's operation gives its subscribers. */
export interface GroupResult {
  /** The message to send; none when the event is not for this subscription (the feed filters). */
  message?: LiveMessage;
  /** The subscription is over (its entity is gone or hidden): the message says why; streams then end. */
  final?: boolean;
}

export interface LiveGroupOptions {
  hub: LiveHub;
  /** Executes the operation once for an event. */
  run: (retained: RetainedEvent) => Promise<GroupResult>;
  /** Current-state subscriptions execute at most once per this many ms. */
  coalesceMs: number;
  /** Executions of a per-event subscription at once (results still go out in event order). */
  concurrency: number;
  /** Events waiting for execution beyond which the group gives up (its subscribers reconnect and resume). */
  maxBacklog: number;
  /** The last subscriber left: the group is closed and forgotten. */
  onEmpty: () => void;
  logger: Logger;
}

/**
 * Subscribers sharing one execution per event: the same document, variables, caller and
 * language give the same answer, so 1,000 readers of a petition cost one subgraph round per
 * event. A current-state subscription (`petitionChanged`) runs at most once per
 * `coalesceMs`, with the latest event, and once more after the last one (nothing missed at
 * the end); a per-event subscription (the city feed) runs for each event, a few at once,
 * delivered in the feed's order.
 */
export class LiveGroup {
  readonly subscribers = new Set<Subscriber>();
  private readonly unsubscribe: () => void;
  private closed = false;
  /** Its streams were ended: newcomers start a group of their own (and are admitted again). */
  finished = false;
  // Coalesced: the newest event not yet executed, and the pace.
  private latest: RetainedEvent | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private lastStart = -Infinity;
  // Per event: executions in flight or waiting, and the delivery order.
  private backlog = 0;
  private active = 0;
  private readonly slots: (() => void)[] = [];
  private delivered: Promise<void> = Promise.resolve();

  constructor(
    readonly key: string,
    readonly topic: LiveTopic,
    private readonly options: LiveGroupOptions,
  ) {
    this.unsubscribe = options.hub.subscribe(topic.key, (retained) => {
      // Its streams are ending: nothing more to execute for them.
      if (this.finished) return;
      if (topic.coalesce) this.coalesce(retained);
      else this.enqueue(retained);
    });
  }

  add(subscriber: Subscriber): void {
    this.subscribers.add(subscriber);
  }

  remove(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.close();
  }

  /** Sends one result to every subscriber, and ends their streams when it is the last. */
  deliver(result: GroupResult): void {
    if (result.message) for (const subscriber of this.subscribers) subscriber.push(result.message);
    if (result.final) this.endAll('complete');
  }

  endAll(reason: EndReason): void {
    this.finished = true;
    for (const subscriber of [...this.subscribers]) subscriber.end(reason);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    clearTimeout(this.timer);
    this.latest = undefined;
    this.options.onEmpty();
  }

  private coalesce(retained: RetainedEvent): void {
    this.latest = retained;
    if (!this.running && !this.timer) this.schedule();
  }

  private schedule(): void {
    const wait = this.lastStart + this.options.coalesceMs - performance.now();
    if (wait <= 0) void this.runLatest();
    else
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.runLatest();
      }, wait);
  }

  private async runLatest(): Promise<void> {
    const retained = this.latest;
    this.latest = undefined;
    if (!retained || this.closed) return;
    this.running = true;
    this.lastStart = performance.now();
    try {
      const result = await this.options.run(retained);
      if (!this.closed) this.deliver(result);
    } catch (error) {
      this.options.logger.error({ err: error }, 'a subscription execution failed');
    } finally {
      this.running = false;
      if (this.latest && !this.closed) this.schedule();
    }
  }

  private enqueue(retained: RetainedEvent): void {
    if (this.backlog >= this.options.maxBacklog) {
      this.options.logger.warn({ topic: this.topic.key.split(':')[0], subscribers: this.subscribers.size }, 'a subscription group fell behind its events; its streams end to resume');
      this.endAll('behind');
      return;
    }
    this.backlog++;
    const result = this.slot().then(async (release) => {
      try {
        return await this.options.run(retained);
      } finally {
        release();
      }
    });
    this.delivered = this.delivered
      .then(() => result)
      .then(
        (outcome) => {
          if (!this.closed) this.deliver(outcome);
        },
        (error: unknown) => this.options.logger.error({ err: error }, 'a subscription execution failed'),
      )
      .finally(() => this.backlog--);
  }

  /** Waits for one of the `concurrency` execution slots; resolves with its release. */
  private async slot(): Promise<() => void> {
    if (this.active >= this.options.concurrency) await new Promise<void>((resolve) => this.slots.push(resolve));
    this.active++;
    return () => {
      this.active--;
      this.slots.shift()?.();
    };
  }
}
