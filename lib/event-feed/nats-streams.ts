import { DeliverPolicy, jetstream, type JetStreamClient, type JetStreamManager, type OrderedConsumerOptions } from '@nats-io/jetstream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { DomainEvent } from '../events.js';
import { parseDomainEvent } from '../event-json.js';
import { cityOfStream, connectJetStream, namespaceSubjects, PREVIOUS_SEQ_HEADER } from '../jetstream.js';
import { nextBackoff, type Delivery, type FeedPosition } from './delivery.js';
import { SourceOrder } from './source-order.js';

/**
 * How often the feed looks for city streams created since (JetStream's advisory usually
 * tells it first). An event held for a predecessor is released out of order only after a
 * look that began after it was held (source-order.ts), so this bounds that wait too.
 */
const DISCOVER_MS = 2000;
/** At most this many events waiting for the consumer before the stream readers pause. */
const QUEUE_LIMIT = 256;
/** A reader that got nothing for this long has nothing more to catch up on. */
const QUIET_MS = 500;

export interface NatsStreamsOptions {
  natsUrl: string;
  /** The namespace (`NATS_STREAM_PREFIX`): only its streams are read. */
  streamPrefix: string;
  logger: Logger;
  from: FeedPosition;
  /** Read from this instant (epoch ms) instead of each stream's beginning. */
  sinceEpochMs?: number;
  /** Only these cities' streams; every city stream of the namespace when absent. */
  cities?: ReadonlySet<string>;
  delivery: Delivery;
  closed: AbortSignal;
}

interface StreamReader {
  done: Promise<void>;
  /** The last stream sequence read: a reader started again continues after it. */
  streamSeq: number;
  lastMessageAt: number;
  lastPending: number | undefined;
}

/**
 * Reads every city's JetStream stream of its namespace (and those created later; another
 * namespace's streams are never read) with ordered consumers,
 * from each stream's beginning (events at or below the position are skipped) or from a
 * start time, and hands the events over in each source's `seq` order (source-order.ts).
 * Reconnects with backoff when NATS cannot be reached. Resolves once the feed is closed.
 *
 * A position gives seqs per source, which JetStream cannot seek to (stream sequences are
 * per city): a resume by position reads what the streams keep and skips what was
 * delivered; a resume by time seeks.
 */
export async function followNatsStreams(options: NatsStreamsOptions): Promise<void> {
  const { logger, closed } = options;
  const queue = new DeliveryQueue(options.delivery);
  const order = new SourceOrder(options.from, (event) => queue.push(event), logger);
  const readers = new Map<string, StreamReader>();
  const settled = () => [...readers.values()].every((r) => r.lastPending === 0 || Date.now() - r.lastMessageAt > QUIET_MS);
  // When the last complete look for streams began: a predecessor may sit in a stream not read yet.
  let discoveredFrom = 0;
  const expiry = setInterval(() => order.expire(settled(), Date.now(), discoveredFrom), 250);
  let backoff = 0;
  try {
    while (!closed.aborted) {
      let nats: Awaited<ReturnType<typeof connectJetStream>> | undefined;
      try {
        nats = await connectJetStream(options.natsUrl, 'event-feed');
        backoff = 0;
        const js = jetstream(nats.connection);
        const manager = nats.manager;
        const discover = async () => {
          const began = Date.now();
          for await (const info of manager.streams.list(namespaceSubjects(options.streamPrefix))) {
            const { name } = info.config;
            if (!wanted(cityOfStream(options.streamPrefix, info), options.cities) || readers.get(name)) continue;
            const reader: StreamReader = { done: Promise.resolve(), streamSeq: 0, lastMessageAt: Date.now(), lastPending: undefined };
            readers.set(name, reader);
            reader.done = readStream(js, manager, name, reader, order, queue, options).finally(() => readers.delete(name));
          }
          discoveredFrom = Math.max(discoveredFrom, began);
        };
        const rediscover = () => void discover().catch((error: unknown) => logger.warn({ err: error }, 'event feed could not list the streams'));
        // Told of new streams before the first look, so none created meanwhile goes unnoticed until the next one.
        const created = nats.connection.subscribe('$JS.EVENT.ADVISORY.STREAM.CREATED.>', { callback: rediscover });
        await discover();
        const timer = setInterval(rediscover, DISCOVER_MS);
        const stop = new Promise<void>((resolve) => closed.addEventListener('abort', () => resolve(), { once: true }));
        await Promise.race([stop, nats.connection.closed()]);
        clearInterval(timer);
        created.unsubscribe();
        await Promise.all([...readers.values()].map((reader) => reader.done));
      } catch (error) {
        if (closed.aborted) break;
        logger.warn({ err: error }, 'event feed could not reach NATS; reconnecting');
      } finally {
        await nats?.connection.close().catch(() => undefined);
      }
      if (closed.aborted) break;
      backoff = nextBackoff(backoff);
      await sleep(backoff, undefined, { signal: closed }).catch(() => undefined);
    }
  } finally {
    clearInterval(expiry);
    await queue.idle();
  }
}

