import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import type { NewEvent } from '../../lib/events.js';
import { recordEvent } from './outbox/record-event.js';
import type { BackgroundContext, BackgroundTask } from './subgraph.js';

/**
 * Events that time causes rather than a write: a petition's collection period ends, a
 * consultation opens or closes. Their status is computed from the row's dates when it is
 * read, so no write ever records them; a scheduled job of the subgraph's process does.
 *
 * Each transition keeps a nullable marker column on its row (`closed_event_at`, say): the
 * row is due when its moment has passed and the marker is null. A batch sets the markers
 * with one conditional statement, `update … set <marker> = now where <marker> is null and
 * id in (<due ids>) returning …`, and records an event for exactly the rows that statement
 * returned, in the same transaction: the marker and the event commit together or not at
 * all. With two processes on one database the conditional decides who records:
 * - PostgreSQL: both may pick the same due ids; the second update waits on the first's row
 *   locks, then re-checks `<marker> is null` against the committed row (READ COMMITTED
 *   re-evaluates the WHERE of a row changed under it), finds it false and skips the row.
 *   The `<marker> is null` of the outer WHERE is what is re-checked; the sub-select's is not.
 * - SQLite: one writer at a time; the update is the transaction's first statement, so it
 *   takes the write lock before it reads and sees every marker committed before it.
 * A row whose event is recorded is never returned again, so a run repeated, overlapping
 * or after a crash records each transition once, and nothing is lost while the process is
 * down: the next run records whatever came due meanwhile (in the order it came due).
 */
export interface TimedTransition {
  /** What it records, for logs: `petition closed`. */
  name: string;
  /**
   * In `tx`, marks up to `limit` rows whose moment is at or before `now` and whose marker is
   * null (oldest moment first), and returns the event of each row this call marked, in
   * order of the moments.
   */
  claim(tx: SqlEntityManager, now: Date, limit: number): Promise<NewEvent[]>;
}

/** Rows marked (and events recorded) per transaction. */
export const TIMED_EVENTS_BATCH = 200;

export interface TimedEventsJob {
  /** Records every transition due at `now`, one transaction per batch and transition in turn; resolves with how many events it recorded. */
  runOnce(now?: Date): Promise<number>;
}

/**
 * The job over `transitions`, in their order: a later transition may depend on an earlier
 * one's marker (a consultation closes only once its opening is recorded), so that a row's
 * events are recorded in the order they happened even after a long pause.
 */
export function timedEventsJob(orm: MikroORM, transitions: readonly TimedTransition[], batch = TIMED_EVENTS_BATCH): TimedEventsJob {
  return {
    async runOnce(now = new Date()) {
      let recorded = 0;
      for (const transition of transitions) {
        for (;;) {
          const em = orm.em.fork() as SqlEntityManager;
          const events = await em.transactional(async (tx) => {
            const due = await transition.claim(tx, now, batch);
            for (const event of due) recordEvent(tx, event, now);
            return due;
          });
          recorded += events.length;
          if (events.length < batch) break;
        }
      }
      return recorded;
    },
  };
}

/**
 * Runs `job` now and then every `intervalMs` (each run after the previous one ends, so two
 * never overlap in one process) until stopped; a failed run is logged and tried again at
 * the next tick (its transaction rolled back: nothing half recorded).
 */
export function scheduleTimedEvents(job: TimedEventsJob, intervalMs: number, logger: Logger): BackgroundTask {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = job
      .runOnce()
      .then((recorded) => void (recorded && logger.debug({ recorded }, 'recorded time-driven events')))
      .catch((error: unknown) => logger.warn({ err: error }, 'could not record time-driven events; trying again at the next tick'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs).unref();
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * A subgraph definition's `background` hook recording `transitions` every
 * `scheduledEventsSeconds` of its configuration (none when the configuration has none:
 * tests run the job themselves, with `timedEventsJob(...).runOnce(now)`).
 */
export function timedEventsBackground(transitions: readonly TimedTransition[]): (context: BackgroundContext) => BackgroundTask | undefined {
  return ({ orm, config, logger }) => {
    const seconds = config.scheduledEventsSeconds;
    if (!seconds) return undefined;
    return scheduleTimedEvents(timedEventsJob(orm, transitions), seconds * 1000, logger.child({ job: 'timed-events' }));
  };
}

/** Oldest moment first, then by id: the order a batch's transitions happened in. */
export function byMoment<T extends { id: string }>(rows: readonly { row: T; at: Date }[]): { row: T; at: Date }[] {
  return [...rows].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.row.id < b.row.id ? -1 : 1));
}

/** A date the database returned in a raw row (milliseconds on SQLite, text on PostgreSQL). */
export function rawDate(em: SqlEntityManager, value: unknown): Date {
  return em.getPlatform().parseDate(value as string | number) as Date;
}
