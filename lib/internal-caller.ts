import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/**
 * Who asks for the operational endpoints (`/metrics` of the gateway and of every subgraph,
 * the gateway's detailed `/ready`):
 * - `internal`: Prometheus or an operator, with `Authorization: Bearer <INTERNAL_TOKEN>`
 *   (Prometheus sends it from a scrape job's `authorization` setting); in development
 *   without a token, everyone.
 * - `public`: no credentials. They learn only what a load balancer needs (ready or not).
 * - `refused`: credentials that are not the token.
 */
export type CallerKind = 'internal' | 'public' | 'refused';

/** What decides it: production or not (absent: development), and the token if one is set. */
export interface InternalAccess {
  production?: boolean;
  internalToken?: string;
}

/**
 * `INTERNAL_TOKEN` as every service's configuration reads it (zod, at the edge): at least
 * 32 characters; empty (as docker-compose passes an unset `${INTERNAL_TOKEN:-}`) means unset.
 */
export const internalTokenSchema = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().min(32, 'INTERNAL_TOKEN must have at least 32 characters').optional(),
);

export function internalCallers(config: InternalAccess): (request: FastifyRequest) => CallerKind {
  const token = config.internalToken;
  if (!token) return () => (config.production ? 'public' : 'internal');
  const expected = digest(token);
  return (request) => {
    const authorization = request.headers.authorization;
    if (!authorization) return 'public';
    const match = /^Bearer (\S+)$/.exec(authorization.trim());
    // Digests of equal length, compared in constant time: the answer's timing tells nothing of the token.
    return match && timingSafeEqual(digest(match[1]!), expected) ? 'internal' : 'refused';
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * GET `path` for internal callers only: to the public in production it does not exist
 * (404, the same answer as a route that does not exist), and credentials that are not the
 * token get 403. `answer` runs for internal callers.
 */
export function registerInternalRoute(
  app: FastifyInstance,
  path: string,
  callerKind: (request: FastifyRequest) => CallerKind,
  answer: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
): void {
  app.get(path, async (request, reply) => {
    const caller = callerKind(request);
    if (caller === 'public') {
      reply.callNotFound();
      return reply;
    }
    if (caller === 'refused') return reply.code(403).send({ error: 'Forbidden', statusCode: 403 });
    return answer(request, reply);
  });
}
