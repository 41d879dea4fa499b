import type { Knex } from '@mikro-orm/knex';
import type { RequestContext } from '../../shared/context.js';
import { decodeCursor, encodeCursor, lazySource, type ConnectionSource } from '../../shared/pagination.js';
import { boxAround, distanceSql } from './geo.js';
import { HeritageObject } from './heritage-object.entity.js';
import type { NearInput } from './heritage-object.input.js';
import { whereInBox } from './heritage-object.query.js';

/**
 * Objects within a circle, nearest first, in one statement: the (lat, lng, id) index
 * answers the circle's bounding box, the database computes each candidate's great-circle
 * distance (the haversine of geo.ts, in SQL), drops the corners, counts what is left and
 * orders it, and only the page's rows are read whole. A dense city centre puts a thousand
 * monuments in a box; none of them reaches JavaScript unless it is on the page, so the
 * cost of a page stays close to the cost of its rows. Cursors hold (distance, id) of the
 * last object seen.
 */
export function nearSource(ctx: RequestContext, base: Knex.QueryBuilder, near: NearInput, first: number, after: string | null | undefined): ConnectionSource<HeritageObject> {
  const knex = ctx.em.getKnex();
  const box = boxAround(near.lat, near.lng, near.radiusMeters);
  // Over the list's base query (`heritage_object as h` and its filters); a subquery keeps its own `h`.
  const distance = distanceSql('h.lat', 'h.lng', near.lat, near.lng);
  const inCircle = () => whereInBox(base.clone().clearSelect(), box).whereRaw(`${distance.sql} <= ?`, [...distance.bindings, near.radiusMeters]);
  let page: Promise<{ total: number; rows: { object: HeritageObject; distance: number }[] }> | undefined;
  const load = () =>
    (page ??= (async () => {
      const cursor = after ? positionAfter(after) : null;
      // Ids and distances of the page, from the index alone; then those rows whole.
      const candidates = inCircle()
        .select('h.id', knex.raw(`${distance.sql} as distance`, distance.bindings))
        .orderBy([{ column: 'distance' }, { column: 'h.id' }])
        .limit(first + 1);
      if (cursor) {
        candidates.whereRaw(`(${distance.sql} > ? or (${distance.sql} = ? and h.id > ?))`, [...distance.bindings, cursor[0], ...distance.bindings, cursor[0], cursor[1]]);
      }
      const total = inCircle().count({ total: '*' });
      const query = knex
        .select('o.*', 'p.distance', knex.raw('(?) as __total', [total]))
        .from(candidates.as('p'))
        .join('heritage_object as o', 'o.id', 'p.id')
        .orderBy([{ column: 'p.distance' }, { column: 'o.id' }]);
      const rows: Record<string, unknown>[] = await ctx.em.execute(query);
      // An empty page still needs the count (a cursor past the last object).
      const counted = rows.length ? Number(rows[0]!.__total) : Number(((await ctx.em.execute(total)) as { total: number | string }[])[0]?.total ?? 0);
      return {
        total: counted,
        rows: rows.map(({ distance: d, __total: _t, ...columns }) => ({ object: ctx.em.map(HeritageObject, columns as never), distance: Number(d) })),
      };
    })());
  return lazySource(
    async () => (await load()).total,
    async () => {
      const { rows } = await load();
      const shown = rows.slice(0, first);
      return {
        nodes: shown.map((r) => r.object),
        cursors: shown.map((r) => encodeCursor([r.distance, r.object.id])),
        hasNextPage: rows.length > first,
      };
    },
  );
}

/** The (distance, id) a nearest-first cursor holds. */
function positionAfter(after: string): [number, string] {
  const [distance, id] = decodeCursor(after, [{ kind: 'distance' }, { kind: 'uuid' }]);
  return [distance as number, id as string];
}
