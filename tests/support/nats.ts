import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

/** The NATS server (with JetStream) tests use: CI's, or this machine's. */
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/**
 * Whether NATS with JetStream answers at `TEST_NATS_URL`. With `CI` set, an unreachable
 * NATS fails the run instead of skipping the tests that need it.
 */
export async function natsAvailable(): Promise<boolean> {
  try {
    const connection = await connect({ servers: TEST_NATS_URL, timeout: 3000, reconnect: false });
    try {
      await (await jetstreamManager(connection)).getAccountInfo();
      return true;
    } finally {
      await connection.close();
    }
  } catch (error) {
    if (process.env.CI) throw new Error(`CI is set but NATS with JetStream is not reachable at ${TEST_NATS_URL}: ${(error as Error).message}`);
    console.warn(`NATS with JetStream not reachable at ${TEST_NATS_URL}: skipping the tests that need it`);
    return false;
  }
}

/** Deletes JetStream streams a test made (its own cities' streams). */
export async function deleteStreams(names: string[]): Promise<void> {
  const connection = await connect({ servers: TEST_NATS_URL, timeout: 3000, reconnect: false });
  try {
    const manager = await jetstreamManager(connection);
    for (const name of names) await manager.streams.delete(name).catch(() => undefined);
  } finally {
    await connection.close();
  }
}
