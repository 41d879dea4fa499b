/**
 * lib/event-feed/source-order.ts: each source's events put back in seq order across the
 * city streams of NATS, and the one case where an event stops waiting for its predecessor.
 */
import { describe, expect, test } from 'vitest';
import type { DomainEvent } from '../lib/events.js';
import { SourceOrder } from '../lib/event-feed/source-order.js';
import { createLogger } from '../lib/log.js';

const logger = createLogger({ name: 'source-order-test', level: 'silent' });

function event(seq: number, city = 'kyiv'): DomainEvent {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    source: 'registry',
    seq,
    type: 'OrganizationRegistered',
    city,
    entity: { type: 'Organization', id: `00000000-0000-4000-9000-${String(seq).padStart(12, '0')}` },
    occurredAt: new Date(0).toISOString(),
    data: {},
  };
}

function ordered(from = {}) {
  const released: number[] = [];
  const order = new SourceOrder(from, (e) => released.push(e.seq), logger);
  return { order, released };
}

describe('the order of one source across city streams', () => {
  test('releases an event once its predecessor has been, whichever stream brought it first', () => {
    const { order, released } = ordered();
    order.add(event(1), null, 0);
    order.add(event(3, 'lviv'), 2, 0);
    expect(released).toEqual([1]);
    order.add(event(2), 1, 0);
    expect(released).toEqual([1, 2, 3]);
    // A copy (a relay's republish) is dropped.
    order.add(event(2), 1, 0);
    expect(released).toEqual([1, 2, 3]);
  });

  test('skips what a resumed position already covers', () => {
    const { order, released } = ordered({ registry: 5 });
    order.add(event(5), 4, 0);
    order.add(event(6), 5, 0);
    expect(released).toEqual([6]);
  });

  test('waits for a missing predecessor until every reader has caught up and a look for new streams began after it was held', () => {
    const { order, released } = ordered({ registry: 1 });
    order.add(event(3, 'lviv'), 2, 1_000);
    // Readers caught up, held long enough, but the last look for streams began before it was held:
    // event 2 may be in a stream created meanwhile, so 3 keeps waiting (releasing it would drop 2).
    order.expire(true, 5_000, 900);
    expect(released).toEqual([]);
    // A reader still catching up: it keeps waiting too.
    order.expire(false, 5_000, 3_000);
    expect(released).toEqual([]);
    // The predecessor arrives from the newly found stream: both in order.
    order.add(event(2), 1, 5_100);
    expect(released).toEqual([2, 3]);
  });

  test('stops waiting for a predecessor that will not come (outside retention) once nothing could still bring it', () => {
    const { order, released } = ordered({ registry: 1 });
    order.add(event(4), 3, 1_000);
    order.expire(true, 1_500, 1_200);
    expect(released, 'held for less than a second').toEqual([]);
    order.expire(true, 2_100, 1_200);
    expect(released).toEqual([4]);
  });
});
