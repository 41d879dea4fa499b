import { BadInputError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { requireCity, requireDistrict } from '../../../lib/places.js';
import { isUuid } from '../../shared/refs.js';
import { requireText } from '../../shared/text.js';

/** Text limits, in characters after trimming (Kyiv's portal asks for a short title and a reasoned text). */
export const TITLE_LIMITS = { min: 10, max: 200 } as const;
export const BODY_LIMITS = { min: 50, max: 10_000 } as const;
export const REASON_LIMITS = { min: 10, max: 2_000 } as const;
export const RESPONSE_LIMITS = { min: 20, max: 20_000 } as const;
const MAX_HERITAGE_OBJECTS = 20;

export interface ValidSubmission {
  city: string;
  district: string | null;
  title: string;
  body: string;
  initiatorOrganizationId: string | null;
  heritageObjectIds: string[];
}

/** Checks everything this subgraph can check on its own; the organisation is checked with the registry. */
export function validateSubmission(input: {
  city: string;
  district?: string | null;
  title: string;
  body: string;
  initiatorOrganizationId?: string | null;
  heritageObjectIds?: string[] | null;
}): ValidSubmission {
  const city = requireCity('input.city', input.city).id;
  const district = input.district ? requireDistrict('input.district', input.district, city).id : null;
  const title = requireText('input.title', input.title, TITLE_LIMITS);
  const body = requireText('input.body', input.body, BODY_LIMITS);
  const organization = input.initiatorOrganizationId ?? null;
  if (organization !== null && !isUuid(organization)) throw new BadInputError('input.initiatorOrganizationId', message('reference.unknownOrganisation'));
  const heritage = [...new Set(input.heritageObjectIds ?? [])];
  if (heritage.length > MAX_HERITAGE_OBJECTS) throw new BadInputError('input.heritageObjectIds', message('petition.tooManyHeritageObjects', { max: MAX_HERITAGE_OBJECTS }));
  if (heritage.some((id) => !isUuid(id))) throw new BadInputError('input.heritageObjectIds', message('reference.unknownHeritageObject'));
  return { city, district, title, body, initiatorOrganizationId: organization, heritageObjectIds: heritage };
}
