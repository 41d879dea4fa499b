import type { FastifyInstance } from 'fastify';
import { parseAcceptLanguage } from '../../../lib/locale.js';
import { message, render } from '../../../lib/messages/index.js';

/**
 * Whether a parsed JSON value nests objects and arrays deeper than `limit` (the value
 * itself, if an object or array, is level 1). Walked with an explicit stack, never by
 * recursion: the point is to refuse, cheaply, what would overflow recursive code later
 * (variable coercion, cache keys, logging, serialisation).
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > limit) return true;
    for (const inner of Array.isArray(item) ? item : Object.values(item)) {
      if (inner !== null && typeof inner === 'object') pending.push([inner, depth + 1]);
    }
  }
  return false;
}

/** The JSON a GET request carries in its query string (`variables`, `extensions`), parsed; what does not parse is left to GraphQL to refuse. */
function queryJson(query: unknown): unknown[] {
  if (!query || typeof query !== 'object') return [];
  const values: unknown[] = [];
  for (const name of ['variables', 'extensions']) {
    const text = (query as Record<string, unknown>)[name];
    if (typeof text !== 'string') continue;
    try {
      values.push(JSON.parse(text));
    } catch {
      // Apollo answers 400 for JSON it cannot read.
    }
  }
  return values;
}

/**
 * Refuses requests whose JSON nests deeper than `maxDepth` (a GraphQL request needs a
 * handful of levels: the body, `variables`, an input, a list, an object in it) with 400
 * `BAD_REQUEST` in the GraphQL error shape, before any GraphQL work, identity check or
 * rate-limit lookup. Applies to every route: a POST body, and the JSON query parameters of
 * a GET.
 */
export function registerJsonDepthLimit(app: FastifyInstance, maxDepth: number): void {
  app.addHook('preHandler', async (request, reply) => {
    const carried = request.body !== undefined ? [request.body, ...queryJson(request.query)] : queryJson(request.query);
    if (!carried.some((value) => nestsDeeperThan(value, maxDepth))) return;
    return reply.code(400).send({
      errors: [{ message: render(parseAcceptLanguage(request.headers['accept-language']), message('request.jsonDepth', { max: maxDepth })), extensions: { code: 'BAD_REQUEST', maxDepth } }],
    });
  });
}
