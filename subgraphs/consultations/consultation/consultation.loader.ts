import type DataLoader from 'dataloader';
import type { RequestContext } from '../../shared/context.js';
import { findByIds, groupByKey } from '../../shared/queries.js';
import { isUuid } from '../../shared/refs.js';
import { ConsultationHeritageObject } from '../links/consultation-heritage-object.entity.js';
import { ConsultationOrganizer } from '../links/consultation-organizer.entity.js';
import { Consultation } from './consultation.entity.js';

/** Consultations by id, for lookups and `_entities`: one statement per request. */
export function consultationById(ctx: RequestContext): DataLoader<string, Consultation | null> {
  return ctx.loaders.get('Consultation.byId', async (ids: readonly string[]) => {
    const valid = ids.filter(isUuid);
    const found = valid.length ? await findByIds(ctx.em, Consultation, valid) : [];
    const byId = new Map(found.filter((c): c is Consultation => !!c).map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** The organisations organising each consultation (their ids), one statement per request. */
export function organizerIdsOfConsultation(ctx: RequestContext): DataLoader<string, string[]> {
  return ctx.loaders.get('Consultation.organizers', async (consultationIds: readonly string[]) => {
    const links = await ctx.em.find(
      ConsultationOrganizer,
      { consultation: { $in: [...consultationIds] } },
      { orderBy: { organizationId: 'asc' } },
    );
    return groupByKey(consultationIds, links, (link) => link.consultation.id).map((group) => group.map((l) => l.organizationId));
  });
}

/** The heritage objects each consultation concerns (their ids), one statement per request. */
export function heritageIdsOfConsultation(ctx: RequestContext): DataLoader<string, string[]> {
  return ctx.loaders.get('Consultation.heritageObjects', async (consultationIds: readonly string[]) => {
    const links = await ctx.em.find(
      ConsultationHeritageObject,
      { consultation: { $in: [...consultationIds] } },
      { orderBy: { heritageObjectId: 'asc' } },
    );
    return groupByKey(consultationIds, links, (link) => link.consultation.id).map((group) => group.map((l) => l.heritageObjectId));
  });
}
