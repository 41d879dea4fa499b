import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { eventSubject, type EventType } from '../../../lib/events.js';
import { connectJetStream, ensureCityStream, PREVIOUS_SEQ_HEADER } from '../../../lib/jetstream.js';
import type { SubgraphName } from '../../../lib/subgraphs.js';
import type { SubgraphMetrics } from '../metrics.js';
import type { CommitHorizon } from './commit-horizon.js';
import type { CommitNotifier } from './commit-notifier.js';
import { toDomainEvent } from './domain-event.js';
import { POLL_MS } from './event-stream.js';
import { OUTBOX_BATCH, readOutbox } from './outbox-reader.js';
import { OutboxEvent } from './outbox-event.entity.js';

export interface RelayOptions {
  name: SubgraphName;
  orm: MikroORM;
  dialect: 'sqlite' | 'postgresql';
  natsUrl: string;
  /** The namespace published to (`NATS_STREAM_PREFIX`): subjects `<prefix>.<city>.<type>`, streams `<PREFIX>_<CITY>`. */
  natsStreamPrefix: string;
  horizon: CommitHorizon;
  notifier: CommitNotifier;
  logger: Logger;
  /** Counts each publish JetStream acknowledged. */
  metrics?: SubgraphMetrics;
}

export interface Relay {
  /** Stops at once (a batch half published is published again by the next relay; JetStream drops the copies). */
  close(): Promise<void>;
}

/** Waits between attempts while NATS (or the database) fails: doubling, up to this. */
const MAX_BACKOFF_MS = 30_000;
/** An arbitrary constant: the key of the advisory lock only one relay per database holds at a time. */
const RELAY_LOCK_KEY = 0x6f7574626f78;

/**
 * Publishes the outbox to NATS JetStream: unpublished rows in `seq` order, each to its
 * city's stream (created on first use) under `<prefix>.<city>.<type>`, with its event
 * id as JetStream's message id; then records `publishedAt`. Each publish waits for
 * JetStream's ack before the next, so the streams hold a source's events in `seq` order;
 * a failure stops the batch there and the relay tries again, backing off, from the first
 * row not recorded. Published but not recorded (the process died between the two): the
 * next attempt publishes it again under the same message id, and JetStream drops it.
 *
 * Several relays on one database (replicas of a subgraph): on PostgreSQL each batch runs in
 * a transaction holding an advisory lock, so one relay publishes at a time and the others
 * wait (a crashed relay's lock goes with its connection: no lease to expire). On SQLite,
 * one process normally owns the file; should two relays read it, both publish in `seq`
 * order and JetStream keeps the first copy of each, so the streams' order stays `seq` order.
 */
export function startRelay(options: RelayOptions): Relay {
  const stopping = new AbortController();
  const loop = run(options, stopping.signal);
  return {
    async close() {
      stopping.abort();
      await loop;
    },
  };
}

async function run(options: RelayOptions, stopping: AbortSignal): Promise<void> {
  const { logger } = options;
  let nats: { connection: NatsConnection; js: JetStreamClient; publisher: Publisher } | undefined;
  let backoff = 0;
  try {
    while (!stopping.aborted) {
      try {
        if (!nats) {
          const { connection, manager } = await connectJetStream(options.natsUrl, `outbox-relay-${options.name}`);
          const js = jetstream(connection);
          const prefix = options.natsStreamPrefix;
          nats = { connection, js, publisher: new Publisher(js, prefix, (city) => ensureCityStream(manager, prefix, city)) };
          logger.info('outbox relay connected to NATS');
        }
        const published = await publishBatch(options, nats.publisher, stopping);
        backoff = 0;
        if (published < OUTBOX_BATCH) await options.notifier.next(POLL_MS, stopping);
      } catch (error) {
        if (stopping.aborted) break;
        backoff = Math.min(Math.max(500, backoff * 2), MAX_BACKOFF_MS);
        logger.warn({ err: error, retryInMs: backoff }, 'outbox relay could not publish; retrying');
        if (nats?.connection.isClosed()) nats = undefined;
        await sleep(backoff, undefined, { signal: stopping }).catch(() => undefined);
      }
    }
  } finally {
    await nats?.connection.close().catch(() => undefined);
  }
}

/** Publishes the next rows; returns how many (fewer than a batch: nothing more to do now). */
async function publishBatch(options: RelayOptions, publisher: Publisher, stopping: AbortSignal): Promise<number> {
  if (options.dialect === 'sqlite') return publishRows(options, options.orm.em.fork() as SqlEntityManager, publisher, stopping);
  const em = options.orm.em.fork() as SqlEntityManager;
  let failure: unknown;
  const published = await em.transactional(async (tx) => {
    const [lock] = await tx.execute<{ locked: boolean }[]>(`select pg_try_advisory_xact_lock(${RELAY_LOCK_KEY}) as locked`);
    if (!lock?.locked) return 0; // another relay is publishing; look again after the poll
    try {
      return await publishRows(options, tx, publisher, stopping);
    } catch (error) {
      // Keep what was published (recorded when this transaction commits), then report.
      failure = error;
      return (error as PartialPublish).published ?? 0;
    }
  });
  if (failure) throw failure;
  return published;
}

/** Publishes unpublished rows in order, recording each batch's published ones with `em` (a transaction on PostgreSQL). */
async function publishRows(options: RelayOptions, em: SqlEntityManager, publisher: Publisher, stopping: AbortSignal): Promise<number> {
  const rows = await readOutbox(options.orm, options.horizon, 0, { unpublished: true });
  if (!rows.length) return 0;
  let previous = await previousSeq(em, rows[0]!.seq);
  const done: number[] = [];
  try {
    for (const row of rows) {
      if (stopping.aborted) break;
      await publisher.publish(toDomainEvent(row, options.name), previous);
      options.metrics?.eventsPublished.inc();
      done.push(row.seq);
      previous = row.seq;
    }
  } catch (error) {
    await markPublished(em, done);
    throw Object.assign(error as object, { published: done.length } satisfies PartialPublish);
  }
  await markPublished(em, done);
  return done.length;
}

interface PartialPublish {
  published?: number;
}

/** The row just before `seq` (published earlier, still kept): the link readers order a source's events by. */
async function previousSeq(em: SqlEntityManager, seq: number): Promise<number | null> {
  const [row] = await em.execute<{ seq: number | string | null }[]>('select max(seq) as seq from outbox_event where seq < ?', [seq]);
  return row?.seq === null || row?.seq === undefined ? null : Number(row.seq);
}

async function markPublished(em: SqlEntityManager, seqs: number[]): Promise<void> {
  if (!seqs.length) return;
  await em.nativeUpdate(OutboxEvent, { seq: { $in: seqs } }, { publishedAt: new Date() });
}

/** JetStream publishing with the city's stream made on first use. */
class Publisher {
  private readonly cities = new Set<string>();

  constructor(
    private readonly js: JetStreamClient,
    private readonly prefix: string,
    private readonly ensureStream: (city: string) => Promise<void>,
  ) {}

  async publish(event: ReturnType<typeof toDomainEvent>, previous: number | null): Promise<void> {
    if (!this.cities.has(event.city)) {
      await this.ensureStream(event.city);
      this.cities.add(event.city);
    }
    const meta = headers();
    if (previous !== null) meta.set(PREVIOUS_SEQ_HEADER, String(previous));
    await this.js.publish(eventSubject(this.prefix, event.city, event.type as EventType), JSON.stringify(event), { msgID: event.id, headers: meta, timeout: 5000 });
  }
}
