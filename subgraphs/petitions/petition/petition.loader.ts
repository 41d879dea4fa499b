import type DataLoader from 'dataloader';
import type { RequestContext } from '../../shared/context.js';
import { findByIds, groupByKey } from '../../shared/queries.js';
import { isUuid } from '../../shared/refs.js';
import { PetitionHeritageObject } from '../links/petition-heritage-object.entity.js';
import { Petition } from './petition.entity.js';

/** Petitions by id, for lookups and `_entities`: one statement per request. */
export function petitionById(ctx: RequestContext): DataLoader<string, Petition | null> {
  return ctx.loaders.get('Petition.byId', async (ids: readonly string[]) => {
    const valid = ids.filter(isUuid);
    const found = valid.length ? await findByIds(ctx.em, Petition, valid) : [];
    const byId = new Map(found.filter((p): p is Petition => !!p).map((p) => [p.id, p]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** The heritage objects each petition concerns (their ids), one statement per request. */
export function heritageIdsOfPetition(ctx: RequestContext): DataLoader<string, string[]> {
  return ctx.loaders.get('Petition.heritageObjects', async (petitionIds: readonly string[]) => {
    const links = await ctx.em.find(
      PetitionHeritageObject,
      { petition: { $in: [...petitionIds] } },
      { orderBy: { heritageObjectId: 'asc' } },
    );
    return groupByKey(petitionIds, links, (link) => link.petition.id).map((group) => group.map((l) => l.heritageObjectId));
  });
}
