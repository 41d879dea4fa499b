import { createHmac, hash, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { formatRoleClaims, isAcceptableSubject, parseRoleClaims, type Viewer } from './identity.js';

/**
 * How the gateway vouches for a request to a subgraph: a short-lived token, HMAC-SHA256
 * under a secret only the gateway and the subgraphs hold, that names the subgraph it is
 * for, carries the caller's verified identity (or none, for anonymous callers) and the
 * SHA-256 of the exact request body. A subgraph refuses any request without a valid one,
 * so reaching a subgraph directly gets nothing, and a token taken from one request cannot
 * carry another query, another identity or another subgraph's request.
 *
 * The format is `base64url(JSON claims).base64url(HMAC)`: a JWT's shape without its
 * header, since both ends are ours and there is one algorithm. node:crypto's HMAC costs a
 * few microseconds; a WebCrypto JWT library measured ~135 µs per sign or verify, paid on
 * every subgraph call.
 */
export const GATEWAY_TOKEN_HEADER = 'x-gateway-token';

/** Long enough for a slow request in flight; short enough that a leaked token is soon worthless. */
const LIFETIME_SECONDS = 60;
const CLOCK_SKEW_SECONDS = 5;

export type GatewaySecret = KeyObject;

export function gatewaySecret(secret: string): GatewaySecret {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

interface Claims {
  /** The subgraph the request is for. */
  aud: string;
  exp: number;
  /** SHA-256 of the body, base64url. */
  bh: string;
  sub?: string;
  roles?: string[];
}

// One-shot hashing: no Hash object per call (node:crypto `hash`, Node ≥ 20.12).
const sha256 = (text: string) => hash('sha256', text, 'base64url');
const hmac = (secret: GatewaySecret, text: string) => createHmac('sha256', secret).update(text).digest();

export function signGatewayRequest(secret: GatewaySecret, subgraph: string, viewer: Viewer | null, body: string, now = Date.now()): string {
  const claims: Claims = { aud: subgraph, exp: Math.floor(now / 1000) + LIFETIME_SECONDS, bh: sha256(body) };
  if (viewer) {
    claims.sub = viewer.id;
    claims.roles = formatRoleClaims(viewer.grants);
  }
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${hmac(secret, payload).toString('base64url')}`;
}

/** Why a subgraph refused a request: no token, or one that does not verify. */
export class GatewayTokenError extends Error {}

/** The caller the gateway vouched for (null: anonymous); throws `GatewayTokenError` when it did not vouch. */
export function verifyGatewayRequest(
  secret: GatewaySecret,
  subgraph: string,
  token: string | undefined,
  body: string | undefined,
  now = Date.now(),
): Viewer | null {
  if (!token) throw new GatewayTokenError('missing gateway token');
  if (body === undefined) throw new GatewayTokenError('no request body');
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length) throw new GatewayTokenError('malformed gateway token');
  const expected = hmac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new GatewayTokenError('gateway token signature invalid');
  // Signed by the gateway, so the JSON is ours; its claims still decide.
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
  if (claims.aud !== subgraph) throw new GatewayTokenError('gateway token is for another subgraph');
  if (!(claims.exp + CLOCK_SKEW_SECONDS > now / 1000)) throw new GatewayTokenError('gateway token expired');
  if (claims.exp - LIFETIME_SECONDS - CLOCK_SKEW_SECONDS > now / 1000) throw new GatewayTokenError('gateway token from the future');
  if (claims.bh !== sha256(body)) throw new GatewayTokenError('gateway token is for another request');
  // The gateway refuses such subjects already; a subgraph holds to the same rule on its own.
  if (claims.sub !== undefined && !isAcceptableSubject(claims.sub)) throw new GatewayTokenError('gateway token subject not acceptable');
  return claims.sub ? { id: claims.sub, grants: parseRoleClaims(claims.roles) } : null;
}
