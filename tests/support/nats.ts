import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { namespaceSubjects } from '../../lib/jetstream.js';

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

/**
 * A namespace (`NATS_STREAM_PREFIX`) of one test or test graph alone: several runs, and the
 * graphs of one run, share the NATS server, and each numbers its outbox from 1.
 */
export function testStreamPrefix(label = 'test'): string {
  return `${label}_${randomBytes(5).toString('hex')}`;
}

/** Deletes every stream of a test's namespace (see `testStreamPrefix`). */
export async function deleteNamespace(prefix: string): Promise<void> {
  const connection = await connect({ servers: TEST_NATS_URL, timeout: 3000, reconnect: false });
  try {
    const manager = await jetstreamManager(connection);
    const names: string[] = [];
    for await (const info of manager.streams.list(namespaceSubjects(prefix))) {
      if (info.config.subjects?.every((subject) => subject.startsWith(`${prefix}.`))) names.push(info.config.name);
    }
    for (const name of names) await manager.streams.delete(name).catch(() => undefined);
  } finally {
    await connection.close();
  }
}
