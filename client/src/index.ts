/**
 * @participation-graph/client: a typed document for each client operation of the
 * participation graph (`PetitionPageDocument`, `SignPetitionDocument`, …, generated from
 * schema/operations by `npm run codegen`), their result and variable types
 * (`PetitionPageQuery`, `SignPetitionMutationVariables`, …), the schema's enums and inputs,
 * `request()` to send one over fetch, and `subscribe()` to follow a subscription over
 * Server-Sent Events, resuming after a dropped connection. The documents also work with
 * any client that reads typed documents (urql, Apollo Client, graphql-request).
 */
export * from './generated/graphql.js';
export { request, type GraphQLErrorShape, type GraphQLResult, type RequestOptions } from './request.js';
export { subscribe, type LiveSubscription, type SubscribeOptions } from './subscribe.js';
export { createEventStreamParser, readEventStream, type ServerSentEvent } from './event-stream.js';
