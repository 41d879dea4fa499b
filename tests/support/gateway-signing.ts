import { GATEWAY_TOKEN_HEADER, gatewaySecret, signGatewayRequest } from '../../lib/gateway-token.js';
import type { Viewer } from '../../lib/identity.js';

/** The secret the in-process test graph's gateway and subgraphs share. */
export const TEST_GATEWAY_SECRET = 'test-gateway-secret-of-at-least-32-characters';

/**
 * Posts a request to a subgraph as the gateway would: the body signed with the shared
 * secret for that subgraph, carrying `viewer` (tests that talk to a subgraph directly).
 */
export async function postAsGateway(
  url: string,
  subgraph: string,
  payload: unknown,
  options: { viewer?: Viewer | null; secret?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const body = JSON.stringify(payload);
  const token = signGatewayRequest(gatewaySecret(options.secret ?? TEST_GATEWAY_SECRET), subgraph, options.viewer ?? null, body);
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [GATEWAY_TOKEN_HEADER]: token, ...options.headers },
    body,
  });
}
