import { v4 as uuid } from 'uuid';
import { requireRole } from '../../shared/auth.js';
import { forgetLoaded, type RequestContext } from '../../shared/context.js';
import { BadInputError, ConflictError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { requireKnownHeritageObjects, requireMeasureOfCity, requireRegisteredOrganizations } from '../../shared/peer-checks.js';
import type { PeerQuery } from '../../shared/peers.js';
import { requireCity, requireDistrict } from '../../../lib/places.js';
import { isUuid } from '../../shared/refs.js';
import { findCurrent } from '../../shared/writes.js';
import { recordEvent } from '../../shared/outbox/record-event.js';
import { optionalText, requireText } from '../../shared/text.js';
import { ConsultationHeritageObject } from '../links/consultation-heritage-object.entity.js';
import { ConsultationOrganizer } from '../links/consultation-organizer.entity.js';
import { SurveyOption } from '../survey/survey-option.entity.js';
import { SurveyQuestion } from '../survey/survey-question.entity.js';
import { SCALE_MAX, SCALE_MIN, SurveyQuestionKind } from '../survey/survey.enums.js';
import type { ConsultationInput, SurveyQuestionInput } from './consultation-staff.input.js';
import { Consultation } from './consultation.entity.js';
import { ConsultationStatus } from './consultation.enums.js';
import { consultationStatus } from './consultation.query.js';

const TITLE = { min: 5, max: 300 };
const DESCRIPTION = { min: 20, max: 20_000 };
const QUESTION = { min: 3, max: 1_000 };
const OPTION = { min: 1, max: 300 };
const OUTCOME = { min: 20, max: 50_000 };
const MAX_QUESTIONS = 50;

const current = (ctx: RequestContext, id: string) => findCurrent(ctx, Consultation, id, 'id', 'consultation');


/** A survey as rows, checked: texts, kinds, 2–20 distinct options for choice questions, none for others. */
function surveyRows(consultationId: string, survey: readonly SurveyQuestionInput[]) {
  if (survey.length > MAX_QUESTIONS) throw new BadInputError('input.survey', message('survey.tooManyQuestions', { max: MAX_QUESTIONS }));
  const questions: Partial<SurveyQuestion>[] = [];
  const options: Partial<SurveyOption>[] = [];
  survey.forEach((input, i) => {
    const at = `input.survey[${i}]`;
    const id = uuid();
    const choice = input.kind === SurveyQuestionKind.SINGLE_CHOICE || input.kind === SurveyQuestionKind.MULTIPLE_CHOICE;
    const texts = input.options ?? [];
    if (choice && (texts.length < 2 || texts.length > 20)) throw new BadInputError(`${at}.options`, message('survey.choiceOptionCount', { field: `${at}.options`, min: 2, max: 20 }));
    if (!choice && texts.length) throw new BadInputError(`${at}.options`, message('survey.noOptionsForKind', { field: `${at}.options`, kind: input.kind }));
    if (input.optionsEn && input.optionsEn.length !== texts.length) throw new BadInputError(`${at}.optionsEn`, message('survey.optionsEnMismatch', { field: `${at}.optionsEn` }));
    const cleaned = texts.map((text, j) => requireText(`${at}.options[${j}]`, text, OPTION));
    if (new Set(cleaned).size !== cleaned.length) throw new BadInputError(`${at}.options`, message('survey.duplicateOptions', { field: `${at}.options` }));
    questions.push({
      id,
      consultation: consultationId as never,
      position: i + 1,
      textUk: requireText(`${at}.text`, input.text, QUESTION),
      textEn: optionalText(`${at}.textEn`, input.textEn, QUESTION),
      kind: input.kind,
      required: input.required ?? false,
      scaleMin: input.kind === SurveyQuestionKind.SCALE ? SCALE_MIN : null,
      scaleMax: input.kind === SurveyQuestionKind.SCALE ? SCALE_MAX : null,
    });
    cleaned.forEach((text, j) =>
      options.push({ id: uuid(), question: id as never, position: j + 1, textUk: text, textEn: optionalText(`${at}.optionsEn[${j}]`, input.optionsEn?.[j], OPTION), responseCount: 0 }),
    );
  });
  return { questions, options };
}

function uniqueIds(field: string, ids: readonly string[] | null | undefined): string[] {
  const unique = [...new Set(ids ?? [])];
  const bad = unique.find((id) => !isUuid(id));
  if (bad) throw new BadInputError(field, message('id.unknown', { field, id: bad }));
  return unique;
}

/**
 * The checked fields of a create or an edit, merged over what is stored. Every check
 * happens before any write; references to other subgraphs are asked of them.
 */
async function validated(ctx: RequestContext, peers: PeerQuery, input: ConsultationInput, stored: Consultation | null) {
  const city = stored ? stored.city : requireCity('input.city', input.city ?? '').id;
  if (stored && input.city && input.city !== stored.city) throw new BadInputError('input.city', message('consultation.cityFixed'));
  const district = input.district !== undefined ? (input.district ? requireDistrict('input.district', input.district, city).id : null) : (stored?.district ?? null);
  const format = input.format ?? stored?.format;
  if (!format) throw new BadInputError('input.format', message('input.required', { field: 'input.format' }));
  const opensAt = input.opensAt ?? stored?.opensAt;
  const closesAt = input.closesAt ?? stored?.closesAt;
  if (!opensAt) throw new BadInputError('input.opensAt', message('input.required', { field: 'input.opensAt' }));
  if (!closesAt) throw new BadInputError('input.closesAt', message('input.required', { field: 'input.closesAt' }));
  if (opensAt <= ctx.now) throw new BadInputError('input.opensAt', message('consultation.opensInPast'));
  if (closesAt <= opensAt) throw new BadInputError('input.closesAt', message('consultation.closesBeforeOpens'));
  const organizerIds = input.organizerIds != null ? uniqueIds('input.organizerIds', input.organizerIds) : null;
  const heritageObjectIds = input.heritageObjectIds != null ? uniqueIds('input.heritageObjectIds', input.heritageObjectIds) : null;
  const fields = {
    city,
    district,
    format,
    opensAt,
    closesAt,
    titleUk: input.title != null || !stored ? requireText('input.title', input.title, TITLE) : stored.titleUk,
    titleEn: input.titleEn !== undefined ? optionalText('input.titleEn', input.titleEn, TITLE) : (stored?.titleEn ?? null),
    descriptionUk: input.description != null || !stored ? requireText('input.description', input.description, DESCRIPTION) : stored.descriptionUk,
    descriptionEn: input.descriptionEn !== undefined ? optionalText('input.descriptionEn', input.descriptionEn, DESCRIPTION) : (stored?.descriptionEn ?? null),
    measureId: input.measureId !== undefined ? (input.measureId ?? null) : (stored?.measureId ?? null),
  };
  const id = stored?.id ?? uuid();
  const survey = input.survey != null ? surveyRows(id, input.survey) : null;
  if (organizerIds) await requireRegisteredOrganizations(peers, 'input.organizerIds', organizerIds);
  if (heritageObjectIds) await requireKnownHeritageObjects(peers, 'input.heritageObjectIds', heritageObjectIds);
  if (input.measureId) await requireMeasureOfCity(peers, 'input.measureId', input.measureId, city);
  return { id, fields, organizerIds, heritageObjectIds, survey };
}

async function writeLinks(tx: RequestContext['em'], id: string, plan: Awaited<ReturnType<typeof validated>>): Promise<void> {
  if (plan.organizerIds) {
    await tx.nativeDelete(ConsultationOrganizer, { consultation: id });
    if (plan.organizerIds.length) await tx.insertMany(ConsultationOrganizer, plan.organizerIds.map((organizationId) => ({ consultation: id, organizationId })) as never[]);
  }
  if (plan.heritageObjectIds) {
    await tx.nativeDelete(ConsultationHeritageObject, { consultation: id });
    if (plan.heritageObjectIds.length) {
      await tx.insertMany(ConsultationHeritageObject, plan.heritageObjectIds.map((heritageObjectId) => ({ consultation: id, heritageObjectId })) as never[]);
    }
  }
  if (plan.survey) {
    // Only while PLANNED, so no response can refer to the questions replaced.
    await tx.nativeDelete(SurveyQuestion, { consultation: id });
    if (plan.survey.questions.length) await tx.insertMany(SurveyQuestion, plan.survey.questions as SurveyQuestion[]);
    if (plan.survey.options.length) await tx.insertMany(SurveyOption, plan.survey.options as SurveyOption[]);
  }
}

/** An official of the city plans a consultation, with its organisers, monuments and survey. */
export async function createConsultation(ctx: RequestContext, peers: PeerQuery, input: ConsultationInput): Promise<Consultation> {
  requireRole(ctx, 'official', requireCity('input.city', input.city ?? '').id);
  const plan = await validated(ctx, peers, input, null);
  await ctx.em.transactional(async (tx) => {
    await tx.insert(Consultation, { id: plan.id, ...plan.fields, offlineParticipants: 0, responseCount: 0, outcomePublishedAt: null, outcomeUk: null, outcomeEn: null });
    await writeLinks(tx, plan.id, plan);
  });
  forgetLoaded(ctx);
  return current(ctx, plan.id);
}

/** An official of the city edits a consultation, and may replace its survey, while it is PLANNED. */
export async function updateConsultation(ctx: RequestContext, peers: PeerQuery, id: string, input: ConsultationInput): Promise<Consultation> {
  const stored = await current(ctx, id);
  requireRole(ctx, 'official', stored.city);
  if (consultationStatus(stored, ctx.now) !== ConsultationStatus.PLANNED) {
    throw new ConflictError('id', message('consultation.onlyPlannedEditable', { status: consultationStatus(stored, ctx.now) }));
  }
  const plan = await validated(ctx, peers, input, stored);
  await ctx.em.transactional(async (tx) => {
    // Still planned when written: an edit racing the opening loses rather than rewriting an open survey.
    const updated = await tx.nativeUpdate(Consultation, { id, opensAt: { $gt: ctx.now } }, plan.fields);
    if (!updated) throw new ConflictError('id', message('consultation.justOpened'));
    await writeLinks(tx, id, plan);
  });
  forgetLoaded(ctx);
  return current(ctx, id);
}

/**
 * An official of the city publishes what was done with the input, once the consultation
 * is CLOSED, with its event. Publishing the same summary again is a safe retry (and records
 * nothing); another summary is a CONFLICT.
 */
export async function publishOutcome(ctx: RequestContext, id: string, summary: string): Promise<Consultation> {
  const stored = await current(ctx, id);
  requireRole(ctx, 'official', stored.city);
  const text = requireText('summary', summary, OUTCOME);
  const status = consultationStatus(stored, ctx.now);
  if (status !== ConsultationStatus.CLOSED) throw new ConflictError('id', message('consultation.outcomeBeforeClose', { status }));
  if (stored.outcomePublishedAt) {
    if (stored.outcomeUk === text) return stored;
    throw new ConflictError('id', message('consultation.outcomePublished'));
  }
  await ctx.em.transactional(async (tx) => {
    const updated = await tx.nativeUpdate(Consultation, { id, outcomePublishedAt: null }, { outcomePublishedAt: ctx.now, outcomeUk: text, outcomeEn: null });
    if (!updated) throw new ConflictError('id', message('consultation.outcomePublished'));
    // The summary stays in the consultation (read it there); the event says only when.
    recordEvent(tx, { type: 'ConsultationOutcomePublished', city: stored.city, entityId: id, data: { outcomePublishedAt: ctx.now.toISOString() } });
  });
  forgetLoaded(ctx);
  return current(ctx, id);
}
