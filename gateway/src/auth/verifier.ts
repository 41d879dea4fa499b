import { GraphQLError } from 'graphql';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ErrorCode } from '../../../subgraphs/shared/errors.js';
import { parseRoleClaims, type Viewer } from '../../../subgraphs/shared/identity.js';
import type { AuthConfig } from '../config.js';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevSigningKey, publicJwk } from './dev-key.js';

/** Verifies the caller's `Authorization` header: the viewer, null when there is none, or UNAUTHENTICATED. */
export type TokenVerifier = (authorization: string | undefined) => Promise<Viewer | null>;

/** Asymmetric algorithms only: an HMAC or `none` token can never pass as the identity provider's. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Builds the verifier: against the identity provider's JWKS (fetched and cached by jose,
 * refetched when a token names an unknown key) when configured, else against the local
 * development key. Issuer, audience, expiry and not-before are checked, with bounded skew.
 */
export async function createTokenVerifier(config: AuthConfig, onUnavailable: (error: unknown) => void = () => {}): Promise<TokenVerifier> {
  let keys: JWTVerifyGetKey;
  let issuer: string;
  let audience: string;
  if (config.jwksUrl) {
    keys = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
    issuer = config.issuer!;
    audience = config.audience!;
  } else {
    keys = createLocalJWKSet({ keys: [publicJwk(await ensureDevSigningKey(config.dataDir))] });
    issuer = config.issuer ?? DEV_ISSUER;
    audience = config.audience ?? DEV_AUDIENCE;
  }
  return async (authorization) => {
    if (authorization === undefined || authorization === '') return null;
    const match = /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(authorization.trim());
    if (!match) throw unauthenticated('MALFORMED', 'Authorization must be "Bearer <token>"');
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1]!, keys, {
        issuer,
        audience,
        algorithms: ALGORITHMS,
        clockTolerance: config.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw tokenError(error, onUnavailable);
    }
    return { id: payload.sub!, grants: parseRoleClaims(claimAt(payload, config.rolesClaim)) };
  };
}

/** A claim by dotted path: `roles`, or `realm_access.roles` as Keycloak writes them. */
function claimAt(payload: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

function unauthenticated(reason: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, reason, http: { status: 401 } } });
}

/** A short, safe reason per failure; never the library's message (it may echo the token). */
function tokenError(error: unknown, onUnavailable: (error: unknown) => void): GraphQLError {
  if (error instanceof errors.JWTExpired) return unauthenticated('EXPIRED', 'The token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return unauthenticated('WRONG_AUDIENCE', 'The token is for another audience');
      case 'iss':
        return unauthenticated('WRONG_ISSUER', 'The token\u02bcs issuer is not trusted');
      case 'nbf':
      case 'iat':
        return unauthenticated('NOT_YET_VALID', 'The token is not valid yet');
      default:
        return unauthenticated('MISSING_CLAIM', `The token lacks a valid "${error.claim}" claim`);
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return unauthenticated('BAD_SIGNATURE', 'The token\u02bcs signature does not verify');
  if (error instanceof errors.JWKSNoMatchingKey) return unauthenticated('UNKNOWN_KEY', 'The token is signed by a key this graph does not trust');
  if (error instanceof errors.JOSEAlgNotAllowed) return unauthenticated('ALGORITHM_NOT_ALLOWED', 'The token\u02bcs signing algorithm is not accepted');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError)) {
    onUnavailable(error);
    return unauthenticated('KEYS_UNAVAILABLE', 'The token cannot be verified right now; try again shortly');
  }
  return unauthenticated('MALFORMED', 'The token is malformed');
}
