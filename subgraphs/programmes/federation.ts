import { createPlaceTypes } from '../shared/places.graphql.js';
import { createEntityRef } from '../shared/refs.js';
import { createResidentType } from '../shared/resident.graphql.js';

/** This subgraph's classes for the entities every subgraph shares (see `createPlaceTypes`). */
export const { City, District, resolvers: placeResolvers } = createPlaceTypes();
export const OrganizationRef = createEntityRef('Organization');
/** `Resident` and `me`, which every subgraph answers alike; this one holds nothing of a resident's own. */
export const { Resident, resolvers: residentResolvers } = createResidentType();
