import type { SubgraphConfig } from './config.js';
import type { SubgraphName } from '../../lib/subgraphs.js';
import { ClientError } from '../../lib/errors.js';
import { message } from '../../lib/messages/index.js';
import { GATEWAY_TOKEN_HEADER, gatewaySecret, signGatewayRequest } from '../../lib/gateway-token.js';

/** A question one subgraph asks another, signed like the gateway's requests (the peer trusts nothing else). */
export type PeerQuery = <T>(peer: SubgraphName, query: string, variables?: Record<string, unknown>) => Promise<T>;

const TIMEOUT_MS = 5_000;

/** A peer that cannot answer: the write that needed it is refused, naming the service, and nothing is stored. */
export class PeerUnavailableError extends ClientError {
  constructor(peer: SubgraphName) {
    super(message('service.peerUnavailable', { service: peer }), 'SERVICE_UNAVAILABLE', { service: peer });
  }
}

/**
 * Asks a peer subgraph, anonymously, for public data only. Peer URLs are read from the
 * configuration at call time (tests learn them only once every subgraph listens).
 */
export function createPeerQuery(config: Pick<SubgraphConfig, 'peers' | 'gatewaySecret'>): PeerQuery {
  const secret = gatewaySecret(config.gatewaySecret);
  return async <T>(peer: SubgraphName, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const body = JSON.stringify({ query, variables });
    let result: { data?: T; errors?: unknown[] };
    try {
      const response = await fetch(config.peers[peer], {
        method: 'POST',
        headers: { 'content-type': 'application/json', [GATEWAY_TOKEN_HEADER]: signGatewayRequest(secret, peer, null, body) },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      result = (await response.json()) as typeof result;
    } catch {
      throw new PeerUnavailableError(peer);
    }
    if (!result.data || result.errors?.length) throw new PeerUnavailableError(peer);
    return result.data;
  };
}
