import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
// The enum is not re-exported from the package root; its types come from here (CommonJS, no exports map).
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import type { GatewayGraphQLRequestContext, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { SpanKind, SpanStatusCode, context as activeContext, propagation, trace, type Span } from '@opentelemetry/api';
import { Pool } from 'undici';
import { postToSubgraph } from './subgraph-request.js';
import { GATEWAY_TOKEN_HEADER, gatewaySecret, signGatewayRequest, type GatewaySecret } from '../../../lib/gateway-token.js';
import type { GatewayContext } from '../context.js';
import { SubgraphUnavailableError, type UnavailableReason } from './format-error.js';
import type { GatewayMetrics } from './metrics.js';
import { tracer } from './tracing.js';

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  /** Give up on a subgraph silent this many milliseconds (before its answer, or within it); its fields then answer null with an error. */
  timeoutMs: number;
  /** Whether OpenTelemetry is on: only then is a span opened and trace context sent per call. */
  tracing?: boolean;
  /** Shared with the subgraphs: every request is signed with it. */
  secret: string;
  /** Keep-alive connections kept open to this subgraph (per gateway worker). */
  connections?: number;
  metrics?: GatewayMetrics;
  /**
   * Awaited after the subgraph answered a mutation, before the answer goes on: the
   * response cache forgets what the write changed (cache/freshness.ts).
   */
  afterWrite?: (subgraph: string, response: GatewayGraphQLResponse, incoming?: GatewayGraphQLRequestContext<GatewayContext>) => Promise<void>;
}

