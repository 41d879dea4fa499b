import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../gateway/src/config.js';
import { createGateway, type Gateway } from '../gateway/src/gateway.js';
import { fromRoot } from '../scripts/paths.js';
import { demoPetitions } from '../subgraphs/petitions/demo/petitions.data.js';
import { demoId } from '../subgraphs/shared/demo-ids.js';
import { graphql, startGraph, TEST_GATEWAY_ENV, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

// ---------------------------------------------------------------------------------------
// Helpers: Prometheus text, a recording proxy in front of a subgraph, an OTLP collector.
// ---------------------------------------------------------------------------------------

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample of a Prometheus text exposition (comments skipped). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    const value = match[3] === '+Inf' ? Infinity : match[3] === '-Inf' ? -Infinity : Number(match[3]);
    samples.push({ name: match[1]!, labels, value });
  }
  return samples;
}

/**
 * The sum of the samples of `name` whose labels include `labels`; undefined when no
 * series matches (so a missing series is not mistaken for zero).
 */
function metricValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return matching.length ? matching.reduce((sum, s) => sum + s.value, 0) : undefined;
}

async function scrape(gatewayUrl: string): Promise<{ contentType: string | null; samples: Sample[]; text: string }> {
  const response = await fetch(new URL('/metrics', gatewayUrl));
  expect(response.status).toBe(200);
  const text = await response.text();
  return { contentType: response.headers.get('content-type'), samples: parseMetrics(text), text };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** A port nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await closeServer(server);
  return port;
}

interface RecordingProxy {
  url: string;
  /** Headers of the GraphQL POSTs that went through (health checks left out). */
  requests: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** An HTTP proxy in front of one subgraph that records each request's headers and forwards it untouched. */
async function recordingProxy(target: string): Promise<RecordingProxy> {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'POST') requests.push(req.headers);
    const upstream = httpRequest(new URL(req.url!, target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}${new URL(target).pathname}`, requests, close: () => closeServer(server) };
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

interface OtlpCollector {
  endpoint: string;
  contentTypes: string[];
  spans: OtlpSpan[];
  resourceAttributes: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A minimal OTLP/HTTP collector: records the spans POSTed to /v1/traces (JSON, the exporter's default). */
async function otlpCollector(): Promise<OtlpCollector> {
  const collector: Omit<OtlpCollector, 'endpoint' | 'close'> = { contentTypes: [], spans: [], resourceAttributes: [] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      collector.contentTypes.push(String(req.headers['content-type']));
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(415).end();
        return;
      }
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const payload = JSON.parse(body.toString('utf8')) as {
        resourceSpans?: { resource?: { attributes?: { key: string; value: Record<string, unknown> }[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
      };
      for (const resourceSpans of payload.resourceSpans ?? []) {
        collector.resourceAttributes.push(
          Object.fromEntries((resourceSpans.resource?.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]])),
        );
        for (const scope of resourceSpans.scopeSpans ?? []) collector.spans.push(...(scope.spans ?? []));
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await listen(server);
  return Object.assign(collector, { endpoint: `http://127.0.0.1:${port}/v1/traces`, close: () => closeServer(server) });
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

// ---------------------------------------------------------------------------------------

const PETITION = demoId('petition', demoPetitions.find((p) => p.city === 'kyiv' && p.status !== 'MODERATION')!.slug);

describe('gateway observability', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph({ dialect: 'sqlite' });
  });
  afterAll(async () => {
    await graph?.stop();
  });

