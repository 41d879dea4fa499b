import type { ApolloServer } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { message, render } from '../../../lib/messages/index.js';
import { requestLocale } from '../../../lib/request-scope.js';
import type { GatewayContext } from '../context.js';
import type { RateLimiter } from './rate-limit.js';
import { cacheControl, chargeAnonymous, executeAnonymously, restrict, UNRESTRICTED, type CachePolicy } from './rest-route.js';

/**
 * `GET /geojson/heritage-objects`: the heritage map search as an RFC 7946 GeoJSON
 * FeatureCollection (`application/geo+json`) for map front-ends, which want a layer, not a
 * GraphQL page. It runs the same `heritageObjects` query through the gateway (same
 * validation, same subgraph), following cursors up to `limit`.
 *
 * Query parameters: `lat`, `lng`, `radiusMeters` (together: nearest first) or
 * `bbox=west,south,east,north` (RFC 7946 order); `city`, `district`, `significance`,
 * `type`, `condition`; `limit` (1–1000, default 500).
 *
 * The answer carries the query's cache policy, as a GraphQL answer would (the most
 * restrictive over the pages read), varies with the language only (the route is
 * anonymous), and says whether it stopped at `limit` with more objects left: the
 * FeatureCollection's foreign members `limit` and `truncated` (RFC 7946, section 6.1).
 */
const number = z.coerce.number().refine(Number.isFinite, 'must be a number');
const params = z
  .object({
    lat: number.optional(),
    lng: number.optional(),
    radiusMeters: z.coerce.number().int().optional(),
    bbox: z
      .string()
      .transform((value) => value.split(',').map(Number))
      .refine((values) => values.length === 4 && values.every(Number.isFinite), 'bbox is west,south,east,north')
      .optional(),
    city: z.string().optional(),
    district: z.string().optional(),
    significance: z.string().optional(),
    type: z.string().optional(),
    condition: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  })
  .strict();

const QUERY = /* GraphQL */ `
  query HeritageGeoJSON($filter: HeritageObjectFilter, $first: Int, $after: String) {
    heritageObjects(filter: $filter, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id name protectionNumber significance types condition address location { lat lng } } }
    }
  }
`;

interface Page {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: Node }[];
}

interface Node {
  id: string;
  location: { lat: number; lng: number };
  [property: string]: unknown;
}

export function registerGeoJson(app: FastifyInstance, apollo: ApolloServer<GatewayContext>, consumeRateLimit: RateLimiter): void {
  app.get('/geojson/heritage-objects', async (request, reply) => {
    // Refusals and failures are never stored; an answer replaces this with its policy.
    reply.header('cache-control', 'no-store').header('vary', 'accept-language');
    // Anonymous, so by address: the same allowance as the caller's GraphQL requests.
    if (!(await chargeAnonymous(consumeRateLimit, request, reply))) return reply;
    const parsed = params.safeParse(request.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const unknown = (issue as { keys?: string[] }).keys?.[0];
      const field = issue.path.join('.') || String(unknown ?? '');
      const why = unknown !== undefined ? message('geojson.unknownParameter', { parameter: field }) : message('geojson.badParameter', { parameter: field });
      return reply.code(400).send({ error: render(requestLocale(), why), field });
    }
    const q = parsed.data;
    const near = q.lat !== undefined || q.lng !== undefined || q.radiusMeters !== undefined;
    if (near && (q.lat === undefined || q.lng === undefined || q.radiusMeters === undefined)) {
      return reply.code(400).send({ error: render(requestLocale(), message('geojson.nearTogether')), field: q.lat === undefined ? 'lat' : q.lng === undefined ? 'lng' : 'radiusMeters' });
    }
    const filter = {
      ...(near ? { near: { lat: q.lat, lng: q.lng, radiusMeters: q.radiusMeters } } : {}),
      ...(q.bbox ? { within: { west: q.bbox[0], south: q.bbox[1], east: q.bbox[2], north: q.bbox[3] } } : {}),
      ...Object.fromEntries((['city', 'district', 'significance', 'type', 'condition'] as const).filter((k) => q[k]).map((k) => [k, q[k]])),
    };
    const nodes: Node[] = [];
    let after: string | null = null;
    let policy: CachePolicy = UNRESTRICTED;
    let more = false;
    while (nodes.length < q.limit) {
      const { result, cacheControl: header } = await executeAnonymously(apollo, request, QUERY, { filter, first: Math.min(100, q.limit - nodes.length), after });
      const error = result?.errors?.[0];
      if (error || !result?.data) {
        const code = error?.extensions?.code;
        // Name the query parameter, not the GraphQL input field behind it.
        const given = typeof error?.extensions?.field === 'string' ? error.extensions.field : undefined;
        const field = given?.startsWith('filter.within') ? 'bbox' : given?.replace(/^filter\.(near\.)?/, '');
        const status = code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED' ? 400 : 502;
        return reply.code(status).send({ error: error?.message ?? render(requestLocale(), message('route.noAnswer')), ...(field ? { field } : {}) });
      }
      policy = restrict(policy, header);
      const page: Page = (result.data as { heritageObjects: Page }).heritageObjects;
      nodes.push(...page.edges.map((edge) => edge.node));
      more = page.pageInfo.hasNextPage && Boolean(page.pageInfo.endCursor);
      if (!more) break;
      after = page.pageInfo.endCursor;
    }
    const features = nodes.map(({ location, ...properties }) => ({
      type: 'Feature' as const,
      id: properties.id,
      // RFC 7946: positions are [longitude, latitude], WGS 84.
      geometry: { type: 'Point' as const, coordinates: [location.lng, location.lat] },
      properties,
    }));
    return reply
      .type('application/geo+json; charset=utf-8')
      .header('cache-control', cacheControl(policy))
      .send({ type: 'FeatureCollection', features, limit: q.limit, truncated: more });
  });
}
