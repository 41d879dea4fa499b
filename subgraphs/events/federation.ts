import { PUBLIC_LONG, PUBLIC_SHORT } from '../shared/cache-hints.js';
import { createPlaceTypes } from '../shared/places.graphql.js';
import { createEntityRef } from '../shared/refs.js';
import { createResidentType } from '../shared/resident.graphql.js';

/** This subgraph's classes for the entities every subgraph shares (see `createPlaceTypes`). */
export const { City, District, resolvers: placeResolvers } = createPlaceTypes();
/** `Resident` and `me`, which every subgraph answers alike; this one holds nothing of a resident's own. */
export const { Resident, resolvers: residentResolvers } = createResidentType();

// The entities events concern, owned by the other subgraphs: key-only here, each with its
// owner's cache hint (petitions and consultations move with every signature or answer).
export const PetitionRef = createEntityRef('Petition', PUBLIC_SHORT);
export const ConsultationRef = createEntityRef('Consultation', PUBLIC_SHORT);
export const HeritageObjectRef = createEntityRef('HeritageObject', PUBLIC_LONG);
export const OrganizationRef = createEntityRef('Organization', PUBLIC_LONG);
export const ProgrammeRef = createEntityRef('Programme', PUBLIC_LONG);
