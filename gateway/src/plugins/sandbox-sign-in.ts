import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findCity } from '../../../lib/places.js';
import { ROLES, type RoleGrant } from '../../../lib/identity.js';
import { ensureDevSigningKey, signDevToken } from '../auth/dev-key.js';
import type { GatewayConfig } from '../config.js';

/** Where the sandbox's sign-in panel asks for development tokens. */
export const SANDBOX_TOKEN_PATH = '/sandbox/token';
/** As `npm run token`: a working day, or less where the gateway accepts less (JWT_MAX_LIFETIME_S). */
const TOKEN_LIFETIME_S = 8 * 3600;

/**
 * Whether the sandbox may sign people in: only while the gateway trusts its own development
 * key, i.e. no identity provider and not production. Anywhere else a token from this
 * gateway would either be refused or, worse, be a way in.
 */
export function sandboxSignInEnabled(config: Pick<GatewayConfig, 'production' | 'auth'>): boolean {
  return !config.production && !config.auth.jwksUrl;
}

const tokenRequest = z
  .object({
    sub: z.string().regex(/^[\w.:@-]{1,128}$/, 'sub: 1 to 128 letters, digits or . : @ - _'),
    roles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
    city: z
      .string()
      .refine((id) => findCity(id) !== undefined, 'city: unknown city')
      .optional(),
  })
  .strict();

/**
 * POST /sandbox/token {sub, roles, city}: a development token, signed with the same key
 * as `npm run token`, so the sandbox page can put it in GraphiQL's headers. Registered
 * only where `sandboxSignInEnabled`; the route does not exist anywhere else.
 */
export async function registerSandboxTokenRoute(app: FastifyInstance, config: GatewayConfig): Promise<void> {
  if (!sandboxSignInEnabled(config)) return;
  const key = await ensureDevSigningKey(config.auth.dataDir);
  const lifetime = Math.min(TOKEN_LIFETIME_S, config.auth.maxLifetimeSeconds);
  app.post(SANDBOX_TOKEN_PATH, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    // CORS is open in development: without this, any page the developer visits could mint staff tokens.
    if (!sameOrigin(request)) return reply.code(403).send({ error: 'Only the sandbox page on this gateway may ask for a development token' });
    const parsed = tokenRequest.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: z.prettifyError(parsed.error) });
    const { sub, roles, city } = parsed.data;
    // As `npm run token`: the city scopes staff roles; residency holds everywhere.
    const grants: RoleGrant[] = roles.map((role) => (city && role !== 'resident' ? { role, city } : { role }));
    const token = await signDevToken(key, { sub, grants, expiresIn: `${lifetime}s` });
    return { token, authorization: `Bearer ${token}`, expiresInSeconds: lifetime };
  });
}

/** A browser's request from a page of this gateway; tools without an Origin (curl) are the developer's own. */
function sameOrigin(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return URL.canParse(origin) && new URL(origin).host === request.headers.host;
}
