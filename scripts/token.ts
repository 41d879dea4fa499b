/**
 * `npm run --silent token -- --sub <id> [--role <role> ...] [--city <city>] [--expires 8h]`
 * prints a development token (and nothing else on stdout) that the local gateway accepts:
 * signed with the development key in the data directory (created on first use).
 *
 *   --role   resident (default), moderator, official, registrar, inspector, integrator; repeatable
 *   --city   scopes the staff roles to one city (kyiv, vinnytsia); without it they hold everywhere
 *   --expires the token's lifetime, at most the gateway's JWT_MAX_LIFETIME_S (24 h by default)
 */
import { parseArgs } from 'node:util';
import { ensureDevSigningKey, signDevToken } from '../gateway/src/auth/dev-key.js';
import { ROLES, type Role, type RoleGrant } from '../lib/identity.js';
import { findCity } from '../lib/places.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      sub: { type: 'string' },
      role: { type: 'string', multiple: true },
      city: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}

if (!values.sub?.trim()) fail('--sub <id> is required: the resident\u02bcs subject, e.g. demo-resident-kyiv-1');
if (values.city && !findCity(values.city)) fail(`Unknown city "${values.city}"`);
const lifetime = /^(\d+)([smhd])$/.exec(values.expires);
if (!lifetime) fail('--expires takes a lifetime such as 30m, 8h or 1d');
// The gateway refuses tokens that live longer than JWT_MAX_LIFETIME_S (24 h by default).
const maxLifetime = Number(process.env.JWT_MAX_LIFETIME_S ?? 86_400);
const seconds = Number(lifetime[1]) * { s: 1, m: 60, h: 3_600, d: 86_400 }[lifetime[2] as 's' | 'm' | 'h' | 'd'];
if (seconds > maxLifetime) fail(`--expires ${values.expires} is longer than the gateway accepts (JWT_MAX_LIFETIME_S=${maxLifetime} s)`);
const roles = values.role ?? ['resident'];
for (const role of roles) if (!ROLES.includes(role as Role)) fail(`Unknown role "${role}"; one of ${ROLES.join(', ')}`);

const grants: RoleGrant[] = roles.map((role) => (values.city && role !== 'resident' ? { role: role as Role, city: values.city } : { role: role as Role }));
const key = await ensureDevSigningKey(process.env.DATA_DIR ?? 'data');
process.stdout.write(`${await signDevToken(key, { sub: values.sub.trim(), grants, expiresIn: values.expires })}\n`);
