import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TaggedStore } from '../../gateway/src/cache/tagged-store.js';

/**
 * What every response-cache store must do (gateway/src/cache/tagged-store.ts), run against
 * the memory store (units) and Redis (integration). `make` gets a clock the test moves;
 * a store that keeps time itself (Redis) ignores it and skips the expiry test.
 * Keys and tags are fresh per test: a Redis may hold other runs' entries.
 */
export function taggedStoreContract(name: string, make: (now: () => number) => Promise<TaggedStore>, options: { controlsTime?: boolean } = { controlsTime: true }): void {
  describe(`the ${name} tagged store`, () => {
    const fresh = () => ({ key: `fqc:${randomUUID()}`, petition: `id:${randomUUID()}`, other: `id:${randomUUID()}` });

    it('keeps an answer for a look-up, and misses an unknown key', async () => {
      const store = await make(Date.now);
      const { key, petition } = fresh();
      const { value: none, generation } = await store.lookup(key);
      expect(none).toBeUndefined();
      expect(await store.put(key, 'answer', 30, [petition, 'list:Petition'], generation)).toBe(true);
      expect((await store.lookup(key)).value).toBe('answer');
      await store.delete(key);
      expect((await store.lookup(key)).value).toBeUndefined();
    });

    it('drops every answer carrying an invalidated tag, and only those', async () => {
      const store = await make(Date.now);
      const [a, b, c] = [fresh(), fresh(), fresh()];
      const since = (await store.lookup(a.key)).generation;
      await store.put(a.key, 'a', 30, [a.petition, b.other], since);
      await store.put(b.key, 'b', 30, [b.petition, b.other], since);
      await store.put(c.key, 'c', 30, [c.petition], since);
      await store.invalidate([b.other]);
      expect((await store.lookup(a.key)).value).toBeUndefined();
      expect((await store.lookup(b.key)).value).toBeUndefined();
      expect((await store.lookup(c.key)).value).toBe('c');
    });

    it('refuses the answer of a read that began before an invalidation of one of its tags, and takes the next read\u02bcs', async () => {
      const store = await make(Date.now);
      const { key, petition, other } = fresh();
      // The read looks up (a miss) and goes to the subgraphs: it may see the state before the write.
      const early = (await store.lookup(key)).generation;
      // The write commits and invalidates before its answer returns.
      await store.invalidate([petition]);
      expect(await store.put(key, 'before the write', 30, [petition, 'list:Petition'], early)).toBe(false);
      expect((await store.lookup(key)).value).toBeUndefined();
      // A read that began after the write stores its answer, and an invalidation of an unrelated tag stops no one.
      const late = (await store.lookup(key)).generation;
      await store.invalidate([other]);
      expect(await store.put(key, 'after the write', 30, [petition, 'list:Petition'], late)).toBe(true);
      expect((await store.lookup(key)).value).toBe('after the write');
      // Stored anew, it is indexed anew.
      await store.invalidate([petition]);
      expect((await store.lookup(key)).value).toBeUndefined();
    });

    it('counts generations forward: a look-up after an invalidation is later than one before it', async () => {
      const store = await make(Date.now);
      const before = await store.generation();
      await store.invalidate([fresh().petition]);
      expect((await store.lookup(fresh().key)).generation).toBeGreaterThan(before);
    });

    it.skipIf(!options.controlsTime)('forgets an answer after its time to live', async () => {
      let now = 1_000_000;
      const store = await make(() => now);
      const { key, petition } = fresh();
      await store.put(key, 'answer', 30, [petition], (await store.lookup(key)).generation);
      now += 29_999;
      expect((await store.lookup(key)).value).toBe('answer');
      now += 1;
      expect((await store.lookup(key)).value).toBeUndefined();
    });
  });
}
