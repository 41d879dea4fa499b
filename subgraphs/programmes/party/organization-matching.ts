import type { PeerQuery } from '../../shared/peers.js';
import { ORGANIZATION_ALIASES, type OrganizationAlias } from './organization-matches.data.js';
import { edrpouIn, partyKey } from './party-names.js';

/** A party as the documents name it, to be matched to a registry organisation. */
export interface PartyName {
  name: string;
  key: string;
}

/** Registry organisations for party keys: `key → organization id`. */
export type OrganizationMatcher = (city: string, parties: readonly PartyName[]) => Promise<Map<string, string>>;

interface RegistryOrganization {
  id: string;
  name: string;
  shortName: string | null;
  edrpou: string;
}

const SEARCH = (count: number) =>
  `query(${Array.from({ length: count }, (_, i) => `$s${i}: String`).join(', ')}, $city: ID) { ${Array.from(
    { length: count },
    (_, i) => `m${i}: organizations(first: 10, filter: { city: $city, search: $s${i} }) { edges { node { id name shortName edrpou } } }`,
  ).join(' ')} }`;

const BATCH = 20;

/**
 * What to search the registry for: the name in quotes (`«Друзі Золотих воріт»`), which
 * the registry holds however the legal form is written (ГО, громадська організація), else
 * the whole name. The match itself compares whole names.
 */
function distinctivePart(name: string): string {
  const quoted = /«(.+)»/.exec(name)?.[1];
  return (quoted ?? name).replace(/[«»"]/g, ' ').trim();
}
const MAX_SEARCH = 200;

/**
 * Matches parties to the registry: a party is an organisation when the registry finds one
 * whose name or short name compares equal to it (see `partyKey`), or whose EDRPOU the
 * party's text or an alias (organization-matches.data.ts) gives. Only exact matches link;
 * a name that matches two organisations links to neither.
 */
export function registryMatcher(peers: PeerQuery, aliases: readonly OrganizationAlias[] = ORGANIZATION_ALIASES): OrganizationMatcher {
  return async (city, parties) => {
    const found = new Map<string, string>();
    const wanted = [...new Map(parties.map((p) => [p.key, p])).values()];
    const searches = wanted.map((party) => {
      const alias = aliases.find((a) => a.names.some((name) => partyKey(name) === party.key));
      const edrpou = alias?.edrpou ?? edrpouIn(party.name);
      return { party, edrpou, search: (edrpou ?? distinctivePart(party.name)).slice(0, MAX_SEARCH) };
    });
    for (let i = 0; i < searches.length; i += BATCH) {
      const batch = searches.slice(i, i + BATCH);
      const variables: Record<string, unknown> = { city };
      batch.forEach((s, k) => (variables[`s${k}`] = s.search));
      const data = await peers<Record<string, { edges: { node: RegistryOrganization }[] }>>('registry', SEARCH(batch.length), variables);
      batch.forEach((s, k) => {
        const candidates = (data[`m${k}`]?.edges ?? []).map((e) => e.node);
        const same = candidates.filter((o) =>
          s.edrpou ? o.edrpou === s.edrpou : partyKey(o.name) === s.party.key || (o.shortName !== null && partyKey(o.shortName) === s.party.key),
        );
        if (same.length === 1) found.set(s.party.key, same[0]!.id);
      });
    }
    return found;
  };
}
