import type { Locale } from '../locale.js';
import { capitalised } from './format.js';

/**
 * How messages name an input field to people: `extensions.field` carries the input path
 * as the client sent it (`input.survey[2].options[4]`, zero-based); the message says
 * "питання 3, варіант відповіді 5" / "question 3, option 5" (one-based). Each argument or
 * input-field name of the schema has a label in both languages (tests/messages.units.test.ts
 * checks it against schema/api.graphql); a list field also names one of its items.
 */
interface Label {
  uk: string;
  en: string;
  /** One item of a list field, numbered from 1 in messages. */
  itemUk?: string;
  itemEn?: string;
}

export const FIELD_LABELS: Readonly<Record<string, Label>> = {
  activityAreas: { uk: 'напрями діяльності', en: 'activity areas', itemUk: 'напрям діяльності', itemEn: 'activity area' },
  after: { uk: 'курсор', en: 'cursor' },
  answers: { uk: 'відповіді', en: 'answers', itemUk: 'відповідь', itemEn: 'answer' },
  body: { uk: 'текст', en: 'text' },
  channel: { uk: 'канал підпису', en: 'signature channel' },
  city: { uk: 'місто', en: 'city' },
  closesAt: { uk: 'дата завершення', en: 'closing date' },
  condition: { uk: 'стан', en: 'condition' },
  consultationId: { uk: 'консультація', en: 'consultation' },
  decision: { uk: 'рішення', en: 'decision' },
  description: { uk: 'опис', en: 'description' },
  descriptionEn: { uk: 'опис англійською', en: 'description in English' },
  district: { uk: 'район', en: 'district' },
  document: { uk: 'документ', en: 'document' },
  east: { uk: 'східна межа', en: 'east edge' },
  edrpou: { uk: 'код ЄДРПОУ', en: 'EDRPOU code' },
  eventTypes: { uk: 'типи подій', en: 'event types', itemUk: 'тип подій', itemEn: 'event type' },
  evidenceUrls: { uk: 'посилання на підтвердження', en: 'evidence links', itemUk: 'посилання на підтвердження', itemEn: 'evidence link' },
  filter: { uk: 'фільтр', en: 'filter' },
  financialReport: { uk: 'фінансовий звіт', en: 'financial report' },
  first: { uk: 'розмір сторінки', en: 'page size' },
  format: { uk: 'формат', en: 'format' },
  heritageObject: { uk: 'памʼятка', en: 'heritage object' },
  heritageObjectId: { uk: 'памʼятка', en: 'heritage object' },
  heritageObjectIds: { uk: 'памʼятки', en: 'heritage objects', itemUk: 'памʼятка', itemEn: 'heritage object' },
  id: { uk: 'ідентифікатор', en: 'id' },
  initiatorOrganization: { uk: 'організація-ініціатор', en: 'initiating organisation' },
  initiatorOrganizationId: { uk: 'організація-ініціатор', en: 'initiating organisation' },
  input: { uk: 'дані', en: 'input' },
  kind: { uk: 'тип', en: 'kind' },
  lat: { uk: 'широта', en: 'latitude' },
  legalForm: { uk: 'організаційно-правова форма', en: 'legal form' },
  lng: { uk: 'довгота', en: 'longitude' },
  measure: { uk: 'захід', en: 'measure' },
  measureId: { uk: 'захід', en: 'measure' },
  name: { uk: 'назва', en: 'name' },
  nameEn: { uk: 'назва англійською', en: 'name in English' },
  near: { uk: 'пошук поблизу', en: 'nearby search' },
  north: { uk: 'північна межа', en: 'north edge' },
  note: { uk: 'примітка', en: 'note' },
  opensAt: { uk: 'дата початку', en: 'opening date' },
  optionIds: { uk: 'обрані варіанти', en: 'chosen options', itemUk: 'обраний варіант', itemEn: 'chosen option' },
  options: { uk: 'варіанти відповіді', en: 'options', itemUk: 'варіант відповіді', itemEn: 'option' },
  optionsEn: { uk: 'варіанти відповіді англійською', en: 'options in English', itemUk: 'варіант відповіді англійською', itemEn: 'option in English' },
  organizationId: { uk: 'організація', en: 'organisation' },
  organizer: { uk: 'організатор', en: 'organiser' },
  organizerIds: { uk: 'організатори', en: 'organisers', itemUk: 'організатор', itemEn: 'organiser' },
  periodEnd: { uk: 'кінець періоду', en: 'end of the period' },
  periodStart: { uk: 'початок періоду', en: 'start of the period' },
  photoUrls: { uk: 'фотографії', en: 'photographs', itemUk: 'фотографія', itemEn: 'photograph' },
  programmeId: { uk: 'програма', en: 'programme' },
  questionId: { uk: 'питання', en: 'question' },
  radiusMeters: { uk: 'радіус', en: 'radius' },
  reason: { uk: 'причина', en: 'reason' },
  reasons: { uk: 'причини', en: 'reasons' },
  reportId: { uk: 'звіт', en: 'report' },
  required: { uk: 'обовʼязковість', en: 'required' },
  resident: { uk: 'мешканець', en: 'resident' },
  search: { uk: 'пошуковий запит', en: 'search' },
  shortName: { uk: 'скорочена назва', en: 'short name' },
  significance: { uk: 'значення памʼятки', en: 'significance' },
  sort: { uk: 'порядок', en: 'sort order' },
  south: { uk: 'південна межа', en: 'south edge' },
  spent: { uk: 'витрачено', en: 'amount spent' },
  status: { uk: 'статус', en: 'status' },
  summary: { uk: 'підсумок', en: 'summary' },
  survey: { uk: 'опитування', en: 'survey', itemUk: 'питання', itemEn: 'question' },
  text: { uk: 'текст', en: 'text' },
  textEn: { uk: 'текст англійською', en: 'text in English' },
  title: { uk: 'назва', en: 'title' },
  titleEn: { uk: 'назва англійською', en: 'title in English' },
  type: { uk: 'тип', en: 'type' },
  url: { uk: 'посилання', en: 'link' },
  value: { uk: 'значення', en: 'value' },
  west: { uk: 'західна межа', en: 'west edge' },
  within: { uk: 'межі на мапі', en: 'map bounds' },
  year: { uk: 'рік', en: 'year' },
};

