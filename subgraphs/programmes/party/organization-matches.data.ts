/**
 * Parties the documents name that are registry organisations, where the registry's name
 * differs from how documents write it (names are otherwise matched as written, see
 * organization-matching.ts). Each entry names the organisation by its EDRPOU code, which
 * the registry is asked for; `names` are the ways documents write it. Add an entry when a
 * registered organisation appears under another name in a city's document.
 *
 * The demo registry (subgraphs/registry/demo) holds fictional organisations, none of which
 * the seed documents name, so the list starts empty.
 */
export interface OrganizationAlias {
  edrpou: string;
  names: readonly string[];
}

export const ORGANIZATION_ALIASES: readonly OrganizationAlias[] = [];
