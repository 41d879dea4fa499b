import cluster from 'node:cluster';
import type { GraphQLError } from 'graphql';
import { ClientError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { RateLimiterCluster, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Viewer } from '../../../lib/identity.js';
import type { Redis } from '../cache/redis.js';
import type { RateLimitConfig } from '../config.js';
import type { GatewayContext } from '../context.js';

export const RATE_LIMITED = 'RATE_LIMITED';
const KEY_PREFIX = 'participation-graph:rate';

/**
 * What an admitted request goes on spending from its client's allowance, as its work
 * becomes known: the point of admission is spent before anything else is done.
 */
export interface Allowance {
  /** Spends one point per full `RATE_LIMIT_COST_PER_POINT` of the operation's cost; 429 once the allowance is spent. */
  spendCost(cost: number): Promise<void>;
  /**
   * Charges a document that was refused or failed to parse or validate, one point per
   * started `RATE_LIMIT_REFUSED_BYTES_PER_POINT` of it (parsing and counting grow with its
   * size). Never refuses: the answer is the refusal already, and the next request pays.
   */
  chargeRefused(document: string | undefined): Promise<void>;
}

const UNLIMITED: Allowance = { spendCost: async () => {}, chargeRefused: async () => {} };

/** Clients remembered as refused, per process, before the memory starts over. */
const REFUSED_CLIENTS = 10_000;

function rateLimited(msBeforeNext: number): GraphQLError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ClientError(message('rate.limited', { seconds: retryAfterSeconds }), RATE_LIMITED, {
    retryAfterSeconds,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
  });
}

/**
 * rate-limiter-flexible, per client per window, in points spent by the work a request
 * costs (README, "Rate limits"): through Redis when configured (every replica counts
 * together; memory takes over while Redis is away), else through the cluster primary when
 * there are several workers, else in this process.
 */
export function createRateLimiter(config: RateLimitConfig, redis: Redis | undefined) {
  if (!config.enabled) return Object.assign(async (_viewer: Viewer | null, _ip: string): Promise<Allowance> => UNLIMITED, { refusedAnonymous: (_ip: string) => undefined });
  const options = { keyPrefix: KEY_PREFIX, points: config.points, duration: config.windowSeconds };
  const memory = new RateLimiterMemory(options);
  const limiter: RateLimiterAbstract = redis
    ? new RateLimiterRedis({ ...options, storeClient: redis, useRedisPackage: true, rejectIfRedisNotReady: true, insuranceLimiter: memory })
    : cluster.isWorker
      ? new RateLimiterCluster({ ...options, timeoutMs: 1000 })
      : memory;

  // A store that does not answer (the cluster primary past its timeout, while this worker's
  // loop was busy) is not the client's fault: this process's own count takes over, as it
  // does for Redis, rather than the request failing.
  const consume = async (client: string, points: number) => {
    try {
      return await limiter.consume(client, points);
    } catch (error) {
      if (error instanceof RateLimiterRes || limiter === memory) throw error;
      return memory.consume(client, points);
    }
  };

  // A client over its allowance stays over until its window ends (points are only ever
  // spent), so this process refuses it until then without asking the store again: a flood
  // of refused requests costs no round trip to Redis or the cluster primary each.
  let refusedUntil = new Map<string, number>();
  const spend = async (client: string, points: number): Promise<void> => {
    const until = refusedUntil.get(client);
    if (until !== undefined) {
      const msBeforeNext = until - Date.now();
      if (msBeforeNext > 0) throw rateLimited(msBeforeNext);
      refusedUntil.delete(client);
    }
    try {
      await consume(client, points);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      if (refusedUntil.size >= REFUSED_CLIENTS) refusedUntil = new Map();
      refusedUntil.set(client, Date.now() + rejection.msBeforeNext);
      throw rateLimited(rejection.msBeforeNext);
    }
  };

  /**
   * Admits a request of the caller (the token's subject, else the IP) for one point, or
   * refuses it with 429 before anything is parsed; returns what it spends from then on.
   */
  const admit = async function admit(viewer: Viewer | null, ip: string): Promise<Allowance> {
    const client = viewer ? `sub:${viewer.id}` : `ip:${ip}`;
    await spend(client, 1);
    return {
      async spendCost(cost) {
        const points = Math.floor(cost / config.costPerPoint);
        if (points > 0) await spend(client, points);
      },
      async chargeRefused(document) {
        const points = Math.ceil(Buffer.byteLength(document ?? '') / config.refusedBytesPerPoint);
        // A charge that cannot be recorded (storage away) is not worth failing the answer for.
        if (points > 0) await limiter.penalty(client, points).catch(() => undefined);
      },
    };
  };
  /** The refusal for an anonymous caller this process has refused for the rest of its window, if any. */
  const refusedAnonymous = (ip: string): GraphQLError | undefined => {
    const msBeforeNext = (refusedUntil.get(`ip:${ip}`) ?? 0) - Date.now();
    return msBeforeNext > 0 ? rateLimited(msBeforeNext) : undefined;
  };
  return Object.assign(admit, { refusedAnonymous });
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/**
 * Answers 429 at once, before its body is read or GraphQL is involved, to a request of an
 * anonymous caller already refused for the rest of its window: a flood of them costs a
 * lookup each. (Signed-in callers are counted by subject, known once their token is
 * verified, so they go the ordinary way.) The answer is the one the context would give.
 */
export function registerEarlyRefusals(app: FastifyInstance, path: string, limiter: RateLimiter, onRefused: () => void): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization !== undefined || request.routeOptions.url !== path) return;
    const refusal = limiter.refusedAnonymous(request.ip);
    if (!refusal) return;
    onRefused();
    const { message, extensions } = refusal;
    const { http: _http, ...publicExtensions } = extensions;
    return reply
      .code(429)
      .header('retry-after', String(extensions.retryAfterSeconds))
      .type('application/json; charset=utf-8')
      .send(JSON.stringify({ errors: [{ message, extensions: publicExtensions }] }));
  });
}

/** Errors of a document Apollo could not parse or validate (limits, cost included). */
const REFUSED_DOCUMENT_CODES = new Set<unknown>(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']);

/**
 * Documents refused inside Apollo Server (full validation, the cost limit) are charged by
 * size like those the document gate refuses before it: a client sending invalid
 * documents pays for the parsing and validation it causes.
 */
export function refusedDocumentsPlugin(): ApolloServerPlugin<GatewayContext> {
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didEncounterErrors({ errors, source, contextValue }) {
      if (errors.some((error) => REFUSED_DOCUMENT_CODES.has(error.extensions?.code))) await contextValue.allowance?.chargeRefused(source);
    },
  };
  return { requestDidStart: async () => listener };
}
