/**
 * @participation-graph/client: a typed document for each client operation of the
 * participation graph (`PetitionPageDocument`, `SignPetitionDocument`, …, generated from
 * schema/operations by `npm run codegen`), their result and variable types
 * (`PetitionPageQuery`, `SignPetitionMutationVariables`, …), the schema's enums and inputs,
 * and `request()` to send one over fetch. The documents also work with any client that
 * reads typed documents (urql, Apollo Client, graphql-request).
 */
export * from './generated/graphql.js';
export { request, type GraphQLErrorShape, type GraphQLResult, type RequestOptions } from './request.js';
