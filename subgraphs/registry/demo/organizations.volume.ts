import type { SqlEntityManager } from '@mikro-orm/knex';
import { stdnum } from 'stdnum';
import { DAY_MS, seededRandom } from '../../shared/demo-ids.js';
import { generatedId, generatedPlace, insertInBatches, pick, publishedOrganization, rowIds, volumesAt } from '../../shared/volume.js';
import { OrganizationDocument } from '../document/document.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { DocumentKind, LegalForm, OrganizationStatus } from '../organization/organization.enums.js';
import { searchTextOf } from '../organization/organization.search.js';
import { OrganizationRepresentative } from '../representative/organization-representative.entity.js';
import { demoOrganizations } from './organizations.data.js';

/** Legal forms as the cities' registers show them: mostly public organisations and charities. */
const FORMS: { form: LegalForm; weight: number; uk: string; short: string }[] = [
  { form: LegalForm.PUBLIC_ORGANIZATION, weight: 55, uk: 'Громадська організація', short: 'ГО' },
  { form: LegalForm.CHARITY, weight: 20, uk: 'Благодійна організація', short: 'БО' },
  { form: LegalForm.SELF_ORGANIZATION_BODY, weight: 10, uk: 'Орган самоорганізації населення', short: 'ОСН' },
  { form: LegalForm.PUBLIC_UNION, weight: 7, uk: 'Громадська спілка', short: 'ГС' },
  { form: LegalForm.CREATIVE_UNION, weight: 4, uk: 'Творча спілка', short: 'ТС' },
  { form: LegalForm.TRADE_UNION, weight: 4, uk: 'Профспілкова організація', short: 'ПО' },
];
/** What follows the form: "«Друзі Подолу»", "Friends of Podil". */
const THEMES: [string, string][] = [
  ['Друзі', 'Friends of {place}'],
  ['Варта', '{place} Watch'],
  ['Голос', 'Voice of {place}'],
  ['Сусіди', '{place} Neighbours'],
  ['Майбутнє', 'Future of {place}'],
  ['Зелене серце', 'Green Heart of {place}'],
  ['Спадщина', 'Heritage of {place}'],
  ['Світло', 'Light of {place}'],
  ['Ініціатива', '{place} Initiative'],
  ['Відродження', '{place} Renewal'],
  ['Молодь', 'Youth of {place}'],
  ['Пам\u02bcять', 'Memory of {place}'],
];
/** Each district as a name's genitive (Ukrainian) and as English says it. */
const PLACE_NAMES: Record<string, [string, string]> = {
  'kyiv-holosiivskyi': ['Голосієва', 'Holosiiv'],
  'kyiv-darnytskyi': ['Дарниці', 'Darnytsia'],
  'kyiv-desnianskyi': ['Троєщини', 'Troieshchyna'],
  'kyiv-dniprovskyi': ['Русанівки', 'Rusanivka'],
  'kyiv-obolonskyi': ['Оболоні', 'Obolon'],
  'kyiv-pecherskyi': ['Печерська', 'Pechersk'],
  'kyiv-podilskyi': ['Подолу', 'Podil'],
  'kyiv-sviatoshynskyi': ['Святошина', 'Sviatoshyn'],
  'kyiv-solomianskyi': ['Солом\u02bcянки', 'Solomianka'],
  'kyiv-shevchenkivskyi': ['Лук\u02bcянівки', 'Lukianivka'],
  'vinnytsia-tsentr': ['центру Вінниці', 'Vinnytsia Centre'],
  'vinnytsia-stare-misto': ['Старого міста', 'the Old Town'],
  'vinnytsia-zamostia': ['Замостя', 'Zamostia'],
  'vinnytsia-vyshenka': ['Вишеньки', 'Vyshenka'],
  'vinnytsia-tiazhyliv': ['Тяжилова', 'Tiazhyliv'],
};
/** Areas of activity: the demo organisations' vocabulary, each once. */
const AREAS: [string, string][] = [
  ...new Map(demoOrganizations.flatMap((o) => o.activityAreasUk.map((uk, k) => [uk, o.activityAreasEn[k]!] as const))),
];
const DECLINE_REASONS: [string, string][] = [
  ['Фінансовий звіт не відповідає встановленій формі.', 'The financial report is not in the required form.'],
  ['Код ЄДРПОУ належить іншій юридичній особі.', 'The EDRPOU code belongs to another legal entity.'],
];
/** Published organisations: most registered, a few suspended or wound up. */
const PUBLISHED = [OrganizationStatus.REGISTERED, OrganizationStatus.SUSPENDED, OrganizationStatus.LIQUIDATED];
const PUBLISHED_WEIGHTS = [90, 4, 6];

/**
 * The EDRPOU code of generated organisation `i`: distinct 7-digit fronts (7919 is prime to
 * 900,000, so i ↦ front is one-to-one below 900,000 organisations) in the 39…–47… range of
 * recent registrations, completed by the one check digit the registry's validator accepts.
 */
