import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { GATEWAY_TOKEN_HEADER, gatewaySecret, signGatewayRequest } from '../../../subgraphs/shared/gateway-token.js';
import type { Viewer } from '../../../subgraphs/shared/identity.js';
import { SERVICE_UNAVAILABLE } from './format-error.js';
import type { GatewayContext } from '../context.js';

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  /** Abort a subgraph request after this many milliseconds; its fields then answer null with an error. */
  timeoutMs: number;
  /** Shared with the subgraphs: every request is signed with it. */
  secret: string;
}

/**
 * Carries the viewer from `willSendRequest` (which sees the context) to the fetcher (which
 * sees the final body) inside this process; the fetcher replaces it with the signed token,
 * so it never goes over the wire.
 */
const VIEWER_HEADER = 'x-gateway-viewer';

/**
 * How the gateway calls a subgraph: Node's fetch (undici, keep-alive connections reused
 * across requests), a timeout per call, the caller's language forwarded so subgraphs
 * answer in it, and a gateway token over the exact body carrying the verified caller
 * (see gateway-token.ts): subgraphs answer nothing else.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly name: string;

  constructor(options: SubgraphDataSourceOptions) {
    const secret = gatewaySecret(options.secret);
    super({
      url: options.url,
      fetcher: (async (url: string, init: RequestInit & { headers: Record<string, string>; body: string }) => {
        const { [VIEWER_HEADER]: viewer, ...headers } = init.headers;
        const caller = viewer ? (JSON.parse(viewer) as Viewer) : null;
        headers[GATEWAY_TOKEN_HEADER] = signGatewayRequest(secret, options.name, caller, init.body);
        return fetch(url, { ...init, headers, signal: AbortSignal.timeout(options.timeoutMs) });
      }) as never,
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
    if (context?.viewer) request.http?.headers.set(VIEWER_HEADER, JSON.stringify(context.viewer));
  }
}
