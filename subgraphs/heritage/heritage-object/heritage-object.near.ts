import type { Knex } from '@mikro-orm/knex';
import type { RequestContext } from '../../shared/context.js';
import { decodeCursor, encodeCursor, lazySource, type ConnectionSource } from '../../shared/pagination.js';
import { BadInputError } from '../../shared/errors.js';
import { boxAround, distanceMeters } from './geo.js';
import type { HeritageObject } from './heritage-object.entity.js';
import type { NearInput } from './heritage-object.input.js';
import { heritageObjectById } from './heritage-object.loader.js';
import { whereInBox } from './heritage-object.query.js';

interface Candidate {
  id: string;
  distance: number;
}

/**
 * Objects within a circle, nearest first: the (lat, lng) index answers the circle's
 * bounding box with ids and coordinates only, exact great-circle distances drop the
 * corners and order what is left, and only the page's objects are read whole (a second
 * statement, by id). A dense city centre puts hundreds of monuments in a box; reading and
 * mapping each of them whole cost ten times more at ten times the monuments. Cursors
 * hold (distance, id) of the last object seen.
 */
export function nearSource(ctx: RequestContext, base: Knex.QueryBuilder, near: NearInput, first: number, after: string | null | undefined): ConnectionSource<HeritageObject> {
  let candidates: Promise<Candidate[]> | undefined;
  const load = () =>
    (candidates ??= (async () => {
      const query = whereInBox(base.clone().clearSelect().select('h.id', 'h.lat', 'h.lng'), boxAround(near.lat, near.lng, near.radiusMeters));
      const rows: { id: string; lat: number; lng: number }[] = await ctx.em.execute(query);
      return rows
        .map((row) => ({ id: row.id, distance: distanceMeters(near.lat, near.lng, Number(row.lat), Number(row.lng)) }))
        .filter((c) => c.distance <= near.radiusMeters)
        .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    })());
  return lazySource(
    async () => (await load()).length,
    async () => {
      let list = await load();
      if (after) {
        const [distance, id] = decodeCursor(after, 2);
        if (typeof distance !== 'number' || typeof id !== 'string') throw new BadInputError('after', 'This cursor belongs to another list or order');
        list = list.filter((c) => c.distance > distance || (c.distance === distance && c.id > id));
      }
      const page = list.slice(0, first);
      const objects = await heritageObjectById(ctx).loadMany(page.map((c) => c.id));
      // Found a moment ago; one deleted since is left out rather than answered as an error.
      const found = page.flatMap((c, i) => (objects[i] instanceof Error || !objects[i] ? [] : [{ candidate: c, object: objects[i] as HeritageObject }]));
      return {
        nodes: found.map((f) => f.object),
        cursors: found.map((f) => encodeCursor([f.candidate.distance, f.candidate.id])),
        hasNextPage: list.length > first,
      };
    },
  );
}
