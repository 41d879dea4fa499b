import type { FeedPosition } from '../../../lib/event-feed.js';
import { isSubgraphName, type SubgraphName } from '../../../lib/subgraphs.js';

/** The highest outbox `seq` seen per source subgraph. */
export type { FeedPosition };

/** Longest cursor read back (a handful of sources, each a number). */
const MAX_CURSOR_LENGTH = 512;

/**
 * A stream position as an SSE event id: base64url of its JSON. Opaque to clients, which
 * only hand it back (`Last-Event-ID`); comparable across gateway replicas and restarts,
 * since each subgraph's outbox numbers its events once for everyone.
 */
export function encodeCursor(position: FeedPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** A cursor read back; undefined when it is not one of ours (then the stream starts from now). */
export function decodeCursor(cursor: string | undefined): FeedPosition | undefined {
  if (!cursor || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const position: FeedPosition = {};
  for (const [source, seq] of Object.entries(value)) {
    if (!isSubgraphName(source) || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
    position[source] = seq;
  }
  return position;
}

/** Whether an event of `source` numbered `seq` comes after `position`. */
export function isAfter(position: FeedPosition, source: SubgraphName, seq: number): boolean {
  return seq > (position[source] ?? 0);
}
