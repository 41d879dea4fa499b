import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevSigningKey, DEV_AUDIENCE, DEV_ISSUER } from '../gateway/src/auth/dev-key.js';
import { parseGatewayConfig } from '../gateway/src/config.js';
import { createGateway, type Gateway } from '../gateway/src/gateway.js';
import { GATEWAY_TOKEN_HEADER, gatewaySecret, signGatewayRequest } from '../lib/gateway-token.js';
import { testDialects } from './support/databases.js';
import { postAsGateway, TEST_GATEWAY_SECRET } from './support/gateway-signing.js';
import { as, graphql, postJson, startGraph, TEST_DATA_DIR, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

const dialects = await testDialects();
const RESIDENT = 'demo-resident-kyiv-1';

/** Posts and returns the HTTP status with the parsed body, to check refusals end to end. */
const post = postJson;

/** A token signed with the development key, with any claims (to build the bad ones). */
async function devSigned(claims: Record<string, unknown>, options: { exp?: number; aud?: string; iss?: string; key?: JWK } = {}) {
  const jwk = options.key ?? (await ensureDevSigningKey(TEST_DATA_DIR));
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid ?? 'dev' })
    .setSubject(RESIDENT)
    .setIssuer(options.iss ?? DEV_ISSUER)
    .setAudience(options.aud ?? DEV_AUDIENCE)
    .setIssuedAt(now - 600)
    .setExpirationTime(options.exp ?? now + 600)
    .sign(await importJWK(jwk, 'ES256'));
}

describe.each(dialects)('a signed-in resident through the gateway, on %s', (dialect) => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph({ dialect });
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('answers MyParticipation with exactly the caller\u02bcs own signatures, responses and reports', async () => {
    const result = await graphql(graph.gatewayUrl, OPERATIONS.MyParticipation!, {}, await as(RESIDENT));
    expect(result.errors).toBeUndefined();
    const me = result.data.me;
    expect(me.id).toBe(RESIDENT);

    const signed = await graph.sql<{ petition_id: string }>('petitions', 'select petition_id from signature where signer = ? order by signed_at desc, petition_id desc', [RESIDENT]);
    expect(signed.length).toBeGreaterThan(0);
    expect(me.signedPetitions.totalCount).toBe(signed.length);
    expect(me.signedPetitions.edges.map((e: any) => e.node.id)).toEqual(signed.slice(0, 10).map((r) => r.petition_id));

    const responded = await graph.sql<{ consultation_id: string }>('consultations', 'select consultation_id from survey_response where respondent = ? order by submitted_at desc, consultation_id desc', [RESIDENT]);
    expect(responded.length).toBeGreaterThan(0);
    expect(me.respondedConsultations.totalCount).toBe(responded.length);
    expect(me.respondedConsultations.edges.map((e: any) => e.node.id)).toEqual(responded.slice(0, 10).map((r) => r.consultation_id));

    const reports = await graph.sql<{ id: string; heritage_object_id: string }>('heritage', 'select id, heritage_object_id from heritage_report where reporter = ?', [RESIDENT]);
    expect(reports.length).toBeGreaterThan(0);
    expect(me.heritageReports.map((r: any) => r.id).sort()).toEqual(reports.map((r) => r.id).sort());
    for (const report of me.heritageReports) {
      expect(report.heritageObject.id).toBe(reports.find((r) => r.id === report.id)!.heritage_object_id);
      expect(report.heritageObject.name).toBeTruthy();
    }
  });

  it('refuses MyParticipation to an anonymous caller with UNAUTHENTICATED', async () => {
    const { body } = await post(graph.gatewayUrl, { query: OPERATIONS.MyParticipation });
    expect(body.data?.me ?? null).toBeNull();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers viewerHasSigned and viewerHasResponded for the caller, false when anonymous', async () => {
    const [mine] = await graph.sql<{ petition_id: string }>('petitions', 'select petition_id from signature where signer = ? limit 1', [RESIDENT]);
    const [notMine] = await graph.sql<{ id: string }>('petitions', 'select id from petition where id not in (select petition_id from signature where signer = ?) limit 1', [RESIDENT]);
    const [answered] = await graph.sql<{ consultation_id: string }>('consultations', 'select consultation_id from survey_response where respondent = ? limit 1', [RESIDENT]);
    const headers = await as(RESIDENT);
    const petition = (id: string, h = headers) => graphql(graph.gatewayUrl, OPERATIONS.PetitionPage!, { id }, h);
    expect((await petition(mine!.petition_id)).data.petition.viewerHasSigned).toBe(true);
    expect((await petition(notMine!.id)).data.petition.viewerHasSigned).toBe(false);
    expect((await petition(mine!.petition_id, {})).data.petition.viewerHasSigned).toBe(false);
    const consultation = await graphql(graph.gatewayUrl, OPERATIONS.ConsultationPage!, { id: answered!.consultation_id }, headers);
    expect(consultation.data.consultation.viewerHasResponded).toBe(true);
    const anonymous = await graphql(graph.gatewayUrl, OPERATIONS.ConsultationPage!, { id: answered!.consultation_id });
    expect(anonymous.data.consultation.viewerHasResponded).toBe(false);
  });
});

