/**
 * `npm run --silent token -- --sub <id> [--role <role> ...] [--city <city>] [--expires 8h]`
 * prints a development token (and nothing else on stdout) that the local gateway accepts:
 * signed with the development key in the data directory (created on first use).
 *
 *   --role   resident (default), moderator, official, registrar, inspector; repeatable
 *   --city   scopes the staff roles to one city (kyiv, vinnytsia); without it they hold everywhere
 */
import { parseArgs } from 'node:util';
import { ensureDevSigningKey, signDevToken } from '../gateway/src/auth/dev-key.js';
import { ROLES, type Role, type RoleGrant } from '../subgraphs/shared/identity.js';
import { findCity } from '../subgraphs/shared/places.js';

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
if (!/^\d+[smhd]$/.test(values.expires)) fail('--expires takes a lifetime such as 30m, 8h or 7d');
const roles = values.role ?? ['resident'];
for (const role of roles) if (!ROLES.includes(role as Role)) fail(`Unknown role "${role}"; one of ${ROLES.join(', ')}`);

const grants: RoleGrant[] = roles.map((role) => (values.city && role !== 'resident' ? { role: role as Role, city: values.city } : { role: role as Role }));
const key = await ensureDevSigningKey(process.env.DATA_DIR ?? 'data');
process.stdout.write(`${await signDevToken(key, { sub: values.sub.trim(), grants, expiresIn: values.expires })}\n`);
