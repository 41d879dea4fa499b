import { BadInputError } from '../../lib/errors.js';
import { message } from '../../lib/messages/index.js';
import type { PeerQuery } from './peers.js';
import { isUuid } from './refs.js';

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
  if (unknown.length) throw new BadInputError(field, message('reference.unknownOrganisations', { ids: unknown }));
}

/** Heritage objects named in a write must exist in the heritage register. */
export async function requireKnownHeritageObjects(peers: PeerQuery, field: string, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const data = await peers<{ _entities: ({ id: string } | null)[] }>('heritage', HERITAGE_OBJECTS, { r: ids.map((id) => ({ __typename: 'HeritageObject', id })) });
  const unknown = ids.filter((_, i) => !data._entities[i]);
  if (unknown.length) throw new BadInputError(field, message('reference.unknownHeritageObjects', { ids: unknown }));
}

const MEASURES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Measure { id programme { city { id } } } } }';

/** A programme measure named in a write (the measure a consultation carries out) must exist, in a programme of the same city. */
export async function requireMeasureOfCity(peers: PeerQuery, field: string, id: string, city: string): Promise<void> {
  if (!isUuid(id)) throw new BadInputError(field, message('reference.unknownMeasure', { id }));
  const data = await peers<{ _entities: ({ programme?: { city?: { id: string } } } | null)[] }>('programmes', MEASURES, { r: [{ __typename: 'Measure', id }] });
  const measure = data._entities[0];
  if (!measure) throw new BadInputError(field, message('reference.unknownMeasure', { id }));
  if (measure.programme?.city?.id !== city) throw new BadInputError(field, message('reference.measureOfOtherCity', { id }));
}
