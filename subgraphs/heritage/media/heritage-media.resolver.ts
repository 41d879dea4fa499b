import type DataLoader from 'dataloader';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { groupByKey } from '../../shared/queries.js';
import { HeritageObject } from '../heritage-object/heritage-object.entity.js';
import { HeritageMedia } from './heritage-media.entity.js';

/** Each monument's links, newest first: one statement for every monument of the request. */
function mediaOf(ctx: RequestContext): DataLoader<string, HeritageMedia[]> {
  return ctx.loaders.get('HeritageObject.media', async (ids: readonly string[]) => {
    const rows = await ctx.em.find(HeritageMedia, { heritageObject: { $in: [...ids] } }, { orderBy: [{ addedAt: 'desc' }, { id: 'asc' }] });
    return groupByKey(ids, rows, (row) => row.heritageObject.id);
  });
}

@Resolver(() => HeritageObject)
export class HeritageMediaResolver {
  @FieldResolver(() => [HeritageMedia], { description: 'Photographs, newest first (inspectors\u02bc and accepted residents\u02bc).' })
  async photos(@Root() object: HeritageObject, @Ctx() ctx: RequestContext): Promise<HeritageMedia[]> {
    return (await mediaOf(ctx).load(object.id)).filter((m) => m.kind === 'PHOTO');
  }

  @FieldResolver(() => [HeritageMedia], { description: 'Documents: register entries, passports, inspection acts.' })
  async documents(@Root() object: HeritageObject, @Ctx() ctx: RequestContext): Promise<HeritageMedia[]> {
    return (await mediaOf(ctx).load(object.id)).filter((m) => m.kind === 'DOCUMENT');
  }
}
