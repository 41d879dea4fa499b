import cluster from 'node:cluster';
import { GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import { RateLimiterCluster, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Viewer } from '../../../subgraphs/shared/identity.js';
import type { Redis } from '../cache/redis.js';
import type { RateLimitConfig } from '../config.js';

export const RATE_LIMITED = 'RATE_LIMITED';
const KEY_PREFIX = 'participation-graph:rate';

/**
 * rate-limiter-flexible, per client per window: through Redis when configured (every
 * replica counts together; memory takes over while Redis is away), else through the
 * cluster primary when there are several workers, else in this process.
 */
export function createRateLimiter(config: RateLimitConfig, redis: Redis | undefined) {
  if (!config.enabled) return async () => {};
  const options = { keyPrefix: KEY_PREFIX, points: config.points, duration: config.windowSeconds };
  const memory = new RateLimiterMemory(options);
  const limiter: RateLimiterAbstract = redis
    ? new RateLimiterRedis({ ...options, storeClient: redis, useRedisPackage: true, rejectIfRedisNotReady: true, insuranceLimiter: memory })
    : cluster.isWorker
      ? new RateLimiterCluster({ ...options, timeoutMs: 1000 })
      : memory;

  /** Spends one request of the caller's allowance (the token's subject, else the IP), or refuses with 429. */
  return async function consume(viewer: Viewer | null, ip: string): Promise<void> {
    const client = viewer ? `sub:${viewer.id}` : `ip:${ip}`;
    try {
      await limiter.consume(client);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new GraphQLError(`Too many requests; retry in ${retryAfterSeconds} s.`, {
        extensions: {
          code: RATE_LIMITED,
          retryAfterSeconds,
          http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
        },
      });
    }
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
