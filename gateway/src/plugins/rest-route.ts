import type { ApolloServer, GraphQLResponse } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormattedExecutionResult, GraphQLError } from 'graphql';
import { parseAcceptLanguage } from '../../../lib/locale.js';
import type { GatewayContext } from '../context.js';
import type { RateLimiter } from './rate-limit.js';

/**
 * What the gateway's REST routes (GeoJSON, open data) share: they are anonymous, pay the
 * caller's rate limit like a GraphQL request, run GraphQL operations through the gateway
 * (same validation, planning and subgraphs), and carry the operations' cache policy.
 */

/** Apollo's cache-control header: `max-age=N, public|private`, else `no-store`. */
const CACHEABLE = /^max-age=(\d+), (public|private)$/;

export interface CachePolicy {
  maxAge: number;
  scope: 'public' | 'private';
}

/** The policy before any answer: restricted by each operation the route runs. */
export const UNRESTRICTED: CachePolicy = { maxAge: Number.POSITIVE_INFINITY, scope: 'public' };

/** `policy` restricted by one answer's header (Apollo's restrict: the lower max-age, private over public). */
export function restrict(policy: CachePolicy, header: string | undefined): CachePolicy {
  const match = CACHEABLE.exec(header ?? '');
  if (!match) return { maxAge: 0, scope: policy.scope };
  return { maxAge: Math.min(policy.maxAge, Number(match[1])), scope: match[2] === 'private' ? 'private' : policy.scope };
}

export const cacheControl = (policy: CachePolicy): string => (policy.maxAge > 0 && Number.isFinite(policy.maxAge) ? `max-age=${policy.maxAge}, ${policy.scope}` : 'no-store');

/**
 * Charges an anonymous route's request to the caller's address, as its GraphQL requests
 * are. False when the allowance is spent: a 429 with `Retry-After` has been sent.
 */
export async function chargeAnonymous(consumeRateLimit: RateLimiter, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  try {
    await consumeRateLimit(null, request.ip);
    return true;
  } catch (error) {
    const retryAfter = (error as GraphQLError).extensions?.retryAfterSeconds;
    if (retryAfter === undefined) throw error;
    reply.code(429).header('retry-after', String(retryAfter)).send({ error: (error as GraphQLError).message });
    return false;
  }
}

/** One anonymous operation's answer: its result (or null when there was none) and its Cache-Control header. */
export interface RouteAnswer {
  result: FormattedExecutionResult | null;
  cacheControl: string | undefined;
}

/** Runs an operation through the gateway as an anonymous caller, in the request's language. */
export async function executeAnonymously(
  apollo: ApolloServer<GatewayContext>,
  request: FastifyRequest,
  query: string,
  variables: Record<string, unknown>,
): Promise<RouteAnswer> {
  const locale = parseAcceptLanguage(request.headers['accept-language']);
  const response: GraphQLResponse = await apollo.executeOperation({ query, variables }, { contextValue: { viewer: null, locale, requestId: request.id } });
  return { result: response.body.kind === 'single' ? response.body.singleResult : null, cacheControl: response.http.headers.get('cache-control') };
}
