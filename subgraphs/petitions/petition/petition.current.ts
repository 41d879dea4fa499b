import type { RequestContext } from '../../shared/context.js';
import { NotFoundError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { findCurrent } from '../../shared/writes.js';
import { Petition } from './petition.entity.js';
import { petitionById } from './petition.loader.js';
import { canSeePetition } from './petition.visibility.js';

/** The petition as it is now; later fields of the request (through `_entities`, say) see the same. */
export async function currentPetition(ctx: RequestContext, id: string): Promise<Petition> {
  const petition = await findCurrent(ctx, Petition, id, 'id', 'petition');
  petitionById(ctx).clear(id).prime(id, petition);
  return petition;
}

/** The petition as it is now, if the caller may see it: one in moderation is NOT_FOUND to anyone else, as in reads. */
export async function currentVisiblePetition(ctx: RequestContext, id: string): Promise<Petition> {
  const petition = await currentPetition(ctx, id);
  if (!canSeePetition(ctx.viewer, petition)) throw new NotFoundError('id', message('reference.notFound', { thing: 'petition', id }));
  return petition;
}
