/**
 * Who is calling: the identity the gateway verified and passed on. Shared by the gateway
 * (which builds it from the identity provider's token) and the subgraphs (which receive it
 * signed by the gateway and authorise with it).
 */
import { textProblem } from './text-rule.js';

/**
 * Roles a token may carry. Every signed-in caller is a resident; staff roles come from the
 * identity provider. `developer` may send operations outside the persisted-operation
 * safelist (the sandbox, integrations under development); it grants no data access.
 * `integrator` (a city's notification service, a newsroom, an open-data portal) registers
 * webhooks for the city's events; like staff roles it is granted per city.
 */
export const ROLES = ['resident', 'moderator', 'official', 'registrar', 'inspector', 'developer', 'integrator'] as const;
export type Role = (typeof ROLES)[number];

/** A role, in one city or (without `city`) in every city. */
export interface RoleGrant {
  role: Role;
  city?: string;
}

/**
 * Longest subject accepted, in characters: OpenID Connect's own bound ("MUST NOT exceed 255
 * ASCII characters"). Every column that stores a subject holds that many.
 */
export const MAX_SUBJECT_LENGTH = 255;

/** Whether a token's subject can stand for a resident here: 1 to 255 characters meeting the text rule. */
export function isAcceptableSubject(subject: unknown): subject is string {
  return typeof subject === 'string' && subject.length > 0 && [...subject].length <= MAX_SUBJECT_LENGTH && textProblem(subject) === null;
}

export interface Viewer {
  /** The identity provider's subject: the resident's stable id. */
  id: string;
  grants: RoleGrant[];
  /**
   * When the token this viewer was read from stops being accepted (epoch ms: its `exp` plus
   * the gateway's clock tolerance): a stream opened with it ends then (gateway/src/live).
   * Absent where no token was read (a subgraph's viewer, vouched for by the gateway).
   */
  expiresAt?: number;
}

const ROLE_SET = new Set<string>(ROLES);

/**
 * Reads role claims written as `role` or `role:city` (`moderator`, `official:kyiv`).
 * Identity providers carry roles of other applications too: anything not ours is ignored.
 */
export function parseRoleClaims(claims: unknown): RoleGrant[] {
  const values = Array.isArray(claims) ? claims : typeof claims === 'string' ? claims.split(/[\s,]+/) : [];
  const grants: RoleGrant[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const [role, city, ...rest] = value.trim().split(':');
    if (!role || !ROLE_SET.has(role) || rest.length || city === '') continue;
    grants.push(city ? { role: role as Role, city } : { role: role as Role });
  }
  return grants;
}

/** The inverse of `parseRoleClaims`. */
export function formatRoleClaims(grants: readonly RoleGrant[]): string[] {
  return grants.map((grant) => (grant.city ? `${grant.role}:${grant.city}` : grant.role));
}

/**
 * Whether the viewer holds a role: in the given city, or (without a city) in any city.
 * Residency needs no grant: whoever the identity provider signed in is a resident.
 */
export function hasRole(viewer: Viewer | null, role: Role, city?: string): boolean {
  if (!viewer) return false;
  if (role === 'resident') return true;
  return viewer.grants.some((grant) => grant.role === role && (!grant.city || !city || grant.city === city));
}
