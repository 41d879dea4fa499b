import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { formatRoleClaims, parseRoleClaims, type Viewer } from './identity.js';

/**
 * How the gateway vouches for a request to a subgraph: a short-lived JWT (HS256, secret
 * shared by the gateway and the subgraphs only) that names the subgraph it is for, carries
 * the caller's verified identity (or none, for anonymous callers) and the SHA-256 of the
 * exact request body. A subgraph refuses any request without a valid one, so reaching a
 * subgraph directly gets nothing, and a token taken from one request cannot carry another
 * query, another identity or another subgraph's request.
 */
export const GATEWAY_TOKEN_HEADER = 'x-gateway-token';

const ISSUER = 'participation-gateway';
/** Long enough for a slow request in flight; short enough that a leaked token is soon worthless. */
const LIFETIME_SECONDS = 60;

export type GatewaySecret = KeyObject;

export function gatewaySecret(secret: string): GatewaySecret {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

function bodyHash(body: string): string {
  return createHash('sha256').update(body).digest('base64url');
}

export function signGatewayRequest(secret: GatewaySecret, subgraph: string, viewer: Viewer | null, body: string): Promise<string> {
  const claims: Record<string, unknown> = { bh: bodyHash(body) };
  if (viewer) claims.roles = formatRoleClaims(viewer.grants);
  const token = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(subgraph)
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`);
  if (viewer) token.setSubject(viewer.id);
  return token.sign(secret);
}

/** Why a subgraph refused a request: no token, or one that does not verify. */
export class GatewayTokenError extends Error {}

/** The caller the gateway vouched for (null: anonymous); throws `GatewayTokenError` when it did not vouch. */
export async function verifyGatewayRequest(
  secret: GatewaySecret,
  subgraph: string,
  token: string | undefined,
  body: string | undefined,
): Promise<Viewer | null> {
  if (!token) throw new GatewayTokenError('missing gateway token');
  if (body === undefined) throw new GatewayTokenError('no request body');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, secret, {
      issuer: ISSUER,
      audience: subgraph,
      algorithms: ['HS256'],
      maxTokenAge: LIFETIME_SECONDS + 5,
      clockTolerance: 5,
    }));
  } catch (error) {
    throw new GatewayTokenError(`invalid gateway token (${(error as { code?: string }).code ?? 'unverifiable'})`);
  }
  if (payload.bh !== bodyHash(body)) throw new GatewayTokenError('gateway token is for another request');
  return typeof payload.sub === 'string' && payload.sub ? { id: payload.sub, grants: parseRoleClaims(payload.roles) } : null;
}
