import { parse, print } from 'graphql';
import { operationId, type PersistedOperation } from '../../gateway/src/persisted/manifest.js';
import { CITIES } from '../../lib/places.js';
import type { Scenario } from '../measure.js';
import { heaviestName } from '../targets.js';
import { drawFrom } from './data.js';

/**
 * The heaviest operation our gateway's limits let through (gateway/src/config.ts): ten root
 * fields (MAX_ROOT_FIELDS 10), each an aliased page of 100 petitions (MAX_ALIASES 15), each
 * petition with its city, district, initiating organisation (registry subgraph) and
 * heritage objects (heritage subgraph). Cost 10 × (1 + 100 × 19) = 19,010 of MAX_COST
 * 20,000 (each field 1, a page multiplies what it selects by its size: operation-limits.ts);
 * depth 5 of 12, 200 selections of 500, well under 3,000 tokens. A thousand petitions, some
 * 370 kB of JSON per answer at scale 1. Not a client operation: the benchmark adds it to the
 * manifest it gives our gateway, so its safelist stays on.
 */
const HEAVIEST_QUERY = /* GraphQL */ `
  query Heaviest($city: ID!, $district: ID!) {
    newest: petitions(first: 100, filter: { district: $district }) { ...HeavyPage }
    mostSigned: petitions(first: 100, filter: { district: $district }, sort: MOST_SIGNED) { ...HeavyPage }
    closingSoon: petitions(first: 100, filter: { district: $district }, sort: CLOSING_SOON) { ...HeavyPage }
    closed: petitions(first: 100, filter: { district: $district, status: CLOSED }) { ...HeavyPage }
    closedMostSigned: petitions(first: 100, filter: { district: $district, status: CLOSED }, sort: MOST_SIGNED) { ...HeavyPage }
    open: petitions(first: 100, filter: { district: $district, status: OPEN }) { ...HeavyPage }
    openMostSigned: petitions(first: 100, filter: { district: $district, status: OPEN }, sort: MOST_SIGNED) { ...HeavyPage }
    rejected: petitions(first: 100, filter: { district: $district, status: REJECTED }) { ...HeavyPage }
    citywideNewest: petitions(first: 100, filter: { city: $city }) { ...HeavyPage }
    citywideMostSigned: petitions(first: 100, filter: { city: $city }, sort: MOST_SIGNED) { ...HeavyPage }
  }
  fragment HeavyPage on PetitionConnection {
    totalCount
    edges {
      node {
        id
        number
        title
        status
        signatureCount
        signatureThreshold
        closesAt
        city { name }
        district { name }
        initiatorOrganization { name edrpou }
        heritageObjects { name }
      }
    }
  }
`;

/** As sent and as listed in the manifest: the safelist matches the exact text. */
const HEAVIEST_BODY = print(parse(HEAVIEST_QUERY));

export const HEAVIEST_OPERATION: PersistedOperation = { id: operationId(HEAVIEST_BODY), name: 'Heaviest', type: 'query', body: HEAVIEST_BODY };

const DISTRICTS = CITIES.flatMap((city) => city.districts.map((district) => ({ city: city.id, district: district.id })));

/**
 * The heaviest operation over one scale's databases, a district drawn per request. In-flight
 * deduplication off for every gateway: with a few districts to draw from, identical
 * requests would be in flight together and answered once, and this row is about what one
 * heavy request costs. Four connections: each request takes the better part of a second of
 * a core, so at the run's 32 each would wait behind 31 others for many seconds and a
 * window would hold a round or two of answers.
 */
const HEAVIEST_CONNECTIONS = 4;

export function heaviestScenario(scale: number): Scenario {
  const body = (place: { city: string; district: string }) => JSON.stringify({ query: HEAVIEST_BODY, operationName: 'Heaviest', variables: place });
  const next = drawFrom(DISTRICTS, 3000);
  return { name: heaviestName(scale), sampleBody: body(DISTRICTS[0]!), nextBody: () => body(next()), inspectBodies: true, inflightDedupe: false, connections: HEAVIEST_CONNECTIONS };
}