describe('identity and access', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph({ dialect: 'sqlite' });
  });
  afterAll(async () => {
    await graph?.stop();
  });

  const ME = '{ me { id } }';

  describe('bad tokens are refused with UNAUTHENTICATED, a short reason and HTTP 401, never a 500', () => {
    const cases: [string, () => Promise<string>, string][] = [
      ['expired', async () => `Bearer ${await devSigned({}, { exp: Math.floor(Date.now() / 1000) - 120 })}`, 'EXPIRED'],
      ['for another audience', async () => `Bearer ${await devSigned({}, { aud: 'another-app' })}`, 'WRONG_AUDIENCE'],
      ['from another issuer', async () => `Bearer ${await devSigned({}, { iss: 'https://elsewhere.example' })}`, 'WRONG_ISSUER'],
      [
        'signed by another key',
        async () => {
          const { privateKey } = await generateKeyPair('ES256', { extractable: true });
          return `Bearer ${await devSigned({}, { key: { ...(await exportJWK(privateKey)), kid: 'dev' } })}`;
        },
        'BAD_SIGNATURE',
      ],
      [
        'with a tampered payload',
        async () => {
          const [header, , signature] = (await devSigned({ roles: ['resident'] })).split('.');
          const payload = Buffer.from(JSON.stringify({ sub: 'someone-else', iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: 9999999999, roles: ['moderator'] })).toString('base64url');
          return `Bearer ${header}.${payload}.${signature}`;
        },
        'BAD_SIGNATURE',
      ],
      [
        'signed with HMAC (algorithm confusion)',
        async () => {
          const token = await new SignJWT({ sub: RESIDENT })
            .setProtectedHeader({ alg: 'HS256', kid: 'dev' })
            .setIssuer(DEV_ISSUER)
            .setAudience(DEV_AUDIENCE)
            .setExpirationTime('5m')
            .sign(new TextEncoder().encode('x'.repeat(32)));
          return `Bearer ${token}`;
        },
        'ALGORITHM_NOT_ALLOWED',
      ],
      ['malformed', async () => 'Bearer not.a.jwt', 'MALFORMED'],
      ['not a bearer token', async () => 'Basic dXNlcjpwYXNz', 'MALFORMED'],
    ];
    it.each(cases)('%s', async (_name, authorization, reason) => {
      const { status, body } = await post(graph.gatewayUrl, { query: ME }, { authorization: await authorization() });
      expect(status).toBe(401);
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
      expect(body.errors![0]!.message.length).toBeLessThan(80);
      expect(body.data).toBeUndefined();
    });
  });

  it('accepts a token from npm run token, roles and all, and passes the subject on', async () => {
    const { status, body } = await post(graph.gatewayUrl, { query: ME }, await as(RESIDENT, ['moderator:kyiv']));
    expect(status).toBe(200);
    expect(body).toEqual({ data: { me: { id: RESIDENT } } });
  });

  describe('a subgraph answers the gateway only', () => {
    const query = { query: '{ petitions(first: 1) { totalCount } }' };
    const expectRefused = ({ status, body }: { status: number; body: any }) => {
      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    };

    it('answers a request the gateway signed (the control)', async () => {
      const response = await postAsGateway(graph.subgraphUrls.petitions, 'petitions', query);
      expect(response.status).toBe(200);
      expect(((await response.json()) as any).data.petitions.totalCount).toBeGreaterThan(0);
    });

    it('refuses a direct call, with or without a resident\u02bcs token', async () => {
      expectRefused(await post(graph.subgraphUrls.petitions, query));
      expectRefused(await post(graph.subgraphUrls.petitions, query, await as(RESIDENT)));
      const get = await fetch(`${graph.subgraphUrls.petitions}?query=${encodeURIComponent(query.query)}`, { headers: { 'apollo-require-preflight': '1' } });
      expect(get.status).toBe(401);
    });

    it('refuses a gateway token signed with another secret, for another subgraph, or for another body', async () => {
      const read = async (response: Response) => ({ status: response.status, body: await response.json() });
      expectRefused(await read(await postAsGateway(graph.subgraphUrls.petitions, 'petitions', query, { secret: 'another-secret-of-at-least-32-characters!!' })));
      expectRefused(await read(await postAsGateway(graph.subgraphUrls.petitions, 'heritage', query)));
      // A token lifted from one request cannot carry another query (here, another identity's).
      const lifted = signGatewayRequest(gatewaySecret(TEST_GATEWAY_SECRET), 'petitions', null, JSON.stringify(query));
      expectRefused(await post(graph.subgraphUrls.petitions, { query: '{ me { id } }' }, { [GATEWAY_TOKEN_HEADER]: lifted }));
    });

    it('refuses a forged Resident representation for anybody but the caller', async () => {
      const forged = {
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { signedPetitions { totalCount } } } }',
        variables: { r: [{ __typename: 'Resident', id: 'demo-resident-kyiv-2' }] },
      };
      const response = await postAsGateway(graph.subgraphUrls.petitions, 'petitions', forged, { viewer: { id: RESIDENT, grants: [] } });
      const body = (await response.json()) as any;
      expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
      expect(body.data?._entities?.[0] ?? null).toBeNull();
    });
  });
});

