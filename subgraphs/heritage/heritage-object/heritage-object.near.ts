import type { Knex } from '@mikro-orm/knex';
import type { RequestContext } from '../../shared/context.js';
import { decodeCursor, encodeCursor, lazySource, type ConnectionSource } from '../../shared/pagination.js';
import { BadInputError } from '../../shared/errors.js';
import { boxAround, distanceMeters } from './geo.js';
import { HeritageObject } from './heritage-object.entity.js';
import type { NearInput } from './heritage-object.input.js';
import { whereInBox } from './heritage-object.query.js';

interface Candidate {
  object: HeritageObject;
  distance: number;
}

/**
 * Objects within a circle, nearest first: the (lat, lng) index answers the circle's
 * bounding box in one statement, then exact great-circle distances drop the corners and
 * order what is left. Cursors hold (distance, id) of the last object seen.
 */
export function nearSource(ctx: RequestContext, base: Knex.QueryBuilder, near: NearInput, first: number, after: string | null | undefined): ConnectionSource<HeritageObject> {
  let candidates: Promise<Candidate[]> | undefined;
  const load = () =>
    (candidates ??= (async () => {
      const query = whereInBox(base.clone(), boxAround(near.lat, near.lng, near.radiusMeters));
      const rows: Record<string, unknown>[] = await ctx.em.execute(query);
      return rows
        .map((row) => {
          const object = ctx.em.map(HeritageObject, row as never);
          return { object, distance: distanceMeters(near.lat, near.lng, object.lat, object.lng) };
        })
        .filter((c) => c.distance <= near.radiusMeters)
        .sort((a, b) => a.distance - b.distance || (a.object.id < b.object.id ? -1 : a.object.id > b.object.id ? 1 : 0));
    })());
  return lazySource(
    async () => (await load()).length,
    async () => {
      let list = await load();
      if (after) {
        const [distance, id] = decodeCursor(after, 2);
        if (typeof distance !== 'number' || typeof id !== 'string') throw new BadInputError('after', 'This cursor belongs to another list or order');
        list = list.filter((c) => c.distance > distance || (c.distance === distance && c.object.id > id));
      }
      const page = list.slice(0, first);
      return {
        nodes: page.map((c) => c.object),
        cursors: page.map((c) => encodeCursor([c.distance, c.object.id])),
        hasNextPage: list.length > first,
      };
    },
  );
}
