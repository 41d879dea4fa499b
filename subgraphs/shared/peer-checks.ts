import { BadInputError } from './errors.js';
import type { PeerQuery } from './peers.js';

const ORGANIZATIONS = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id status } } }';
const HERITAGE_OBJECTS = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on HeritageObject { id } } }';

/**
 * Organisations named in a write (a petition's initiator, a consultation's organisers)
 * must be ones the registry lists as REGISTERED (not pending, suspended or liquidated).
 */
export async function requireRegisteredOrganizations(peers: PeerQuery, field: string, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const data = await peers<{ _entities: ({ status?: string } | null)[] }>('registry', ORGANIZATIONS, { r: ids.map((id) => ({ __typename: 'Organization', id })) });
  const unknown = ids.filter((_, i) => data._entities[i]?.status !== 'REGISTERED');
  if (unknown.length) throw new BadInputError(field, `Unknown organisation, or not registered: ${unknown.join(', ')}`);
}

/** Heritage objects named in a write must exist in the heritage register. */
export async function requireKnownHeritageObjects(peers: PeerQuery, field: string, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const data = await peers<{ _entities: ({ id: string } | null)[] }>('heritage', HERITAGE_OBJECTS, { r: ids.map((id) => ({ __typename: 'HeritageObject', id })) });
  const unknown = ids.filter((_, i) => !data._entities[i]);
  if (unknown.length) throw new BadInputError(field, `Unknown heritage object ${unknown.join(', ')}`);
}
