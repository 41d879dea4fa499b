import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { readOrCreateFile } from '../../../lib/secrets.js';
import { formatRoleClaims, type RoleGrant } from '../../../lib/identity.js';

/**
 * Development sign-in without an identity provider: an ES256 key pair generated into the
 * data directory on first use. The local gateway trusts its public half; `npm run token`
 * signs with its private half. Never used in production (the gateway refuses to start
 * there without a JWKS URL).
 */
export const DEV_ISSUER = 'participation-graph-dev';
export const DEV_AUDIENCE = 'participation-graph';
const ALG = 'ES256';

export function devKeyPath(dataDir: string): string {
  return join(dataDir, 'dev-jwt-key.json');
}

/** Creates the key file when missing and returns the private JWK. */
export async function ensureDevSigningKey(dataDir: string): Promise<JWK> {
  const path = devKeyPath(dataDir);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as JWK;
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: ALG, use: 'sig', kid: 'dev' };
  // Processes starting together may both get here: the atomic write keeps one key for all.
  const stored = readOrCreateFile(path, () => JSON.stringify(jwk));
  return JSON.parse(stored) as JWK;
}

/** The public half, as the gateway's key set. */
export function publicJwk(privateJwk: JWK): JWK {
  const { d: _private, ...publicPart } = privateJwk;
  return publicPart;
}

export interface DevTokenClaims {
  sub: string;
  grants: RoleGrant[];
  /** Lifetime, e.g. `8h`. */
  expiresIn?: string;
}

export async function signDevToken(privateJwk: JWK, claims: DevTokenClaims): Promise<string> {
  const key = await importJWK(privateJwk, ALG);
  return new SignJWT({ roles: formatRoleClaims(claims.grants) })
    .setProtectedHeader({ alg: ALG, kid: privateJwk.kid ?? 'dev', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '8h')
    .sign(key);
}