export function generatedEdrpou(i: number): string {
  const front = String(3_900_000 + ((i * 7919) % 900_000));
  for (let digit = 0; digit < 10; digit++) {
    if (stdnum.UA.edrpou.validate(front + digit).isValid) return front + digit;
  }
  throw new Error(`No EDRPOU check digit for ${front}`);
}

/**
 * Organisations at `scale` (see shared/volume.ts), relative to `now`: which ones are
 * published, and where, is `publishedOrganization(i)` and `generatedPlace`, so the other
 * subgraphs link only to organisations that resolve. Published ones have their financial
 * reports (mandatory) and some a statute and an activity report; each has a representative.
 */
export async function seedOrganizationVolume(em: SqlEntityManager, now: Date, scale: number): Promise<void> {
  const { organizations: count } = volumesAt(scale);
  const random = seededRandom(20_260_003);
  const year = now.getUTCFullYear();
  const documentId = rowIds('organization-document');
  const representativeId = rowIds('organization-representative');
  const organizations: Partial<Organization>[] = [];
  const documents: Partial<OrganizationDocument>[] = [];
  const representatives: Partial<OrganizationRepresentative>[] = [];
  for (let i = 0; i < count; i++) {
    const { city, district } = generatedPlace('organization', i);
    const id = generatedId('organization', i);
    const published = publishedOrganization(i);
    // Organisation 0, which every other kind's record 0 links to (see SHOWCASE), is registered.
    const status = i === 0 ? OrganizationStatus.REGISTERED : published ? PUBLISHED[pick(random, PUBLISHED_WEIGHTS)]! : random() < 0.6 ? OrganizationStatus.PENDING : OrganizationStatus.DECLINED;
    // Published ones applied up to ten years ago; applications still open are recent.
    const appliedAt = new Date(now.getTime() - Math.floor((published ? 3650 * random() + 10 : 60 * random()) * DAY_MS));
    const form = FORMS[pick(random, FORMS.map((f) => f.weight))]!;
    const [theme, themeEn] = THEMES[Math.floor(random() * THEMES.length)]!;
    const [place, placeEn] = PLACE_NAMES[district]!;
    const name = `${theme} ${place}`;
    const first = Math.floor(random() * AREAS.length);
    const areas = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, k) => AREAS[(first + k * 3) % AREAS.length]!);
    const edrpou = generatedEdrpou(i);
    const decline = DECLINE_REASONS[Math.floor(random() * DECLINE_REASONS.length)]!;
    const texts = { nameUk: `${form.uk} «${name}»`, nameEn: random() < 0.7 ? themeEn.replace('{place}', placeEn) : null, shortName: `${form.short} «${name}»`, edrpou };
    organizations.push({
      id,
      city,
      district,
      ...texts,
      legalForm: form.form,
      status,
      appliedAt,
      registeredAt: published ? new Date(appliedAt.getTime() + 7 * DAY_MS) : null,
      declineReasonUk: status === OrganizationStatus.DECLINED ? decline[0] : null,
      declineReasonEn: status === OrganizationStatus.DECLINED ? decline[1] : null,
      activityAreasUk: areas.map((a) => a[0]),
      activityAreasEn: areas.map((a) => a[1]),
      searchText: searchTextOf(texts),
    });
    representatives.push({ id: representativeId(i), organization: id as never, resident: `gen-resident-${city}-${i}`, addedAt: appliedAt });

    // Financial reports (one with any application, mandatory) for up to the last three full years, then the voluntary ones.
    const since = published ? Math.min(year - 1, Math.max(appliedAt.getUTCFullYear(), year - 3)) : year - 1;
    const add = (kind: DocumentKind, docYear: number, titleUk: string, titleEn: string, slug: string) =>
      documents.push({
        id: documentId(documents.length),
        organization: id as never,
        kind,
        titleUk,
        titleEn,
        year: docYear,
        url: `https://vcentri.com/demo/gen-${i}/${slug}-${docYear}.pdf`,
        publishedAt: new Date(Math.max(appliedAt.getTime(), Math.min(Date.UTC(docYear + 1, 2, 1), now.getTime()))),
      });
    for (let y = year - 1; y >= since; y--) add(DocumentKind.FINANCIAL_REPORT, y, `Фінансовий звіт за ${y} рік`, `Financial report for ${y}`, 'financial-report');
    if (published && random() < 0.6) add(DocumentKind.STATUTE, appliedAt.getUTCFullYear(), `Статут (редакція ${appliedAt.getUTCFullYear()} року)`, `Statute (${appliedAt.getUTCFullYear()} version)`, 'statute');
    if (published && random() < 0.4) add(DocumentKind.ACTIVITY_REPORT, year - 1, `Звіт про діяльність за ${year - 1} рік`, `Activity report for ${year - 1}`, 'activity-report');
  }
  await insertInBatches(em, Organization, organizations);
  await insertInBatches(em, OrganizationDocument, documents);
  await insertInBatches(em, OrganizationRepresentative, representatives);
}
