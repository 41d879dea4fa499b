import type { EventArgs, EventSubscriber, MikroORM, TransactionEventArgs } from '@mikro-orm/core';
import { EventEmitter, once } from 'node:events';
import { OutboxEvent } from './outbox-event.entity.js';
import { noteInserted, noteTransactionEnd } from './request-events.js';

/**
 * Tells the outbox's readers (internal streams, the NATS relay) at once when outbox rows
 * have been committed in this process, so they need not poll fast; they still poll slowly
 * for rows committed by other processes on the same database.
 *
 * A MikroORM subscriber on the ORM's event manager (every fork shares it): it sees each
 * outbox row inserted, then the end of the root transaction around it.
 */
export class CommitNotifier implements EventSubscriber<OutboxEvent> {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  /** Rows were inserted since the last end of a transaction: the next end wakes the readers. */
  private inserted = false;
  /**
   * The types of the rows each unit of work inserted, until its root transaction ends:
   * counted as recorded once it commits, dropped when it rolls back. MikroORM names the
   * same EntityManager (the transaction's fork) in the insert and in the commit.
   */
  private readonly pending = new WeakMap<object, string[]>();

  static attach(orm: MikroORM): CommitNotifier {
    const notifier = new CommitNotifier();
    orm.em.getEventManager().registerSubscriber(notifier);
    return notifier;
  }

  getSubscribedEntities() {
    return [OutboxEvent];
  }

  afterCreate(args: EventArgs<OutboxEvent>): void {
    this.inserted = true;
    noteInserted(args.entity);
    const types = this.pending.get(args.em);
    if (types) types.push(args.entity.type);
    else this.pending.set(args.em, [args.entity.type]);
  }

  afterTransactionCommit(args: TransactionEventArgs): void {
    noteTransactionEnd(true);
    const types = this.pending.get(args.em);
    if (types) {
      this.pending.delete(args.em);
      this.emitter.emit('committed', types);
    }
    this.transactionEnded();
  }

  afterTransactionRollback(args: TransactionEventArgs): void {
    noteTransactionEnd(false);
    this.pending.delete(args.em);
    // A rolled-back insert may have held back rows committed after it (see commit-horizon.ts): look again.
    this.transactionEnded();
  }

  private transactionEnded(): void {
    if (!this.inserted) return;
    this.inserted = false;
    this.emitter.emit('commit');
  }

  /** Calls `listener` with the types of the outbox rows each transaction of this ORM commits (metrics.ts counts them). */
  onCommitted(listener: (types: readonly string[]) => void): void {
    this.emitter.on('committed', listener);
  }

  /** Resolves at the next commit of outbox rows in this process, after `ms` at the latest, or when `signal` aborts. */
  async next(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const waiting = new AbortController();
    const timer = setTimeout(() => waiting.abort(), ms);
    const stop = () => waiting.abort();
    signal.addEventListener('abort', stop, { once: true });
    try {
      await once(this.emitter, 'commit', { signal: waiting.signal });
    } catch {
      // timed out or closed: either way, look again
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    }
  }
}
