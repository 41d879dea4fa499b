import type { SandboxExampleContext, SandboxExampleSpec } from '../../shared/subgraph.js';

/**
 * The sandbox's examples of the events subgraph's operations (../shared/operations/live.graphql):
 * the city feed, and webhooks as the city's demo integrator (`integrator-<city>`), who
 * registers a second endpoint beside the demo one (a retry within the hour answers the
 * same; later it is CONFLICT) and lists them.
 */
export function eventsSandboxExamples(context: SandboxExampleContext): SandboxExampleSpec[] {
  return [
    { operation: 'CityFeed', signIn: null, variables: { city: context.city } },
    {
      operation: 'RegisterWebhook',
      signIn: `integrator-${context.city}`,
      variables: {
        input: {
          city: context.city,
          url: 'https://open-data.webhooks.example/participation/petitions',
          eventTypes: ['PETITION_PUBLISHED', 'PETITION_THRESHOLD_REACHED', 'PETITION_ANSWERED', 'PETITION_CLOSED'],
        },
      },
    },
    { operation: 'Webhooks', signIn: `integrator-${context.city}`, variables: { city: context.city } },
  ];
}