  describe('Prometheus metrics at /metrics', () => {
    const PETITION_PAGES = 3;
    const CITY_OVERVIEWS = 2;
    let before: Awaited<ReturnType<typeof scrape>>;
    let after: Awaited<ReturnType<typeof scrape>>;
    const delta = (name: string, labels: Record<string, string> = {}) =>
      (metricValue(after.samples, name, labels) ?? 0) - (metricValue(before.samples, name, labels) ?? 0);

    beforeAll(async () => {
      before = await scrape(graph.gatewayUrl);
      for (let i = 0; i < PETITION_PAGES; i++) {
        const page = await graphql(graph.gatewayUrl, OPERATIONS.PetitionPage!, { id: PETITION });
        expect(page.errors).toBeUndefined();
        expect(page.data.petition.id).toBe(PETITION);
      }
      for (let i = 0; i < CITY_OVERVIEWS; i++) {
        const overview = await graphql(graph.gatewayUrl, OPERATIONS.CityOverview!, { city: 'kyiv' });
        expect(overview.errors).toBeUndefined();
      }
      // A name outside the manifest: counted, but never as a label of its own.
      const sneaky = await graphql(graph.gatewayUrl, 'query Sneaky { cities { id } }');
      expect(sneaky.errors).toBeUndefined();
      expect(sneaky.data.cities.length).toBeGreaterThan(0);
      // A variable of the wrong type, and a field that does not exist.
      const badVariable = await graphql(graph.gatewayUrl, OPERATIONS.CityOverview!, { city: 'kyiv', year: 'last year' });
      expect(badVariable.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      const invalid = await graphql(graph.gatewayUrl, 'query Invalid { cities { noSuchField } }');
      expect(invalid.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      after = await scrape(graph.gatewayUrl);
    });

    it('answers in the Prometheus text format', () => {
      expect(after.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(after.text).toContain('# TYPE graphql_requests_total counter');
      expect(after.text).toContain('# TYPE graphql_request_duration_seconds histogram');
      // prom-client's default process metrics are there too.
      expect(metricValue(after.samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    });

    it('counts requests per manifest operation and outcome', () => {
      expect(metricValue(after.samples, 'graphql_requests_total', { operation: 'PetitionPage', outcome: 'ok' })).toBeGreaterThanOrEqual(PETITION_PAGES);
      expect(delta('graphql_requests_total', { operation: 'PetitionPage', outcome: 'ok' })).toBe(PETITION_PAGES);
      expect(delta('graphql_requests_total', { operation: 'CityOverview', outcome: 'ok' })).toBe(CITY_OVERVIEWS);
      // The bad variable: named CityOverview, answered with an error and no data.
      expect(delta('graphql_requests_total', { operation: 'CityOverview', outcome: 'error' })).toBe(1);
      expect(delta('graphql_requests_total')).toBe(PETITION_PAGES + CITY_OVERVIEWS + 3);
    });

    it('counts operation names outside the manifest as `other`, never as their own label', () => {
      expect(delta('graphql_requests_total', { operation: 'other', outcome: 'ok' })).toBe(1);
      expect(delta('graphql_requests_total', { operation: 'other', outcome: 'error' })).toBe(1);
      const operations = new Set(after.samples.filter((s) => s.name === 'graphql_requests_total').map((s) => s.labels.operation));
      expect(operations.has('Sneaky')).toBe(false);
      expect(operations.has('Invalid')).toBe(false);
      expect(after.text).not.toContain('Sneaky');
    });

    it('counts errors by code', () => {
      expect(delta('graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
      expect(delta('graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
      expect(delta('graphql_errors_total')).toBe(2);
    });

    it('observes request latency per operation in a histogram', () => {
      const labels = { operation: 'PetitionPage' };
      const buckets = after.samples
        .filter((s) => s.name === 'graphql_request_duration_seconds_bucket' && s.labels.operation === 'PetitionPage')
        .sort((a, b) => Number(a.labels.le === '+Inf' ? Infinity : a.labels.le) - Number(b.labels.le === '+Inf' ? Infinity : b.labels.le));
      expect(buckets.length).toBeGreaterThan(1);
      expect(buckets.at(-1)!.labels.le).toBe('+Inf');
      // Cumulative buckets: never decreasing, the last one holding every observation.
      for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
      expect(delta('graphql_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(PETITION_PAGES);
      expect(delta('graphql_request_duration_seconds_count', labels)).toBe(PETITION_PAGES);
      const seconds = delta('graphql_request_duration_seconds_sum', labels);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThan(30);
    });

    it('observes subgraph fetches by subgraph and outcome', () => {
      // Every PetitionPage and CityOverview asks the petitions subgraph at least once.
      expect(metricValue(after.samples, 'subgraph_fetch_duration_seconds_count', { subgraph: 'petitions', outcome: 'ok' })).toBeGreaterThan(0);
      expect(delta('subgraph_fetch_duration_seconds_count', { subgraph: 'petitions', outcome: 'ok' })).toBeGreaterThanOrEqual(PETITION_PAGES + CITY_OVERVIEWS);
      expect(delta('subgraph_fetch_duration_seconds_count', { outcome: 'error' })).toBe(0);
      expect(delta('subgraph_fetch_duration_seconds_sum', { subgraph: 'petitions', outcome: 'ok' })).toBeGreaterThan(0);
    });

    it('counts requests refused before any operation ran (a bad token here) by code', async () => {
      const before = await scrape(graph.gatewayUrl);
      const refused = await fetch(graph.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' }, body: JSON.stringify({ query: '{ cities { id } }' }) });
      expect(refused.status).toBe(401);
      const later = await scrape(graph.gatewayUrl);
      const change = (name: string, labels: Record<string, string>) => (metricValue(later.samples, name, labels) ?? 0) - (metricValue(before.samples, name, labels) ?? 0);
      expect(change('graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
      expect(change('graphql_requests_total', { operation: 'other', outcome: 'refused' })).toBe(1);
    });

    it('counts the query plans warmed at start', () => {
      const manifest = JSON.parse(readFileSync(fromRoot('schema', 'persisted-operations.json'), 'utf8')) as { operations: unknown[] };
      expect(manifest.operations.length).toBeGreaterThan(0);
      expect(metricValue(after.samples, 'query_plan_warmups_total')).toBe(manifest.operations.length);
    });
  });

  describe('response-cache metrics', () => {
    let gateway: Gateway;
    let url: string;
    beforeAll(async () => {
      gateway = await createGateway({ ...parseGatewayConfig({ ...TEST_GATEWAY_ENV, RESPONSE_CACHE: 'true' }), subgraphUrls: graph.subgraphUrls });
      url = await gateway.listen();
    });
    afterAll(async () => {
      await gateway?.close();
    });

    it('counts a miss, then a hit answered from the cache with an Age header', async () => {
      const ask = () =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: OPERATIONS.CityOverview, variables: { city: 'vinnytsia' } }) });
      const first = await ask();
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toMatch(/max-age=[1-9]\d*, public/);
      expect(first.headers.get('age')).toBeNull();
      const firstBody = await first.json();
      const second = await ask();
      expect(second.headers.get('age')).toMatch(/^\d+$/);
      expect(await second.json()).toEqual(firstBody);

      const { samples } = await scrape(url);
      expect(metricValue(samples, 'response_cache_requests_total', { result: 'hit' })).toBe(1);
      expect(metricValue(samples, 'response_cache_requests_total', { result: 'miss' })).toBe(1);
      expect(metricValue(samples, 'graphql_requests_total', { operation: 'CityOverview', outcome: 'ok' })).toBe(2);
    });
  });

  describe('logs and request ids', () => {
    let gateway: Gateway;
    let url: string;
    let proxy: RecordingProxy;
    const lines: string[] = [];
    beforeAll(async () => {
      const stream = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          callback();
        },
      });
      proxy = await recordingProxy(graph.subgraphUrls.petitions);
      // The registry "down": a port nothing listens on.
      const subgraphUrls = { ...graph.subgraphUrls, petitions: proxy.url, registry: `http://127.0.0.1:${await deadPort()}/graphql` };
      gateway = await createGateway({ ...parseGatewayConfig(TEST_GATEWAY_ENV), subgraphUrls }, pino({ level: 'info' }, stream));
      url = await gateway.listen();
    });
    afterAll(async () => {
      await gateway?.close();
      await proxy?.close();
    });

    it('logs a failed subgraph as one JSON line and answers the rest, and forwards the caller\u02bcs x-request-id to the subgraphs', async () => {
      lines.length = 0;
      const result = await graphql(url, OPERATIONS.CityOverview!, { city: 'kyiv' }, { 'x-request-id': 'test-req-123' });
      expect(result.errors?.length).toBeGreaterThan(0);
      expect(result.errors!.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE' && e.extensions?.service === 'registry')).toBe(true);
      // The message names the service, never the internals (address, errno).
      expect(JSON.stringify(result.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);

      const entries = lines.map((line) => JSON.parse(line) as Record<string, any>);
      const failure = entries.find((e) => e.msg === 'subgraph registry failed');
      expect(failure, lines.join('\n')).toBeDefined();
      expect(failure!.level).toBe(40);
      expect(failure!.err).toBeDefined();
      expect(typeof failure!.time).toBe('number');

      // The petitions subgraph (behind the proxy) was asked with the caller's request id.
      expect(proxy.requests.length).toBeGreaterThan(0);
      for (const headers of proxy.requests) expect(headers['x-request-id']).toBe('test-req-123');
    });

    it('gives requests without an x-request-id (or with an unusable one) a fresh id, forwarded to the subgraphs', async () => {
      proxy.requests.length = 0;
      // Petitions only: the registry is down here.
      const query = 'query PetitionTitle($id: ID!) { petition(id: $id) { id title } }';
      expect((await graphql(url, query, { id: PETITION })).data?.petition?.id).toBe(PETITION);
      expect((await graphql(url, query, { id: PETITION }, { 'x-request-id': 'bad id with spaces' })).data?.petition?.id).toBe(PETITION);
      const ids = proxy.requests.map((h) => h['x-request-id']);
      expect(ids).toHaveLength(2);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(ids[0]).not.toBe(ids[1]);
    });

    it('carries the caller\u02bcs reqId on the warning logged for a failed subgraph', async () => {
      lines.length = 0;
      await graphql(url, OPERATIONS.CityOverview!, { city: 'kyiv' }, { 'x-request-id': 'test-req-456' });
      const failures = lines.map((line) => JSON.parse(line) as Record<string, any>).filter((e) => e.msg === 'subgraph registry failed');
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) expect(failure.reqId).toBe('test-req-456');
    });
  });

  describe('OpenTelemetry tracing', () => {
    let gateway: Gateway;
    let url: string;
    let proxy: RecordingProxy;
    let collector: OtlpCollector;
    beforeAll(async () => {
      collector = await otlpCollector();
      proxy = await recordingProxy(graph.subgraphUrls.petitions);
      gateway = await createGateway({
        ...parseGatewayConfig({ ...TEST_GATEWAY_ENV, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.endpoint }),
        subgraphUrls: { ...graph.subgraphUrls, petitions: proxy.url },
      });
      url = await gateway.listen();
    });
    afterAll(async () => {
      // Flushes the remaining spans and unregisters the global providers.
      await gateway?.close();
      await proxy?.close();
      await collector?.close();
    });

    it('continues the caller\u02bcs trace: a server span, a span per subgraph call, traceparent to the subgraph', async () => {
      const traceId = hex(16);
      const callerSpanId = hex(8);
      const result = await graphql(url, OPERATIONS.PetitionPage!, { id: PETITION }, { traceparent: `00-${traceId}-${callerSpanId}-01`, 'x-request-id': 'trace-req-1' });
      expect(result.errors).toBeUndefined();
      expect(result.data.petition.id).toBe(PETITION);

      // What the subgraph received: the same trace, a parent of the gateway's own, and the request id.
      expect(proxy.requests.length).toBeGreaterThan(0);
      const sent = proxy.requests[0]!;
      const traceparent = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(sent.traceparent));
      expect(traceparent, `traceparent ${sent.traceparent}`).not.toBeNull();
      expect(traceparent![1]).toBe(traceId);
      expect(traceparent![2]).not.toBe(callerSpanId);
      expect(sent['x-request-id']).toBe('trace-req-1');

      const spans = await waitFor('the server and subgraph spans', () => {
        const inTrace = collector.spans.filter((s) => s.traceId === traceId);
        return inTrace.some((s) => s.kind === 2) && inTrace.some((s) => s.name === 'subgraph petitions') ? inTrace : undefined;
      });
      expect(collector.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);
      expect(collector.resourceAttributes.some((a) => a['service.name'] === 'participation-gateway')).toBe(true);

      const server = spans.find((s) => s.kind === 2)!; // SPAN_KIND_SERVER
      expect(server.name).toBe('POST /graphql');
      expect(server.parentSpanId).toBe(callerSpanId);

      const subgraphSpans = spans.filter((s) => s.name === 'subgraph petitions');
      for (const span of subgraphSpans) expect(span.kind).toBe(3); // SPAN_KIND_CLIENT
      // The subgraph request's parent is the gateway's span for that call...
      const call = subgraphSpans.find((s) => s.spanId === traceparent![2]);
      expect(call, `no exported span ${traceparent![2]} among ${JSON.stringify(subgraphSpans)}`).toBeDefined();
      // ...which descends from the request's server span.
      const byId = new Map(spans.map((s) => [s.spanId, s]));
      let ancestor: OtlpSpan | undefined = call;
      const chain: string[] = [];
      while (ancestor && ancestor !== server) {
        chain.push(ancestor.name);
        ancestor = ancestor.parentSpanId ? byId.get(ancestor.parentSpanId) : undefined;
      }
      expect(ancestor, `subgraph span's ancestors: ${chain.join(' < ')}`).toBe(server);
    });
  });
});
