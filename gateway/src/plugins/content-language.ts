import type { FastifyInstance } from 'fastify';
import { parseAcceptLanguage } from '../../../lib/locale.js';

/** Routes whose answers (data and error messages) are written in the caller's language. */
const LANGUAGE_ROUTES = /^\/(graphql$|geojson\/|open-data\/)/;

/**
 * `Content-Language` on every answer of the language routes (GraphQL POST and GET, GeoJSON,
 * open data), errors included: the language the answer is written in, `uk` also when the
 * caller asked for one we do not have (`Accept-Language: fr`), so a client can tell it was
 * not served its own. `Vary: accept-language` goes with it, for caches. The sandbox page
 * (HTML at GET /graphql) is not an answer in a language and gets neither.
 */
export function registerContentLanguage(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    if (!route || !LANGUAGE_ROUTES.test(route)) return payload;
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    reply.header('content-language', parseAcceptLanguage(request.headers['accept-language']));
    reply.header('vary', withAcceptLanguage(reply.getHeader('vary')));
    return payload;
  });
}

/** A Vary header that names accept-language, keeping what it named. */
function withAcceptLanguage(vary: unknown): string {
  const names = String(Array.isArray(vary) ? vary.join(',') : (vary ?? ''))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.some((name) => name === '*' || name.toLowerCase() === 'accept-language')) return names.join(', ');
  return [...names, 'accept-language'].join(', ');
}
