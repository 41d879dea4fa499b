import type { PubSub, SubscribeResolverData } from 'type-graphql';

/**
 * Subscription root fields are executed by the gateway, once per domain event: it POSTs the
 * `subscription …` operation to the owning subgraph with the event in the body, and Apollo
 * Server runs the root resolver like a query's (see notes on the live design). No subgraph
 * ever keeps a subscription open itself, so the field's `subscribe` refuses clearly.
 */
export function executedByTheGateway(field: string): (resolverData: SubscribeResolverData) => AsyncIterable<never> {
  return () => {
    throw new Error(
      `Subscription.${field} is executed by the gateway for each event (a signed POST carrying the event); a subgraph does not serve subscriptions itself`,
    );
  };
}

/**
 * type-graphql refuses to build a schema with subscriptions without a PubSub, even when every
 * field has its own `subscribe`. None is ever used: each field names its own (above).
 */
export const NO_PUB_SUB: PubSub = {
  publish() {
    throw new Error('Subgraphs publish no subscription events through type-graphql: events go to the outbox (subgraphs/shared/outbox)');
  },
  subscribe() {
    throw new Error('Subgraphs serve no subscriptions through type-graphql: the gateway executes them per event');
  },
};
