import { BadInputError } from '../../shared/errors.js';
import type { PeerQuery } from '../../shared/peers.js';

const ORGANIZATIONS = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id status } } }';
const HERITAGE_OBJECTS = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on HeritageObject { id } } }';

/** An initiator must be an organisation the registry lists as REGISTERED (not pending, suspended or liquidated). */
export async function requireRegisteredOrganization(peers: PeerQuery, id: string): Promise<void> {
  const data = await peers<{ _entities: ({ status?: string } | null)[] }>('registry', ORGANIZATIONS, { r: [{ __typename: 'Organization', id }] });
  if (data._entities[0]?.status !== 'REGISTERED') {
    throw new BadInputError('input.initiatorOrganizationId', 'Unknown organisation, or not registered');
  }
}

/** Every heritage object a petition concerns must exist in the heritage register. */
export async function requireKnownHeritageObjects(peers: PeerQuery, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const data = await peers<{ _entities: ({ id: string } | null)[] }>('heritage', HERITAGE_OBJECTS, { r: ids.map((id) => ({ __typename: 'HeritageObject', id })) });
  const unknown = ids.filter((_, i) => !data._entities[i]);
  if (unknown.length) throw new BadInputError('input.heritageObjectIds', `Unknown heritage object ${unknown.join(', ')}`);
}
