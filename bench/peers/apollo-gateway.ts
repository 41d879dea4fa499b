/**
 * The peer: the stock @apollo/gateway in a plain @apollo/server (standalone, one process,
 * every default), as its documentation sets it up. The one addition: when GATEWAY_SECRET
 * is set (the participation workload), each subgraph request carries the gateway token our
 * subgraphs require, signed exactly as our gateway signs it; without it they refuse to answer.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { readFileSync } from 'node:fs';
import { gatewaySecret, GATEWAY_TOKEN_HEADER, signGatewayRequest } from '../../lib/gateway-token.js';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';
const secret = process.env.GATEWAY_SECRET ? gatewaySecret(process.env.GATEWAY_SECRET) : undefined;

class SigningDataSource extends RemoteGraphQLDataSource {
  override willSendRequest({ request }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]): void {
    if (!secret) return;
    // RemoteGraphQLDataSource sends JSON.stringify({ query, ...rest }) without `http`: sign those bytes.
    const { query, http, ...rest } = request;
    http?.headers.set(GATEWAY_TOKEN_HEADER, signGatewayRequest(secret, this.subgraph, null, JSON.stringify({ query, ...rest })));
  }
  constructor(private readonly subgraph: string, url: string) {
    super({ url });
  }
}

const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH!, 'utf8'),
  buildService: ({ name, url }) => new SigningDataSource(name, url!),
});
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 4000), host: '127.0.0.1' } });
console.log(`apollo-gateway ready at ${url}`);