/** Failures where the request never reached the subgraph's resolvers: a stale keep-alive socket, a restart. */
const CONNECTION_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * How the gateway calls a subgraph: a pool of keep-alive HTTP/1.1 connections (undici)
 * per subgraph, a timeout per call, the caller's language and request id forwarded, the
 * W3C trace context injected, and a gateway token over the exact body carrying the
 * verified caller (see gateway-token.ts): subgraphs answer nothing else. A query whose
 * connection failed is sent once more; a mutation never is, since it may have run.
 * Implements Apollo's GraphQLDataSource directly rather than extending
 * RemoteGraphQLDataSource, whose per-call Request objects and fetch layers cost more
 * than the call itself for fast subgraphs.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly secret: GatewaySecret;
  // Bound once: prom-client otherwise hashes the label values on every observation.
  private readonly fetchOk;
  private readonly fetchFailed;

  constructor(private readonly options: SubgraphDataSourceOptions) {
    const url = new URL(options.url);
    this.pool = new Pool(url.origin, { connections: options.connections ?? 128, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });
    this.path = `${url.pathname}${url.search}`;
    this.secret = gatewaySecret(options.secret);
    this.fetchOk = options.metrics?.subgraphFetch.labels({ subgraph: options.name, outcome: 'ok' });
    this.fetchFailed = options.metrics?.subgraphFetch.labels({ subgraph: options.name, outcome: 'error' });
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request, context } = options;
    // A subscription's primary fetch (the only `subscription …` of its plan) carries the domain
    // event it is executed for; the signature below covers it, so the subgraph can trust it.
    const event = context?.liveEvent && /^\s*subscription\b/.test(request.query ?? '') ? context.liveEvent : undefined;
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName, ...(event ? { extensions: { event } } : {}) });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [GATEWAY_TOKEN_HEADER]: signGatewayRequest(this.secret, this.options.name, context?.viewer ?? null, body),
    };
    if (context?.locale) headers['accept-language'] = context.locale;
    if (context?.requestId) headers['x-request-id'] = context.requestId;
    const mayRetry = !/^\s*mutation\b/.test(request.query ?? '');
    const started = process.hrtime.bigint();
    const span = this.options.tracing ? this.startSpan(headers) : undefined;
    try {
      const { statusCode, headers: responseHeaders, json } = await this.send(body, headers, mayRetry);
      if (options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION) {
        options.incomingRequestContext.overallCachePolicy.restrict(cacheHint(statusCode === 200 ? responseHeaders['cache-control'] : undefined));
      }
      this.fetchOk?.observe(seconds(started));
      span?.end();
      if (!mayRetry) {
        await this.options.afterWrite?.(this.options.name, json as GatewayGraphQLResponse, options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION ? options.incomingRequestContext : undefined);
      }
      return json as GatewayGraphQLResponse;
    } catch (error) {
      this.fetchFailed?.observe(seconds(started));
      span?.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      span?.end();
      // Named, never described: format-error masks the details and says which service failed.
      throw error instanceof SubgraphUnavailableError ? error : new SubgraphUnavailableError(this.options.name, failureReason(error), error);
    }
  }

  /** A client span, child of whatever is active (the request's span, or @apollo/gateway's fetch span), its context in the headers. */
  private startSpan(headers: Record<string, string>): Span {
    const parent = activeContext.active();
    const span = tracer.startSpan(`subgraph ${this.options.name}`, { kind: SpanKind.CLIENT, attributes: { 'graphql.subgraph': this.options.name } }, parent);
    propagation.inject(trace.setSpan(parent, span), headers);
    return span;
  }

  private async send(body: string, headers: Record<string, string>, mayRetry: boolean) {
    for (let attempt = 0; ; attempt++) {
      try {
        const { statusCode, headers: responseHeaders, text } = await postToSubgraph(this.pool, { path: this.path, headers, body, silenceMs: this.options.timeoutMs });
        // A 400 with a GraphQL body is the subgraph refusing this request (a variable its scalar
        // rejects, say): its answer, whose errors say why. Any other status is no answer at all.
        if (statusCode !== 200 && statusCode !== 400) throw new SubgraphUnavailableError(this.options.name, 'status', undefined, statusCode);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (error) {
          throw new SubgraphUnavailableError(this.options.name, 'not-graphql', error, statusCode);
        }
        if (!isGraphQLResponse(json, statusCode)) throw new SubgraphUnavailableError(this.options.name, 'not-graphql', undefined, statusCode);
        return { statusCode, headers: responseHeaders, json };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!mayRetry || attempt > 0 || !code || !CONNECTION_ERRORS.has(code)) throw error;
      }
    }
  }

  /** Closes the keep-alive connections (gateway shutdown). */
  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** A GraphQL response: `data` (an object or null) and/or errors with messages; with 400, errors only. */
function isGraphQLResponse(json: unknown, statusCode: number): json is GatewayGraphQLResponse {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return false;
  const { data, errors } = json as { data?: unknown; errors?: unknown };
  if (errors !== undefined && !(Array.isArray(errors) && errors.every((e) => !!e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string'))) return false;
  const hasErrors = Array.isArray(errors) && errors.length > 0;
  if (statusCode === 400) return hasErrors && (data === undefined || data === null);
  return hasErrors || data === null || (typeof data === 'object' && !Array.isArray(data));
}

function failureReason(error: unknown): UnavailableReason {
  const { name, code } = error as { name?: string; code?: string };
  return name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' ? 'timeout' : 'unreachable';
}

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * A subgraph's Cache-Control header as a hint for the whole response: its max-age and
 * scope; no header, or no-store, means not cacheable (what Apollo's own data source does).
 */
export function cacheHint(header: string | string[] | undefined): { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const directives = value.toLowerCase().split(',').map((part) => part.trim());
  const maxAge = directives.find((d) => d.startsWith('max-age='))?.slice('max-age='.length);
  const hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } = { maxAge: maxAge && /^\d+$/.test(maxAge) && !directives.includes('no-store') ? Number(maxAge) : 0 };
  if (directives.includes('private')) hint.scope = 'PRIVATE';
  else if (directives.includes('public')) hint.scope = 'PUBLIC';
  return hint;
}
