import { createClient, type RedisClientType } from '@keyv/redis';
import type { Logger } from 'pino';

export type Redis = RedisClientType;

/**
 * One Redis connection per gateway process, shared by the response cache, automatic
 * persisted queries and the rate limiter (node-redis, as @keyv/redis re-exports it). It
 * reconnects on its own; while Redis is away, caches miss and rate limits fall back to
 * memory, so the gateway keeps answering.
 */
export async function connectRedis(url: string, log: Logger): Promise<Redis> {
  const client = createClient({
    url,
    socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000), connectTimeout: 2000 },
    // While disconnected, commands fail at once (a cache miss, the memory rate limiter) instead of queueing behind a reconnect.
    commandsQueueMaxLength: 10_000,
    disableOfflineQueue: true,
  }) as Redis;
  let reported = false;
  client.on('error', (error: Error) => {
    if (!reported) log.warn({ err: error }, 'redis unavailable; caches miss and rate limits use memory until it returns');
    reported = true;
  });
  client.on('ready', () => {
    if (reported) log.info('redis reachable again');
    reported = false;
  });
  await client.connect().catch((error: unknown) => log.warn({ err: error }, 'redis not reachable at start'));
  return client;
}