describe('the gateway in production (NODE_ENV=production)', () => {
  let graph: RunningGraph;
  let gateway: Gateway;
  let url: string;
  let jwks: Server;
  let providerKey: JWK;
  const ISSUER = 'https://id.kyiv.example/realms/city';
  const AUDIENCE = 'participation-graph';
  const WEB_ORIGIN = 'https://kyiv.example';

  const providerToken = async (claims: Record<string, unknown>, audience = AUDIENCE) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'city-1' })
      .setSubject(RESIDENT)
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importJWK(providerKey, 'RS256'));

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    providerKey = { ...(await exportJWK(privateKey)), kid: 'city-1' };
    const publicJwk = { ...(await exportJWK(publicKey)), kid: 'city-1', alg: 'RS256', use: 'sig' };
    // The identity provider's key set, over real HTTP as the gateway would fetch it.
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const address = jwks.address() as { port: number };
    graph = await startGraph({ dialect: 'sqlite' });
    gateway = await createGateway({
      ...parseGatewayConfig({
        NODE_ENV: 'production',
        PORT: '0',
        LOG_LEVEL: 'silent',
        GATEWAY_SECRET: TEST_GATEWAY_SECRET,
        JWT_JWKS_URL: `http://127.0.0.1:${address.port}/certs`,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        JWT_ROLES_CLAIM: 'realm_access.roles',
        CORS_ORIGINS: WEB_ORIGIN,
      }),
      subgraphUrls: graph.subgraphUrls,
    });
    url = await gateway.listen();
  });
  afterAll(async () => {
    await gateway?.close();
    await graph?.stop();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it('refuses to start without the identity provider\u02bcs keys or a shared secret', () => {
    expect(() => parseGatewayConfig({ NODE_ENV: 'production', GATEWAY_SECRET: TEST_GATEWAY_SECRET })).toThrow(/JWT_JWKS_URL/);
    expect(() => parseGatewayConfig({ NODE_ENV: 'production', JWT_JWKS_URL: 'https://id.example/certs', JWT_ISSUER: 'x', JWT_AUDIENCE: 'y' })).toThrow(/GATEWAY_SECRET/);
    expect(() => parseGatewayConfig({ JWT_JWKS_URL: 'https://id.example/certs', GATEWAY_SECRET: TEST_GATEWAY_SECRET })).toThrow(/JWT_ISSUER/);
  });

  it('verifies the identity provider\u02bcs tokens against its JWKS, reading roles where configured', async () => {
    // `developer`: this ad hoc query is outside the persisted-operation safelist production enforces.
    const { status, body } = await post(url, { query: '{ me { id } }' }, { authorization: `Bearer ${await providerToken({ realm_access: { roles: ['moderator:kyiv', 'developer'] } })}` });
    expect(status).toBe(200);
    expect(body.data.me.id).toBe(RESIDENT);
  });

  it('refuses a token for another audience, and development tokens', async () => {
    const wrong = await post(url, { query: '{ me { id } }' }, { authorization: `Bearer ${await providerToken({}, 'another-app')}` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'WRONG_AUDIENCE' });
    const dev = await post(url, { query: '{ me { id } }' }, await as(RESIDENT));
    expect(dev.status).toBe(401);
    expect(dev.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('switches off introspection and the sandbox, and hides schema hints', async () => {
    // Even for a developer, who may send documents outside the safelist.
    const developer = { authorization: `Bearer ${await providerToken({ realm_access: { roles: ['developer'] } })}` };
    const introspection = await post(url, { query: '{ __schema { types { name } } }' }, developer);
    expect(introspection.body.data).toBeUndefined();
    expect(introspection.body.errors![0]!.message).toMatch(/introspection/i);
    const sandbox = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await sandbox.text()).not.toMatch(/graphiql/i);
    const typo = await post(url, { query: '{ petitionz { totalCount } }' }, developer);
    expect(typo.body.errors![0]!.message).not.toMatch(/did you mean/i);
  });

  it('prevents CSRF: a simple cross-site GET without a preflight header is refused', async () => {
    const response = await fetch(`${url}?query=${encodeURIComponent('{ cities { id } }')}`);
    expect(response.status).toBe(400);
    const developer = `Bearer ${await providerToken({ realm_access: { roles: ['developer'] } })}`;
    const preflighted = await fetch(`${url}?query=${encodeURIComponent('{ cities { id } }')}`, { headers: { 'apollo-require-preflight': '1', authorization: developer } });
    expect(preflighted.status).toBe(200);
  });

  it('allows only the configured browser origins', async () => {
    const allowed = await fetch(url, { method: 'OPTIONS', headers: { origin: WEB_ORIGIN, 'access-control-request-method': 'POST' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
    const other = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
