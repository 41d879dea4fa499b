import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ClientError, ErrorCode } from '../../../lib/errors.js';
import { message, type Message } from '../../../lib/messages/index.js';
import { isAcceptableSubject, MAX_SUBJECT_LENGTH, parseRoleClaims, type Viewer } from '../../../lib/identity.js';
import type { AuthConfig } from '../config.js';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevSigningKey, publicJwk } from './dev-key.js';

/** Verifies the caller's `Authorization` header: the viewer, null when there is none, or UNAUTHENTICATED. */
export type TokenVerifier = (authorization: string | undefined) => Promise<Viewer | null>;

/** Asymmetric algorithms only: an HMAC or `none` token can never pass as the identity provider's. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Builds the verifier: against the identity provider's JWKS (fetched and cached by jose,
 * refetched when a token names an unknown key) when configured, else against the local
 * development key. Issuer, audience, expiry and not-before are checked, with bounded skew,
 * and so is the lifetime: a token must say when it was issued (`iat`), not in the future,
 * and may neither be valid for longer than the configured maximum nor be used after it, so
 * a token that leaks stops working within that time whatever its `exp` says.
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
    if (!match) throw unauthenticated('MALFORMED', message('token.malformedHeader'));
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1]!, keys, {
        issuer,
        audience,
        algorithms: ALGORITHMS,
        clockTolerance: config.clockToleranceSeconds,
        // Makes `iat` required and refuses it in the future (beyond the tolerance) or older than this.
        maxTokenAge: config.maxLifetimeSeconds,
        requiredClaims: ['exp', 'sub', 'iat'],
      }));
    } catch (error) {
      throw tokenError(error, onUnavailable);
    }
    // Validity is what the issuer granted (exp − iat): clock skew does not lengthen it.
    if (payload.exp! - payload.iat! > config.maxLifetimeSeconds) {
      throw unauthenticated('LIFETIME_TOO_LONG', message('token.lifetimeTooLong', { max: config.maxLifetimeSeconds }));
    }
    // Subjects become stored ids (signatures, answers): what no column or log can hold is refused here.
    if (!isAcceptableSubject(payload.sub)) throw unauthenticated('MISSING_CLAIM', message('token.badSubject', { max: MAX_SUBJECT_LENGTH }));
    // Accepted until `exp` plus the tolerance (as jwtVerify checks it): a stream opened with it lasts as long (gateway/src/live).
    const expiresAt = (payload.exp! + config.clockToleranceSeconds) * 1000;
    return { id: payload.sub!, grants: parseRoleClaims(claimAt(payload, config.rolesClaim)), expiresAt };
  };
}

/** A claim by dotted path: `roles`, or `realm_access.roles` as Keycloak writes them. */
function claimAt(payload: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

function unauthenticated(reason: string, why: Message): ClientError {
  return new ClientError(why, ErrorCode.UNAUTHENTICATED, { reason, http: { status: 401 } });
}

/** A short, safe reason per failure; never the library's message (it may echo the token). */
function tokenError(error: unknown, onUnavailable: (error: unknown) => void): ClientError {
  if (error instanceof errors.JWTExpired) {
    // `iat` older than the maximum lifetime: expired by our rule rather than its own `exp`.
    return unauthenticated('EXPIRED', error.claim === 'iat' ? message('token.tooOld') : message('token.expired'));
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return unauthenticated('WRONG_AUDIENCE', message('token.wrongAudience'));
      case 'iss':
        return unauthenticated('WRONG_ISSUER', message('token.wrongIssuer'));
      case 'nbf':
      case 'iat':
        // Present and in the future; a missing or non-numeric `iat` falls to MISSING_CLAIM.
        if (error.reason === 'check_failed') return unauthenticated('NOT_YET_VALID', message('token.notYetValid'));
        return unauthenticated('MISSING_CLAIM', message('token.missingClaim', { claim: error.claim }));
      default:
        return unauthenticated('MISSING_CLAIM', message('token.missingClaim', { claim: error.claim }));
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return unauthenticated('BAD_SIGNATURE', message('token.badSignature'));
  if (error instanceof errors.JWKSNoMatchingKey) return unauthenticated('UNKNOWN_KEY', message('token.unknownKey'));
  if (error instanceof errors.JOSEAlgNotAllowed) return unauthenticated('ALGORITHM_NOT_ALLOWED', message('token.algorithm'));
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError)) {
    onUnavailable(error);
    return unauthenticated('KEYS_UNAVAILABLE', message('token.keysUnavailable'));
  }
  return unauthenticated('MALFORMED', message('token.malformed'));
}
