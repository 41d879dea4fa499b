import type { SqlEntityManager } from '@mikro-orm/knex';
import type { NewEvent } from '../../../lib/events.js';
import { dbDate } from '../../shared/queries.js';
import { byMoment, rawDate, type TimedTransition } from '../../shared/timed-events.js';
import { PetitionStatus } from './petition.enums.js';

interface ClosedRow {
  id: string;
  city: string;
  closes_at: unknown;
  signature_count: number | string;
  threshold_reached_at: unknown;
}

/**
 * `PetitionClosed` for every admitted petition whose collection period has ended: its
 * public status turns CLOSED at `closesAt` without any write (petition.query.ts), so the
 * scheduled job records it (see shared/timed-events.ts for why each is recorded once).
 * Petitions that never reached their threshold close too; the event says whether it did.
 */
export const petitionClosings: TimedTransition = {
  name: 'petition closed',
  async claim(tx: SqlEntityManager, now: Date, limit: number): Promise<NewEvent[]> {
    const rows = await tx.execute<ClosedRow[]>(
      `update petition set closed_event_at = ?
        where closed_event_at is null
          and id in (select id from petition
                      where closed_event_at is null and closes_at <= ? and status in (?, ?)
                      order by closes_at, id limit ?)
        returning id, city, closes_at, signature_count, threshold_reached_at`,
      [dbDate(tx, now), dbDate(tx, now), PetitionStatus.OPEN, PetitionStatus.CLOSED, limit],
    );
    return byMoment(rows.map((row) => ({ row, at: rawDate(tx, row.closes_at) }))).map(({ row, at }) => ({
      type: 'PetitionClosed',
      city: row.city,
      entityId: row.id,
      data: { signatureCount: Number(row.signature_count), thresholdReached: row.threshold_reached_at != null, closedAt: at.toISOString() },
    }));
  },
};
