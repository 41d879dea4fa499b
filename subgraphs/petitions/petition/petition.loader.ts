import type { RequestContext } from '../../shared/context.js';
import { byIdLoader, linkedIdsLoader, viewerOwnsLoader } from '../../shared/loaders.js';
import { PetitionHeritageObject } from '../links/petition-heritage-object.entity.js';
import { Signature } from '../signature/signature.entity.js';
import { Petition } from './petition.entity.js';
import { canSeePetition } from './petition.visibility.js';

/** Petitions by id the caller may see (others answer null), for lookups and `_entities`: one statement per request. */
export const petitionById = (ctx: RequestContext) => byIdLoader(ctx, Petition, (petition) => canSeePetition(ctx.viewer, petition));

/** The heritage objects each petition concerns (their ids): one statement per request. */
export const heritageIdsOfPetition = (ctx: RequestContext) => linkedIdsLoader(ctx, PetitionHeritageObject, 'petition', 'heritageObjectId');

/** Whether the caller signed each petition: one statement per request, none for anonymous callers. */
export const signedByViewer = (ctx: RequestContext) => viewerOwnsLoader(ctx, Signature, 'petition', 'signer');
