import type { Viewer } from '../../subgraphs/shared/identity.js';

/** What the gateway keeps per request: what it must pass on to the subgraphs. */
export interface GatewayContext {
  /** The caller's Accept-Language header, forwarded so subgraphs answer in that language. */
  acceptLanguage?: string;
  /** The caller whose token the gateway verified; null when anonymous. Passed on signed. */
  viewer: Viewer | null;
}
