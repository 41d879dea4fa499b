import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { ErrorsAreMissesCache, InMemoryLRUCache, PrefixingKeyValueCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import KeyvRedis, { Keyv } from '@keyv/redis';
import type { PersistedOperation } from '../persisted/manifest.js';
import type { Redis } from './redis.js';

/**
 * The cache replicas share: Redis when configured (through Apollo's Keyv adapter, errors
 * read as misses), else a size-bounded LRU in this process.
 */
export function createSharedCache(redis: Redis | undefined, memoryBytes: number): KeyValueCache<string> {
  if (!redis) return new InMemoryLRUCache<string>({ maxSize: memoryBytes });
  const keyv = new Keyv<string>({ store: new KeyvRedis(redis), namespace: 'participation-graph' });
  // The adapter is CommonJS and types Keyv from its CommonJS build: the same class at run time.
  return new ErrorsAreMissesCache(new KeyvAdapter(keyv as never));
}

/**
 * Where Apollo looks up persisted queries: the manifest first (the city's client
 * operations, always known to every replica), then documents registered as automatic
 * persisted queries.
 */
export class PersistedOperationCache implements KeyValueCache<string> {
  private readonly registered: KeyValueCache<string>;

  constructor(
    private readonly manifest: Map<string, PersistedOperation>,
    shared: KeyValueCache<string>,
  ) {
    this.registered = new PrefixingKeyValueCache(shared, 'apq:');
  }

  async get(id: string): Promise<string | undefined> {
    return this.manifest.get(id)?.body ?? (await this.registered.get(id));
  }

  async set(id: string, document: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (!this.manifest.has(id)) await this.registered.set(id, document, options);
  }

  async delete(id: string): Promise<boolean | void> {
    return this.registered.delete(id);
  }
}
