import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, devKeyPath, ensureDevSigningKey, publicJwk } from '../gateway/src/auth/dev-key.js';
import { fromRoot } from '../scripts/paths.js';
import { authChecker, requireRole } from '../subgraphs/shared/auth.js';
import type { RequestContext } from '../subgraphs/shared/context.js';
import { gatewaySecret, GatewayTokenError, signGatewayRequest, verifyGatewayRequest } from '../lib/gateway-token.js';
import { hasRole, parseRoleClaims, type Viewer } from '../lib/identity.js';
import { resolveGatewaySecret } from '../lib/secrets.js';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'identity-units-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return 'no error';
};

describe('role claims', () => {
  it('reads role and role:city, ignoring other applications\u02bc roles', () => {
    expect(parseRoleClaims(['resident', 'moderator:kyiv', 'official', 'offline_access', 'admin:kyiv', 'inspector:', 'a:b:c', 7])).toEqual([
      { role: 'resident' },
      { role: 'moderator', city: 'kyiv' },
      { role: 'official' },
    ]);
    expect(parseRoleClaims('registrar:vinnytsia inspector')).toEqual([{ role: 'registrar', city: 'vinnytsia' }, { role: 'inspector' }]);
    expect(parseRoleClaims(undefined)).toEqual([]);
  });

  it('scopes staff roles to their city; every signed-in caller is a resident', () => {
    const viewer: Viewer = { id: 'r', grants: parseRoleClaims(['moderator:kyiv', 'official']) };
    expect(hasRole(viewer, 'moderator', 'kyiv')).toBe(true);
    expect(hasRole(viewer, 'moderator', 'vinnytsia')).toBe(false);
    expect(hasRole(viewer, 'official', 'vinnytsia')).toBe(true);
    expect(hasRole(viewer, 'registrar')).toBe(false);
    expect(hasRole({ id: 'r', grants: [] }, 'resident')).toBe(true);
    expect(hasRole(null, 'resident')).toBe(false);
  });
});

describe('the auth checker behind @Authorized', () => {
  const ctx = (viewer: Viewer | null) => ({ context: { viewer } as RequestContext, root: {}, args: {}, info: {} as never });
  const moderator: Viewer = { id: 'm', grants: [{ role: 'moderator', city: 'kyiv' }] };
  const resident: Viewer = { id: 'r', grants: [] };

  it('needs a signed-in caller for writes: UNAUTHENTICATED otherwise', () => {
    expect(codeOf(() => authChecker(ctx(null), []))).toBe('UNAUTHENTICATED');
    expect(authChecker(ctx(resident), [])).toBe(true);
  });

  it('needs the staff role: FORBIDDEN for a resident', () => {
    expect(codeOf(() => authChecker(ctx(resident), ['moderator']))).toBe('FORBIDDEN');
    expect(authChecker(ctx(moderator), ['moderator'])).toBe(true);
  });

  it('needs the role in the city of the object acted on', () => {
    expect(requireRole({ viewer: moderator } as RequestContext, 'moderator', 'kyiv')).toBe(moderator);
    expect(codeOf(() => requireRole({ viewer: moderator } as RequestContext, 'moderator', 'vinnytsia'))).toBe('FORBIDDEN');
    expect(codeOf(() => requireRole({ viewer: null } as RequestContext, 'moderator', 'kyiv'))).toBe('UNAUTHENTICATED');
  });
});

describe('the gateway token', () => {
  const secret = gatewaySecret('s'.repeat(40));
  const viewer: Viewer = { id: 'resident-1', grants: [{ role: 'official', city: 'kyiv' }] };
  const body = JSON.stringify({ query: '{ me { id } }' });

  it('carries the caller and binds the body, the subgraph and the time', () => {
    const token = signGatewayRequest(secret, 'petitions', viewer, body);
    expect(verifyGatewayRequest(secret, 'petitions', token, body)).toEqual(viewer);
    expect(verifyGatewayRequest(secret, 'petitions', signGatewayRequest(secret, 'petitions', null, body), body)).toBeNull();
    const refused = (fn: () => unknown) => expect(fn).toThrow(GatewayTokenError);
    refused(() => verifyGatewayRequest(secret, 'petitions', token, `${body} `));
    refused(() => verifyGatewayRequest(secret, 'heritage', token, body));
    refused(() => verifyGatewayRequest(gatewaySecret('t'.repeat(40)), 'petitions', token, body));
    refused(() => verifyGatewayRequest(secret, 'petitions', undefined, body));
    refused(() => verifyGatewayRequest(secret, 'petitions', token, undefined));
    refused(() => verifyGatewayRequest(secret, 'petitions', `${token}x`, body));
    refused(() => verifyGatewayRequest(secret, 'petitions', 'a.b.c', body));
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'someone-else' })).toString('base64url');
    refused(() => verifyGatewayRequest(secret, 'petitions', `${forged}.${signature}`, body));
    // Valid for a minute (and a little skew), not before it was issued.
    const issued = Date.now();
    const old = signGatewayRequest(secret, 'petitions', viewer, body, issued);
    expect(verifyGatewayRequest(secret, 'petitions', old, body, issued + 60_000)).toEqual(viewer);
    refused(() => verifyGatewayRequest(secret, 'petitions', old, body, issued + 70_000));
    refused(() => verifyGatewayRequest(secret, 'petitions', old, body, issued - 10_000));
  });

  it('is generated once per data directory in development, and required in production', () => {
    const first = resolveGatewaySecret(undefined, scratch, false);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(resolveGatewaySecret(undefined, scratch, false)).toBe(first);
    expect(statSync(join(scratch, 'gateway-secret')).mode & 0o077).toBe(0);
    expect(resolveGatewaySecret('configured-secret', scratch, true)).toBe('configured-secret');
    expect(() => resolveGatewaySecret(undefined, scratch, true)).toThrow(/GATEWAY_SECRET/);
  });
});

describe('npm run token', () => {
  // The entry `npm run token` runs: no build needed.
  const script = fromRoot('scripts', 'token-entry.mjs');
  const env = { ...process.env, DATA_DIR: scratch };

  it('prints a token and nothing else, which verifies against the development key', async () => {
    const { stdout } = await run(process.execPath, [script, '--sub', 'demo-resident-kyiv-1', '--role', 'moderator', '--role', 'official', '--city', 'kyiv'], { env });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const keys = createLocalJWKSet({ keys: [publicJwk(await ensureDevSigningKey(scratch))] });
    const { payload } = await jwtVerify(stdout.trim(), keys, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
    expect(payload.sub).toBe('demo-resident-kyiv-1');
    expect(payload.roles).toEqual(['moderator:kyiv', 'official:kyiv']);
    expect(JSON.parse(readFileSync(devKeyPath(scratch), 'utf8')).d).toBeTruthy();
  });

  it('refuses unknown roles and cities, and a missing subject, printing nothing on stdout', async () => {
    for (const args of [['--sub', 'x', '--role', 'mayor'], ['--sub', 'x', '--city', 'lviv'], ['--role', 'resident']]) {
      const failure = await run(process.execPath, [script, ...args], { env }).then(
        () => null,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(failure?.code).toBe(2);
      expect(failure?.stdout).toBe('');
      expect(failure?.stderr.length).toBeGreaterThan(0);
    }
  });
});
