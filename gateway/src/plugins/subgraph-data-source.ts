import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { SERVICE_UNAVAILABLE } from './format-error.js';
import type { GatewayContext } from '../context.js';

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  /** Abort a subgraph request after this many milliseconds; its fields then answer null with an error. */
  timeoutMs: number;
}

/**
 * How the gateway calls a subgraph: Node's fetch (undici, keep-alive connections reused
 * across requests), a timeout per call, and the caller's language forwarded so subgraphs
 * answer in it.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly name: string;

  constructor(options: SubgraphDataSourceOptions) {
    super({
      url: options.url,
      fetcher: ((url: string, init: RequestInit) =>
        fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) })) as never,
    });
    this.name = options.name;
  }

  /** A subgraph that cannot be reached, times out or answers with an HTTP error is named, not described. */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      throw new GraphQLError(`subgraph ${this.name} failed`, {
        originalError: error as Error,
        extensions: { code: SERVICE_UNAVAILABLE, serviceName: this.name },
      });
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context?.acceptLanguage) request.http?.headers.set('accept-language', context.acceptLanguage);
  }
}
