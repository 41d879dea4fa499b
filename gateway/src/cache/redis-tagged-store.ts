import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Redis } from './redis.js';
import type { TaggedStore } from './tagged-store.js';
import type { Tag } from './tags.js';

/**
 * One key space for every replica. The braces are a Redis Cluster hash tag: every key of
 * the response cache lives in one slot, so the scripts below may touch all of them.
 */
const PREFIX = 'participation-graph:{response-cache}:';
const GENERATION = `${PREFIX}generation`;
const entryKey = (key: string) => `${PREFIX}entry:${key}`;
// Tags are hashed: ids in arguments may be a person's, and Redis need not hold them.
const tagHash = (tag: Tag) => createHash('sha256').update(tag).digest('base64url').slice(0, 27);
const membersKey = (tag: Tag) => `${PREFIX}tag:${tagHash(tag)}`;
const invalidatedKey = (tag: Tag) => `${PREFIX}invalidated:${tagHash(tag)}`;

/**
 * How long a tag's last invalidation is remembered: far longer than any read takes (see
 * MAX_READ_MS in freshness.ts, which refuses to store older reads' answers).
 */
const REMEMBER_INVALIDATION_MS = 10 * 60_000;

/**
 * Stores an answer unless a tag was invalidated after the read began, and indexes it
 * under its tags: one script, so no invalidation can fall between the check and the write.
 * A tag's set lives as long as its longest-lived answer; on a large set, two members are
 * sampled and dropped if their answers expired, so sets of tags that are never
 * invalidated stay near the size of what they index.
 * KEYS: entry, n tag sets, n invalidation records. ARGV: value, ttl ms, since, n.
 */
const PUT = `
local n = tonumber(ARGV[4])
local since = tonumber(ARGV[3])
for i = 1, n do
  local last = redis.call('GET', KEYS[n + 1 + i])
  if last and tonumber(last) > since then return 0 end
end
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
for i = 1, n do
  local tag = KEYS[1 + i]
  redis.call('SADD', tag, KEYS[1])
  if redis.call('PTTL', tag) < ttl then redis.call('PEXPIRE', tag, ttl) end
  if redis.call('SCARD', tag) > 64 then
    for _, member in ipairs(redis.call('SRANDMEMBER', tag, 2)) do
      if redis.call('EXISTS', member) == 0 then redis.call('SREM', tag, member) end
    end
  end
end
return 1
`;

/**
 * A new generation; every answer stored under one of the tags deleted, and the tag's
 * invalidation recorded at that generation.
 * KEYS: generation, n tag sets, n invalidation records. ARGV: n, ms to remember.
 */
const INVALIDATE = `
local n = tonumber(ARGV[1])
local generation = redis.call('INCR', KEYS[1])
for i = 1, n do
  local entries = redis.call('SMEMBERS', KEYS[1 + i])
  for j = 1, #entries, 500 do
    redis.call('UNLINK', unpack(entries, j, math.min(j + 499, #entries)))
  end
  redis.call('DEL', KEYS[1 + i])
  redis.call('SET', KEYS[n + 1 + i], generation, 'PX', ARGV[2])
end
return generation
`;

/** Tags whose invalidation failed, kept to send again: beyond this many, the oldest are dropped (and logged). */
const MAX_UNSENT_TAGS = 10_000;

/**
 * The response cache in Redis, shared by every replica: entries, tag sets and
 * invalidation records, changed only by the two scripts above. While Redis is away,
 * look-ups miss and nothing is stored; invalidations that failed are sent again once it
 * is back (or with the next one), before its older answers could be read again.
 */
export class RedisTaggedStore implements TaggedStore {
  private readonly shas = new Map<string, string>();
  private unsent = new Set<Tag>();

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {
    // Scripts loaded before the first answer is stored: a first EVALSHA refused (NOSCRIPT)
    // and sent again would let a reader on another replica come before the answer.
    const ready = () => {
      void Promise.all([PUT, INVALIDATE].map((script) => this.redis.scriptLoad(script))).catch(() => undefined);
      if (this.unsent.size) void this.invalidate([]).catch(() => undefined);
    };
    redis.on('ready', ready);
    if (redis.isReady) ready();
  }

  async lookup(key: string): Promise<{ value: string | undefined; generation: number }> {
    const [value, generation] = await this.redis.mGet([entryKey(key), GENERATION]);
    return { value: value ?? undefined, generation: Number(generation ?? 0) };
  }

  async generation(): Promise<number> {
    return Number((await this.redis.get(GENERATION)) ?? 0);
  }

  async put(key: string, value: string, ttlSeconds: number, tags: readonly Tag[], since: number): Promise<boolean> {
    if (ttlSeconds <= 0) return false;
    const keys = [entryKey(key), ...tags.map(membersKey), ...tags.map(invalidatedKey)];
    const stored = await this.run(PUT, keys, [value, String(Math.ceil(ttlSeconds * 1000)), String(since), String(tags.length)]);
    return stored === 1;
  }

  async invalidate(tags: readonly Tag[]): Promise<void> {
    const all = [...new Set([...this.unsent, ...tags])];
    if (!all.length) return;
    this.unsent = new Set();
    try {
      await this.run(INVALIDATE, [GENERATION, ...all.map(membersKey), ...all.map(invalidatedKey)], [String(all.length), String(REMEMBER_INVALIDATION_MS)]);
    } catch (error) {
      for (const tag of all) this.unsent.add(tag);
      if (this.unsent.size > MAX_UNSENT_TAGS) {
        this.log.error({ dropped: this.unsent.size - MAX_UNSENT_TAGS }, 'response cache: too many invalidations waiting for redis; the oldest are dropped');
        this.unsent = new Set([...this.unsent].slice(-MAX_UNSENT_TAGS));
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(entryKey(key));
  }

  /** EVALSHA, loading the script once per connection that has not seen it. */
  private async run(script: string, keys: string[], args: string[]): Promise<unknown> {
    let sha = this.shas.get(script);
    if (!sha) this.shas.set(script, (sha = createHash('sha1').update(script).digest('hex')));
    try {
      return await this.redis.evalSha(sha, { keys, arguments: args });
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(script, { keys, arguments: args });
    }
  }
}
