import cluster, { type Worker } from 'node:cluster';
import type { Tag } from './tags.js';

/**
 * Gateway workers without Redis each keep their own response cache. A write through one
 * worker must empty the others' too before its answer returns, or a reader whose
 * connection lands on another worker would see the state before it. The cluster primary
 * relays: a worker sends its tags, the primary passes them to every other worker and
 * answers once each has applied them (or after RELAY_PATIENCE_MS, for a worker that hangs
 * or is dying: it serves nobody then).
 */
const CHANNEL = 'participation-graph:response-cache';
const RELAY_PATIENCE_MS = 2000;

type RelayMessage =
  | { channel: typeof CHANNEL; kind: 'invalidate'; id: number; tags: Tag[] } // worker → primary
  | { channel: typeof CHANNEL; kind: 'apply'; id: number; tags: Tag[] } // primary → other workers
  | { channel: typeof CHANNEL; kind: 'applied'; id: number } // other worker → primary
  | { channel: typeof CHANNEL; kind: 'done'; id: number }; // primary → the worker that asked

function isRelayMessage(message: unknown): message is RelayMessage {
  return !!message && typeof message === 'object' && (message as { channel?: unknown }).channel === CHANNEL;
}

function patience<T>(promise: Promise<T>): Promise<T | void> {
  return Promise.race([promise, new Promise<void>((resolve) => setTimeout(resolve, RELAY_PATIENCE_MS).unref())]);
}

/** In the cluster primary (workers.ts): relays each worker's invalidations to the others. */
export function serveClusterInvalidation(): void {
  let nextId = 0;
  const applying = new Map<number, () => void>();
  cluster.on('message', (from: Worker, message: unknown) => {
    if (!isRelayMessage(message)) return;
    if (message.kind === 'applied') applying.get(message.id)?.();
    if (message.kind !== 'invalidate') return;
    const others = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && w !== from && w.isConnected());
    const applied = others.map((worker) => {
      const id = ++nextId;
      const done = new Promise<void>((resolve) => applying.set(id, resolve));
      worker.send({ channel: CHANNEL, kind: 'apply', id, tags: message.tags } satisfies RelayMessage);
      return patience(done).finally(() => applying.delete(id));
    });
    void Promise.all(applied).then(() => {
      if (from.isConnected()) from.send({ channel: CHANNEL, kind: 'done', id: message.id } satisfies RelayMessage);
    });
  });
}

/**
 * In a cluster worker: applies the other workers' invalidations with `apply`, and returns
 * how to send this worker's own (resolving once every other worker applied them).
 * Undefined outside a cluster worker (one process: nothing to tell).
 */
export function joinClusterInvalidation(apply: (tags: Tag[]) => Promise<void>): ((tags: Tag[]) => Promise<void>) | undefined {
  if (!cluster.isWorker || !process.send) return undefined;
  const send = (message: RelayMessage) => process.send?.(message);
  let nextId = 0;
  const waiting = new Map<number, () => void>();
  process.on('message', (message: unknown) => {
    if (!isRelayMessage(message)) return;
    if (message.kind === 'done') waiting.get(message.id)?.();
    if (message.kind === 'apply') {
      void apply(message.tags)
        .catch(() => undefined)
        .then(() => send({ channel: CHANNEL, kind: 'applied', id: message.id }));
    }
  });
  return async (tags) => {
    const id = ++nextId;
    const done = new Promise<void>((resolve) => waiting.set(id, resolve));
    send({ channel: CHANNEL, kind: 'invalidate', id, tags });
    await patience(done).finally(() => waiting.delete(id));
  };
}
