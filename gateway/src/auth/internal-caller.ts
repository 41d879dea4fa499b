import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config.js';

/**
 * Who asks for the operational endpoints (`/metrics`, the detailed `/ready`):
 * - `internal`: Prometheus or an operator, with `Authorization: Bearer <INTERNAL_TOKEN>`
 *   (Prometheus sends it from a scrape job's `authorization` setting); in development
 *   without a token, everyone.
 * - `public`: no credentials. They learn only what a load balancer needs (ready or not).
 * - `refused`: credentials that are not the token.
 */
export type CallerKind = 'internal' | 'public' | 'refused';

export function internalCallers(config: Pick<GatewayConfig, 'production' | 'internalToken'>): (request: FastifyRequest) => CallerKind {
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
