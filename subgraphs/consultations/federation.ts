import { createPlaceTypes } from '../shared/places.graphql.js';
import { createResidentType } from '../shared/resident.graphql.js';
import { createEntityRef } from '../shared/refs.js';
import { PUBLIC_SHORT } from '../shared/cache-hints.js';

/** This subgraph's classes for the entities every subgraph shares (see `createPlaceTypes`). */
export const { City, District, resolvers: placeResolvers } = createPlaceTypes();
export const OrganizationRef = createEntityRef('Organization');
export const HeritageObjectRef = createEntityRef('HeritageObject');
export const MeasureRef = createEntityRef('Measure', PUBLIC_SHORT);
export const { Resident, resolvers: residentResolvers } = createResidentType();
