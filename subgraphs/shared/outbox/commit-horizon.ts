import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';

/**
 * How far the outbox may be read without ever having to go back: the highest `seq` such
 * that every row at or below it is final (committed, or never to be). Readers (internal
 * streams, the relay) read only up to it, so they deliver in `seq` order and never skip a
 * row that commits later.
 *
 * SQLite has one writer at a time, and a row's `seq` is taken inside that writer's
 * transaction, so commit order is `seq` order: whatever is visible is final.
 *
 * PostgreSQL hands out `seq` from a sequence when a row is inserted, not when it commits:
 * transaction A may take 10, B 11, and B commit first. A reader that delivered 11 and then
 * moved its cursor past it would never see 10. Taking a lock from insert to commit would
 * order them, but would deadlock with writes that lock rows before recording their event.
 * Instead the horizon waits for those transactions: every transaction that inserted into
 * `outbox_event` holds a RowExclusiveLock on the table from before it took its `seq` until
 * it ends. So: read the sequence's last value H, then the transactions holding that lock;
 * once all of those have ended, every `seq` ≤ H is final. Nothing writers do waits on it.
 */
export interface CommitHorizon {
  /** Every row with `seq` at or below the answer is final. */
  safe(): Promise<number>;
}

export function commitHorizon(orm: MikroORM, dialect: 'sqlite' | 'postgresql'): CommitHorizon {
  return dialect === 'sqlite' ? { safe: async () => Number.MAX_SAFE_INTEGER } : new PostgresHorizon(orm);
}

class PostgresHorizon implements CommitHorizon {
  private safeUpTo = 0;
  /** A horizon observed but not yet safe: the last `seq` handed out then, and the transactions that may still commit below it. */
  private waiting: { upTo: number; transactions: string[] } | undefined;
  /** One computation at a time, shared by every reader asking meanwhile. */
  private inFlight: Promise<number> | undefined;

  constructor(private readonly orm: MikroORM) {}

  safe(): Promise<number> {
    this.inFlight ??= this.advance().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async advance(): Promise<number> {
    const em = this.orm.em.fork() as SqlEntityManager;
    if (this.waiting) {
      const writing = await this.writers(em);
      if (this.waiting.transactions.some((transaction) => writing.has(transaction))) return this.safeUpTo;
      this.safeUpTo = Math.max(this.safeUpTo, this.waiting.upTo);
      this.waiting = undefined;
    }
    // The sequence first, then the lock holders: a transaction that took a seq up to `upTo` held its lock before we read `upTo`.
    const upTo = await this.lastTaken(em);
    if (upTo <= this.safeUpTo) return this.safeUpTo;
    const writing = await this.writers(em);
    if (writing.size === 0) this.safeUpTo = upTo;
    else this.waiting = { upTo, transactions: [...writing] };
    return this.safeUpTo;
  }

  /** The last `seq` the sequence handed out (0 before the first). */
  private async lastTaken(em: SqlEntityManager): Promise<number> {
    const [row] = await em.execute<{ last: string | number | null }[]>(
      `select pg_sequence_last_value(pg_get_serial_sequence('outbox_event', 'seq')::regclass) as last`,
    );
    return Number(row?.last ?? 0);
  }

  /** The transactions (virtual ids: one per transaction, not per connection) now inserting, updating or deleting outbox rows. */
  private async writers(em: SqlEntityManager): Promise<Set<string>> {
    const rows = await em.execute<{ transaction: string }[]>(
      `select virtualtransaction as transaction from pg_locks
        where locktype = 'relation' and relation = 'outbox_event'::regclass and mode = 'RowExclusiveLock'
          and database = (select oid from pg_database where datname = current_database())
          and pid <> pg_backend_pid()`,
    );
    return new Set(rows.map((row) => row.transaction));
  }
}
