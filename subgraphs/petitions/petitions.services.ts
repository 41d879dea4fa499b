import type { PeerQuery } from '../shared/peers.js';
import type { PetitionRulesBook } from './petition/petition.rules.js';

/** What the petition resolvers need beyond the request: each city's rules, and the peers that check references. */
export interface PetitionServices {
  rules: PetitionRulesBook;
  peers: PeerQuery;
}
