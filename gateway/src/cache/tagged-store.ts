import type { Tag } from './tags.js';

/**
 * Where the response cache keeps whole answers with the tags they depend on, and when
 * each tag was last invalidated. Time is a logical clock, the store's invalidation
 * generation: a read notes it when it looks its answer up, and may store that answer
 * later only if none of its tags was invalidated since. Wall clocks of several replicas
 * and Redis never need to agree.
 */
export interface TaggedStore {
  /** The answer stored under `key`, if any, and the generation at the moment of the look-up. */
  lookup(key: string): Promise<{ value: string | undefined; generation: number }>;
  /** The generation now. */
  generation(): Promise<number>;
  /**
   * Stores `value` under `key` with its tags for `ttlSeconds`, unless one of the tags was
   * invalidated after generation `since` (the read that made it started before that
   * invalidation, so it may show the state before the write). Resolves whether it stored.
   */
  put(key: string, value: string, ttlSeconds: number, tags: readonly Tag[], since: number): Promise<boolean>;
  /** Deletes every answer stored with one of `tags` and records the invalidation (a new generation). */
  invalidate(tags: readonly Tag[]): Promise<void>;
  delete(key: string): Promise<void>;
}

interface Entry {
  value: string;
  tags: readonly Tag[];
  bytes: number;
  expiresAt: number;
}

/** Tags whose last invalidation is remembered, per process; older ones are forgotten (see `floor`). */
const REMEMBERED_INVALIDATIONS = 100_000;

/**
 * The store of one gateway process without Redis: answers in least-recently-used order
 * within a byte budget, an index from tag to answers kept exact as answers come and go,
 * and the last invalidation of recently invalidated tags.
 */
export class MemoryTaggedStore implements TaggedStore {
  private current = 0;
  /** The newest generation whose invalidations were forgotten: a read that started before it may not store. */
  private floor = 0;
  private bytes = 0;
  /** Least recently used first (a Map keeps insertion order; a hit moves the entry to the end). */
  private readonly entries = new Map<string, Entry>();
  private readonly byTag = new Map<Tag, Set<string>>();
  /** Tag → generation of its last invalidation, oldest first. */
  private readonly invalidated = new Map<Tag, number>();

  constructor(
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
    private readonly rememberedInvalidations = REMEMBERED_INVALIDATIONS,
  ) {}

  async lookup(key: string): Promise<{ value: string | undefined; generation: number }> {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) {
      this.remove(key);
      return { value: undefined, generation: this.current };
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { value: entry.value, generation: this.current };
  }

  async generation(): Promise<number> {
    return this.current;
  }

  async put(key: string, value: string, ttlSeconds: number, tags: readonly Tag[], since: number): Promise<boolean> {
    if (since < this.floor || tags.some((tag) => (this.invalidated.get(tag) ?? 0) > since)) return false;
    this.remove(key);
    // UTF-16 code units, the key once per index entry: close enough to what the process holds.
    const bytes = 2 * (value.length + key.length * (1 + tags.length) + tags.reduce((sum, tag) => sum + tag.length, 0));
    if (bytes > this.maxBytes || ttlSeconds <= 0) return false;
    this.entries.set(key, { value, tags, bytes, expiresAt: this.now() + ttlSeconds * 1000 });
    this.bytes += bytes;
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    while (this.bytes > this.maxBytes) this.remove(this.entries.keys().next().value!);
    return true;
  }

  async invalidate(tags: readonly Tag[]): Promise<void> {
    const generation = ++this.current;
    for (const tag of tags) {
      for (const key of this.byTag.get(tag) ?? []) this.remove(key);
      this.invalidated.delete(tag);
      this.invalidated.set(tag, generation);
    }
    while (this.invalidated.size > this.rememberedInvalidations) {
      const [oldest, at] = this.invalidated.entries().next().value!;
      this.invalidated.delete(oldest);
      this.floor = Math.max(this.floor, at);
    }
  }

  async delete(key: string): Promise<void> {
    this.remove(key);
  }

  /** Answers held (tests, metrics). */
  get size(): number {
    return this.entries.size;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
