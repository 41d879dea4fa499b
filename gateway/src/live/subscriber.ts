import type { FormattedExecutionResult } from 'graphql';

/** One result on its way to a subscriber. */
export interface LiveMessage {
  payload: FormattedExecutionResult;
  /** The stream position it reflects (SSE `id:`), when it comes from an event. */
  cursor?: string;
  /** A state update: a later one makes it obsolete, so an unsent one may be replaced by it. */
  coalescable: boolean;
}

/** Why a stream ended. */
export type EndReason =
  /** The subscription is over (its entity is gone or no longer visible): the last message says why. */
  | 'complete'
  /** The client read too slowly: disconnected, to reconnect and resume. */
  | 'slow'
  /** The gateway is shutting down: to reconnect to another process, or this one once back. */
  | 'shutdown'
  /** The gateway fell behind the subscription's events: to reconnect and resume from the last message. */
  | 'behind'
  /** The token the stream was opened with expired: to reconnect with a fresh one and resume from the last message. */
  | 'expired'
  /** The client went away or cancelled. */
  | 'client';

/**
 * What one client may have waiting, across its subscriptions (a WebSocket carries many;
 * an SSE response one): `limit` messages not yet written to its connection.
 */
export class ClientBudget {
  queued = 0;
  /** Set by the transport: what to do with a client over its budget (disconnect it). */
  onOverflow: () => void = () => {};

  constructor(readonly limit: number) {}
}

/**
 * One subscription's stream: results are pushed as executions finish and pulled by the
 * transport as its connection takes them, so a slow client holds at most its budget.
 * Pushing a state update while an older one is still unsent replaces it (the latest state
 * wins); any other message over the budget disconnects the client. An async generator by
 * shape (graphql-ws returns it when the client completes the operation).
 */
export class Subscriber implements AsyncGenerator<LiveMessage, void, undefined> {
  private readonly queue: LiveMessage[] = [];
  private waiting: ((result: IteratorResult<LiveMessage, void>) => void) | undefined;
  private held: LiveMessage[] | undefined;
  private ended: EndReason | undefined;
  private released = false;

  constructor(
    private readonly budget: ClientBudget,
    /** Called once when the stream is done with (ended and drained, or dropped by the client): frees its place. */
    private readonly onRelease: (reason: EndReason) => void,
  ) {}

  /** Why the stream ended, once it has. */
  get endReason(): EndReason | undefined {
    return this.ended;
  }

  get open(): boolean {
    return this.ended === undefined;
  }

  push(message: LiveMessage): void {
    if (this.ended) return;
    if (this.held) {
      replaceOrAppend(this.held, message);
      return;
    }
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: message, done: false });
      return;
    }
    if (message.coalescable) {
      const stale = this.queue.findIndex((queued) => queued.coalescable);
      if (stale !== -1) {
        this.queue[stale] = message;
        return;
      }
    }
    if (this.budget.queued >= this.budget.limit) {
      this.budget.onOverflow();
      return;
    }
    this.queue.push(message);
    this.budget.queued++;
  }

  /**
   * Holds what the subscription's group pushes until `release`: a reconnecting client's
   * missed events are executed for it alone and must reach it first.
   */
  hold(): void {
    this.held ??= [];
  }

  release(first: LiveMessage[]): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const message of [...first, ...held]) this.push(message);
  }

  /**
   * Ends the stream: what is queued is still delivered (not when the client was too slow,
   * nor once its token expired: nothing more goes out under it), then iteration completes.
   */
  end(reason: EndReason): void {
    if (this.ended) return;
    this.ended = reason;
    this.held = undefined;
    if (reason === 'slow' || reason === 'client' || reason === 'expired') this.drop();
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
    if (this.queue.length === 0) this.releaseOnce();
  }

  async next(): Promise<IteratorResult<LiveMessage, void>> {
    const message = this.queue.shift();
    if (message) {
      this.budget.queued--;
      return { value: message, done: false };
    }
    if (this.ended) {
      this.releaseOnce();
      return { value: undefined, done: true };
    }
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** The consumer is done (the client went away or completed the operation). */
  async return(): Promise<IteratorResult<LiveMessage, void>> {
    this.end('client');
    this.releaseOnce();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<LiveMessage, void>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private drop(): void {
    this.budget.queued -= this.queue.length;
    this.queue.length = 0;
  }

  private releaseOnce(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease(this.ended ?? 'client');
  }
}

function replaceOrAppend(list: LiveMessage[], message: LiveMessage): void {
  const stale = message.coalescable ? list.findIndex((queued) => queued.coalescable) : -1;
  if (stale === -1) list.push(message);
  else list[stale] = message;
}
