import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApolloServerPlugin, BaseContext, GraphQLRequest, GraphQLRequestContext } from '@apollo/server';
import type { GatewayGraphQLRequestContext, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import type { DomainEvent } from '../../../lib/events.js';
import { joinClusterInvalidation } from './cluster-relay.js';
import type { Redis } from './redis.js';
import { RedisTaggedStore } from './redis-tagged-store.js';
import { MemoryTaggedStore, type TaggedStore } from './tagged-store.js';
import { entityTags, namedEvents, operationTags, tagsForEvent, tagsForSilentWrite, type Tag } from './tags.js';

/**
 * The oldest a read may be and still store its answer: far less than the time an
 * invalidation is remembered (10 minutes), far more than any subgraph timeout.
 */
const MAX_READ_MS = 60_000;
/** An answer depending on more than this many tags is not stored (a miss is never stale; a page of 100 has a few hundred). */
const MAX_TAGS = 2000;

/** One request's dealings with the response cache. */
interface CachedRead {
  /** performance.now() when the request began (only to bound its age). */
  startedAt: number;
  /** The store's generation when the request looked its answer up: the logical time it began reading. */
  generation?: number;
  /** The request, once it answers: what its answer's tags come from. */
  answered?: GraphQLRequestContext<BaseContext>;
}

/**
 * Fresh caches: every answer in the response cache is stored with tags naming what it
 * shows (tags.ts); writes and domain events invalidate those tags before anyone can read
 * again, and a read that began before an invalidation cannot store its answer after it.
 * So any read that starts after a write has returned shows that write, for every reader:
 * - a write through this gateway invalidates (Redis, shared by every replica; or this
 *   process's memory and, through the cluster primary, every sibling worker's) before its
 *   answer is returned (`afterWrite`, called by the subgraph data source);
 * - a write elsewhere (another replica with a memory cache, the importer) invalidates
 *   here as soon as its domain event reaches the live hub (`invalidateForEvent`): for
 *   those, "after the write" means after its event arrived.
 */
export class CacheFreshness {
  private readonly reads = new AsyncLocalStorage<CachedRead>();
  private readonly byRequest = new WeakMap<GraphQLRequest, CachedRead>();

  constructor(
    readonly store: TaggedStore,
    private readonly log: Logger,
    /** Tells sibling workers (memory stores in a cluster); resolves once they applied it. */
    private readonly relay?: (tags: Tag[]) => Promise<void>,
  ) {}

  /**
   * The cache given to Apollo's response cache plugin: its look-ups note the reading
   * request's generation, its writes store the answer with its tags unless an
   * invalidation came between. Which request is reading or writing, `track` says.
   * Errors are misses (Redis away): the gateway keeps answering.
   */
  readonly responseCache: KeyValueCache<string> = {
    get: async (key: string) => {
      const read = this.reads.getStore();
      try {
        const { value, generation } = await this.store.lookup(key);
        if (read) read.generation ??= generation;
        return value;
      } catch {
        return undefined;
      }
    },
    set: async (key: string, value: string, options?: KeyValueCacheSetOptions) => {
      const read = this.reads.getStore();
      const answered = read?.answered;
      if (read?.generation === undefined || !answered?.document || !options?.ttl) return;
      const body = answered.response.body;
      if (performance.now() - read.startedAt > MAX_READ_MS || body?.kind !== 'single') return;
      const tags = operationTags(answered.schema, answered.document, answered.operationName, answered.request.variables);
      entityTags(body.singleResult.data, tags);
      if (tags.size > MAX_TAGS) return;
      await this.store.put(key, value, options.ttl, [...tags], read.generation).catch(() => false);
    },
    delete: async (key: string) => {
      await this.store.delete(key).catch(() => undefined);
    },
  };

  /**
   * Wraps Apollo's response cache plugin so that its cache calls run in the scope of the
   * request they serve (the plugin calls `get` from `responseForOperation` and `set` from
   * `willSendResponse`; AsyncLocalStorage carries the request into them).
   */
  track<TContext extends BaseContext>(plugin: ApolloServerPlugin<TContext>): ApolloServerPlugin<TContext> {
    const { reads, byRequest } = this;
    return {
      ...plugin,
      async requestDidStart(requestContext) {
        const listener = await plugin.requestDidStart?.(requestContext);
        if (!listener) return;
        const read: CachedRead = { startedAt: performance.now() };
        byRequest.set(requestContext.request, read);
        const { responseForOperation, willSendResponse } = listener;
        return {
          ...listener,
          ...(responseForOperation && { responseForOperation: (context) => reads.run(read, () => responseForOperation(context)) }),
          ...(willSendResponse && {
            willSendResponse: (context) => {
              read.answered = context as GraphQLRequestContext<BaseContext>;
              return reads.run(read, () => willSendResponse(context));
            },
          }),
        };
      },
    };
  }

  /**
   * The generation a query began reading at (undefined when the store cannot say):
   * in-flight deduplication lets a query share only the answer of one that began at the
   * same generation, so none gets an answer begun before a write it came after.
   */
  async generationOf(request: GraphQLRequest): Promise<number | undefined> {
    const read = this.byRequest.get(request);
    if (read?.generation !== undefined) return read.generation;
    const generation = await this.store.generation().catch(() => undefined);
    if (read) read.generation ??= generation;
    return generation;
  }

  /**
   * After a subgraph answered a write, before the answer goes on: the tags of the events
   * it names (`extensions.events`), or, naming none, of everything a write to that
   * subgraph may change; the entities in its data; the ids the mutation was given.
   */
  readonly afterWrite = async (subgraph: string, response: GatewayGraphQLResponse, incoming?: GatewayGraphQLRequestContext<BaseContext>): Promise<void> => {
    const events = namedEvents(response.extensions);
    // A write refused outright (every root field null: an error) changed nothing.
    const wrote = events.length > 0 || Object.values(response.data ?? {}).some((value) => value !== null && value !== undefined);
    if (!wrote) return;
    const tags = new Set(events.length ? events.flatMap(tagsForEvent) : tagsForSilentWrite(subgraph));
    entityTags(response.data, tags);
    if (incoming?.document && incoming.schema) {
      for (const tag of operationTags(incoming.schema, incoming.document, incoming.operationName, incoming.request.variables)) {
        if (tag.startsWith('id:')) tags.add(tag);
      }
    }
    await this.invalidate([...tags], true);
  };

  /**
   * For the live hub, for every domain event: the write may not have passed through this
   * process (another replica with a memory cache, the importer). Every worker receives
   * every event itself, so nothing is relayed.
   */
  readonly invalidateForEvent = async (event: DomainEvent): Promise<void> => {
    await this.invalidate(tagsForEvent(event), false);
  };

  /** Deletes the answers stored with any of `tags`; `relay`: tell sibling workers too. Never throws: the write has happened. */
  async invalidate(tags: Tag[], relay = true): Promise<void> {
    if (!tags.length) return;
    const results = await Promise.allSettled([this.store.invalidate(tags), relay ? this.relay?.(tags) : undefined]);
    if (results.some((r) => r.status === 'rejected')) {
      // The tags are not logged: an argument's id may be a person's.
      this.log.warn({ tags: tags.length }, 'response cache: invalidation failed (redis retries once it is back)');
    }
  }
}

/** The response cache's store (Redis when configured, else this process's memory) and its freshness. */
export function createCacheFreshness(redis: Redis | undefined, memoryBytes: number, log: Logger): CacheFreshness {
  if (redis) return new CacheFreshness(new RedisTaggedStore(redis, log), log);
  const store = new MemoryTaggedStore(memoryBytes);
  return new CacheFreshness(store, log, joinClusterInvalidation((tags) => store.invalidate(tags)));
}
