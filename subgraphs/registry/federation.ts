import { createPlaceTypes } from '../shared/places.graphql.js';
import { createResidentType } from '../shared/resident.graphql.js';


/** This subgraph's classes for the entities every subgraph shares (see `createPlaceTypes`). */
export const { City, District, resolvers: placeResolvers } = createPlaceTypes();

export const { Resident, resolvers: residentResolvers } = createResidentType();
