/**
 * How domain events live in NATS JetStream, for the subgraphs' relays (which write) and the
 * event feed (which reads): a stream per city, `PARTICIPATION_<CITY>`, holding the subjects
 * `participation.<city>.>` for a week, each message a `DomainEvent` as JSON whose JetStream
 * message id is the event id (so a publish repeated after a relay restart is dropped).
 */
import { DiscardPolicy, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { cityStreamName } from './events.js';

/** Every city's stream is named with this prefix (see `cityStreamName`). */
export const CITY_STREAM_PREFIX = 'PARTICIPATION_';

/**
 * The seq of the event its source published just before this one (absent for the first
 * one it knows of). A source publishes in seq order to several city streams; a reader of
 * all of them puts each source's events back in that order by this link (see
 * lib/event-feed/source-order.ts), whatever order the streams' messages reach it.
 */
export const PREVIOUS_SEQ_HEADER = 'Participation-Previous-Seq';

/** How long a city's stream keeps events: replay for a week, then gone. */
const MAX_AGE_MS = 7 * 24 * 3600_000;
/**
 * How long JetStream remembers message ids: a relay that published but died before
 * recording it publishes again when it restarts, and that copy is dropped if the restart
 * comes within this window.
 */
const DUPLICATE_WINDOW_MS = 3600_000;

export function cityStreamConfig(city: string): Partial<StreamConfig> & { name: string } {
  return {
    name: cityStreamName(city),
    subjects: [`participation.${city}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(MAX_AGE_MS),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };
}

/** Creates the city's stream unless it exists (another relay may have created it first). */
export async function ensureCityStream(jsm: JetStreamManager, city: string): Promise<void> {
  const config = cityStreamConfig(city);
  try {
    await jsm.streams.info(config.name);
    return;
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
  }
  try {
    await jsm.streams.add(config);
  } catch (error) {
    // Created meanwhile by another relay: same name, same subjects.
    await jsm.streams.info(config.name).catch(() => {
      throw error;
    });
  }
}

function isStreamNotFound(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 10059 || (error as Error)?.name === 'StreamNotFoundError';
}

/**
 * A connection that keeps reconnecting by itself once made (nats.js backs off between
 * attempts); the first connection is the caller's to retry.
 */
export async function connectJetStream(url: string, name: string): Promise<{ connection: NatsConnection; manager: JetStreamManager }> {
  const connection = await connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 1000, timeout: 5000 });
  try {
    return { connection, manager: await jetstreamManager(connection) };
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
}
