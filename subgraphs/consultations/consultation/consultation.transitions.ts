import type { SqlEntityManager } from '@mikro-orm/knex';
import type { NewEvent } from '../../../lib/events.js';
import { dbDate } from '../../shared/queries.js';
import { byMoment, rawDate, type TimedTransition } from '../../shared/timed-events.js';

/**
 * A consultation's status follows its dates (consultation.query.ts): PLANNED turns OPEN at
 * `opensAt` and CLOSED at `closesAt` without any write, so the scheduled job records
 * `ConsultationOpened` and `ConsultationClosed` (see shared/timed-events.ts for why each
 * is recorded once). Openings go first, and a consultation closes only once its opening is
 * recorded, so its events keep their order even when both came due during one pause.
 * Dates can no longer change by then: an official edits a consultation only while PLANNED.
 */

interface OpenedRow {
  id: string;
  city: string;
  opens_at: unknown;
  closes_at: unknown;
}

interface ClosedRow {
  id: string;
  city: string;
  closes_at: unknown;
  participants: number | string;
}

export const consultationOpenings: TimedTransition = {
  name: 'consultation opened',
  async claim(tx: SqlEntityManager, now: Date, limit: number): Promise<NewEvent[]> {
    const rows = await tx.execute<OpenedRow[]>(
      `update consultation set opened_event_at = ?
        where opened_event_at is null
          and id in (select id from consultation where opened_event_at is null and opens_at <= ? order by opens_at, id limit ?)
        returning id, city, opens_at, closes_at`,
      [dbDate(tx, now), dbDate(tx, now), limit],
    );
    return byMoment(rows.map((row) => ({ row, at: rawDate(tx, row.opens_at) }))).map(({ row, at }) => ({
      type: 'ConsultationOpened',
      city: row.city,
      entityId: row.id,
      data: { opensAt: at.toISOString(), closesAt: rawDate(tx, row.closes_at).toISOString() },
    }));
  },
};

export const consultationClosings: TimedTransition = {
  name: 'consultation closed',
  async claim(tx: SqlEntityManager, now: Date, limit: number): Promise<NewEvent[]> {
    const rows = await tx.execute<ClosedRow[]>(
      `update consultation set closed_event_at = ?
        where closed_event_at is null
          and id in (select id from consultation
                      where closed_event_at is null and opened_event_at is not null and closes_at <= ?
                      order by closes_at, id limit ?)
        returning id, city, closes_at, offline_participants + response_count as participants`,
      [dbDate(tx, now), dbDate(tx, now), limit],
    );
    // The public figure of ConsultationParticipantCountChanged, final now: responses end at `closesAt`.
    return byMoment(rows.map((row) => ({ row, at: rawDate(tx, row.closes_at) }))).map(({ row, at }) => ({
      type: 'ConsultationClosed',
      city: row.city,
      entityId: row.id,
      data: { participantCount: Number(row.participants), closedAt: at.toISOString() },
    }));
  },
};

/** In this order: see above. */
export const consultationTransitions: readonly TimedTransition[] = [consultationOpenings, consultationClosings];