/** Wrappers that add nothing a person needs to read once something inside them is named. */
const WRAPPERS = new Set(['input', 'filter']);

const SEGMENT = /([A-Za-z_]\w*)((?:\[\d+\])*)/g;

/**
 * An input path as people read it, in `locale`: `input.title` → "назва" / "title",
 * `input.survey[2].options[4]` → "питання 3, варіант відповіді 5" / "question 3, option 5".
 * A name without a label (none in the schema) is shown as sent.
 */
export function fieldLabel(locale: Locale, path: string): string {
  const segments = [...path.matchAll(SEGMENT)].map((match) => ({ name: match[1]!, indexes: [...match[2]!.matchAll(/\d+/g)].map((i) => Number(i[0])) }));
  const shown = segments.length > 1 ? segments.filter((segment, i) => !(WRAPPERS.has(segment.name) && !segment.indexes.length && i < segments.length - 1)) : segments;
  const parts = shown.map(({ name, indexes }) => {
    const label = FIELD_LABELS[name];
    if (!indexes.length) return label ? label[locale] : name;
    const item = label ? ((locale === 'uk' ? label.itemUk : label.itemEn) ?? label[locale]) : name;
    return `${item} ${indexes.map((i) => i + 1).join('.')}`;
  });
  return parts.join(', ') || path;
}

/** The label opening a sentence: "Назва", "Question 3, option 5". */
export function fieldLabelCapitalised(locale: Locale, path: string): string {
  return capitalised(fieldLabel(locale, path));
}
