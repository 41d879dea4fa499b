/**
 * How domain events live in NATS JetStream, for the subgraphs' relays (which write) and the
 * event feed (which reads): a stream per city and namespace (`NATS_STREAM_PREFIX`, see
 * lib/events.ts), `<PREFIX>_<CITY>`, holding the subjects `<prefix>.<city>.>` for a week,
 * each message a `DomainEvent` as JSON whose JetStream message id is the event id (so a
 * publish repeated after a relay restart is dropped).
 */
import { DiscardPolicy, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig, type StreamInfo } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { cityStreamName } from './events.js';

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

export function cityStreamConfig(prefix: string, city: string): Partial<StreamConfig> & { name: string; subjects: string[] } {
  return {
    name: cityStreamName(prefix, city),
    subjects: [`${prefix}.${city}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(MAX_AGE_MS),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };
}

/**
 * Creates the city's stream unless it exists (another relay may have created it first).
 * A stream of that name holding other subjects belongs to another namespace whose name
 * maps to the same one (`Staging` and `staging`, or `a_b`+`c` and `a`+`b_c`): refused
 * clearly rather than publishing where no stream listens.
 */
export async function ensureCityStream(jsm: JetStreamManager, prefix: string, city: string): Promise<void> {
  const config = cityStreamConfig(prefix, city);
  let existing: StreamInfo | undefined;
  try {
    existing = await jsm.streams.info(config.name);
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
  }
  if (!existing) {
    try {
      await jsm.streams.add(config);
      return;
    } catch (error) {
      // Created meanwhile by another relay: same name, same subjects.
      existing = await jsm.streams.info(config.name).catch(() => {
        throw error;
      });
    }
  }
  if (cityOfStream(prefix, existing) !== city) {
    throw new Error(`JetStream stream ${config.name} holds ${JSON.stringify(existing.config.subjects)}, not ${config.subjects[0]}: another NATS_STREAM_PREFIX maps to the same stream name`);
  }
}

/** The subjects of every stream of a namespace, as a filter for listing them. */
export function namespaceSubjects(prefix: string): string {
  return `${prefix}.>`;
}

/**
 * The city whose events a stream holds in this namespace, or undefined for a stream of
 * another namespace (or not ours at all): read from its subjects, which name the prefix
 * exactly, rather than its name, which upper-cases it and could be another's.
 */
export function cityOfStream(prefix: string, stream: Pick<StreamInfo, 'config'>): string | undefined {
  const subjects = stream.config.subjects ?? [];
  if (subjects.length !== 1) return undefined;
  const match = /^([^.]+)\.([^.]+)\.>$/.exec(subjects[0]!);
  if (!match || match[1] !== prefix) return undefined;
  const city = match[2]!;
  return stream.config.name === cityStreamName(prefix, city) ? city : undefined;
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