/** A city stream of the namespace (`city` is undefined otherwise), of a city the feed reads. */
function wanted(city: string | undefined, cities: ReadonlySet<string> | undefined): boolean {
  return city !== undefined && (!cities || cities.has(city));
}

/** One stream, read in order until the feed closes; started again after the last message read when its consumer fails. */
async function readStream(
  js: JetStreamClient,
  manager: JetStreamManager,
  name: string,
  reader: StreamReader,
  order: SourceOrder,
  queue: DeliveryQueue,
  options: NatsStreamsOptions,
): Promise<void> {
  const { logger, closed } = options;
  let backoff = 0;
  while (!closed.aborted) {
    try {
      const start: Partial<OrderedConsumerOptions> = reader.streamSeq
        ? { opt_start_seq: reader.streamSeq + 1 }
        : options.sinceEpochMs !== undefined
          ? { opt_start_time: new Date(options.sinceEpochMs).toISOString() }
          : { deliver_policy: DeliverPolicy.All };
      const consumer = await js.consumers.get(name, start);
      const messages = await consumer.consume({ max_messages: 256 });
      const stop = () => messages.stop();
      closed.addEventListener('abort', stop, { once: true });
      try {
        for await (const message of messages) {
          backoff = 0;
          reader.streamSeq = message.info.streamSequence;
          reader.lastMessageAt = Date.now();
          reader.lastPending = message.info.pending;
          let event: DomainEvent | null;
          try {
            event = parseDomainEvent(message.json());
          } catch {
            event = null;
          }
          if (!event) {
            logger.warn({ stream: name, streamSeq: message.info.streamSequence }, 'event feed skipped a message that is no event');
            continue;
          }
          const previous = message.headers?.get(PREVIOUS_SEQ_HEADER);
          order.add(event, previous ? Number(previous) : null);
          await queue.below(QUEUE_LIMIT);
        }
      } finally {
        closed.removeEventListener('abort', stop);
      }
      if (closed.aborted) return;
      // The iterator ended without us: the stream went away (deleted), or the connection closed.
      if (!(await streamExists(manager, name))) return;
    } catch (error) {
      if (closed.aborted) return;
      if (!(await streamExists(manager, name).catch(() => true))) return;
      logger.warn({ err: error, stream: name }, 'event feed lost a stream consumer; starting it again');
    }
    backoff = nextBackoff(backoff);
    await sleep(backoff, undefined, { signal: closed }).catch(() => undefined);
  }
}

async function streamExists(manager: JetStreamManager, name: string): Promise<boolean> {
  try {
    await manager.streams.info(name);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 10059 || (error as Error).name === 'StreamNotFoundError') return false;
    throw error;
  }
}

/** Events released in order, delivered one at a time (the consumer's handler is awaited in order). */
class DeliveryQueue {
  private tail: Promise<void> = Promise.resolve();
  private size = 0;

  constructor(private readonly delivery: Delivery) {}

  push(event: DomainEvent): void {
    this.size++;
    this.tail = this.tail
      .then(() => this.delivery.deliver(event))
      .catch(() => undefined) // deliver() retries the handler itself; nothing else may stop the queue
      .finally(() => this.size--);
  }

  /** Waits while more than `limit` events wait for the consumer. */
  async below(limit: number): Promise<void> {
    while (this.size > limit) await this.tail;
  }

  async idle(): Promise<void> {
    while (this.size > 0) await this.tail;
  }
}
