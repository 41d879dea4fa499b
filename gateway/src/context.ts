import type { DomainEvent } from '../../lib/events.js';
import type { Locale } from '../../lib/locale.js';
import type { Viewer } from '../../lib/identity.js';
import type { Allowance } from './plugins/rate-limit.js';

/** What the gateway keeps per request: what it must pass on to the subgraphs. */
export interface GatewayContext {
  /** The language the caller prefers among ours, forwarded so subgraphs answer in it (and part of the response-cache key). */
  locale: Locale;
  /** The caller whose token the gateway verified; null when anonymous. Passed on signed. */
  viewer: Viewer | null;
  /** The request's id (the load balancer's `x-request-id`, else Fastify's), in logs here and in the subgraphs. */
  requestId: string;
  /** What the request goes on spending from its caller's rate limit (absent for the gateway's own operations). */
  allowance?: Allowance;
  /** A subscription executed for a domain event: the event its primary fetch carries to the subgraph (gateway/src/live). */
  liveEvent?: DomainEvent;
}
