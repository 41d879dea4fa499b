import type { SqlEntityManager } from '@mikro-orm/knex';
import { DAY_MS, seededRandom } from '../../shared/demo-ids.js';
import { findCity } from '../../../lib/places.js';
import {
  generatedId,
  generatedPlace,
  indicesByDistrict,
  insertInBatches,
  publishedOrganization,
  rowIds,
  skewedCounts,
  STREETS,
  timesBetween,
  volumesAt,
} from '../../shared/volume.js';
import { PetitionHeritageObject } from '../links/petition-heritage-object.entity.js';
import { Petition } from '../petition/petition.entity.js';
import { PetitionStatus, SignatureChannel } from '../petition/petition.enums.js';
import { DEFAULT_PETITION_RULES, petitionNumber } from '../petition/petition.rules.js';
import { PetitionNumber } from '../petition/petition-number.entity.js';
import { Signature } from '../signature/signature.entity.js';

/** Petitions go back five years, submitted ever more often as the platform caught on. */
const HISTORY_DAYS = 5 * 365;
const GROWTH = 1.8;
/** Moderators decide within about three days; younger petitions may still wait. */
const MODERATION_DAYS = 3;
const REJECTED_SHARE = 0.09;
const CITYWIDE_SHARE = 0.08;
const INITIATED_BY_ORGANIZATION = 0.15;
const ABOUT_HERITAGE = 0.1;
const ENGLISH_SHARE = 0.75;
/** Share of signatures given in the city app (Kyiv's 2023 report, as in the demo). */
const MOBILE_SHARE = 0.876;
/** Signers are drawn from a pool of residents per city (distinct within a petition). */
const RESIDENTS: Record<string, number> = { kyiv: 300_000, vinnytsia: 40_000 };
/** Signatures inserted per round: bounded memory whatever the scale. */
const CHUNK = 50_000;

const TITLES: [string, string][] = [
  ['Облаштувати укриття біля школи №{n}', 'Set up a shelter near School No. {n}'],
  ['Відремонтувати тротуар на вулиці {street}', 'Repair the pavement on {street} Street'],
  ['Встановити світлофор на перехресті біля будинку №{n} на вулиці {street}', 'Install traffic lights at the crossing by No. {n} {street} Street'],
  ['Зберегти сквер на вулиці {street}', 'Save the square on {street} Street'],
  ['Облаштувати велодоріжку на вулиці {street}', 'Build a cycle lane on {street} Street'],
  ['Відновити історичний фасад будинку №{n} на вулиці {street}', 'Restore the historic facade of No. {n} {street} Street'],
  ['Встановити пандус у поліклініці №{n}', 'Install a ramp at Polyclinic No. {n}'],
  ['Продовжити маршрут тролейбуса №{n}', 'Extend trolleybus route No. {n}'],
  ['Заборонити забудову зеленої зони на вулиці {street}', 'Ban building on the green area on {street} Street'],
  ['Відремонтувати дитячий майданчик біля будинку №{n}', 'Repair the playground by house No. {n}'],
];
const PROBLEMS: [string, string][] = [
  ['Мешканці давно скаржаться на це, але звернення до районної адміністрації не дали результату.', 'Residents have complained about it for years, but appeals to the district administration brought nothing.'],
  ['Під час повітряних тривог людям поблизу ніде сховатися.', 'During air-raid alerts people nearby have nowhere to shelter.'],
  ['Стан інфраструктури гіршає щороку, а ремонт постійно відкладають.', 'The infrastructure gets worse every year while repairs keep being postponed.'],
  ['Тут щодня проходять сотні людей, серед них діти й люди з інвалідністю.', 'Hundreds of people pass here every day, children and people with disabilities among them.'],
];
const REQUESTS: [string, string][] = [
  ['Просимо міську раду передбачити кошти в бюджеті наступного року.', 'We ask the city council to provide for it in next year\u02bcs budget.'],
  ['Просимо провести громадське обговорення проєкту до початку робіт.', 'We ask for a public discussion of the project before any works begin.'],
  ['Просимо доручити профільному департаменту підготувати й оприлюднити план робіт.', 'We ask the responsible department to prepare and publish a plan of works.'],
];
const REJECTIONS: [string, string][] = [
  ['Питання не належить до повноважень міської ради.', 'The matter is outside the city council\u02bcs powers.'],
  ['Подібна петиція вже розглядається.', 'A similar petition is already under consideration.'],
  ['Текст петиції не містить конкретної вимоги.', 'The petition makes no specific request.'],
];
const RESPONSES: [string, string][] = [
  ['Міська рада підтримує петицію: роботи включено до програми на наступний рік.', 'The city council supports the petition: the works are in next year\u02bcs programme.'],
  ['Профільний департамент вивчив петицію; проєкт винесено на громадське обговорення.', 'The responsible department studied the petition; the project goes to public discussion.'],
];

const fill = (template: string, street: string, n: number) => template.replace('{street}', street).replace('{n}', String(n));

/**
 * Petitions and their signatures at `scale` (see shared/volume.ts), relative to `now`:
 * most CLOSED, many OPEN, some in MODERATION or REJECTED, numbered per city and year in
 * submission order; signatures heavy-tailed over admitted petitions, each counted on its
 * petition exactly as the rows say (counters by channel, the moment of the threshold).
 */
export async function seedPetitionVolume(em: SqlEntityManager, now: Date, scale: number): Promise<void> {
  const volumes = volumesAt(scale);
  const random = seededRandom(20_260_001);
  const organizations = indicesByDistrict('organization', volumes.organizations, publishedOrganization);
  const monuments = indicesByDistrict('heritage', volumes.heritageObjects);
  const nowMs = now.getTime();

  const petitions: Partial<Petition>[] = [];
  const links: { petition: string; heritageObjectId: string }[] = [];
  for (let i = 0; i < volumes.petitions; i++) {
    const { city, district } = generatedPlace('petition', i);
    const id = generatedId('petition', i);
    // Petition 0 is open (so any scale has somewhere to put its signatures) and linked (see SHOWCASE).
    const showcase = i === 0;
    const createdAt = nowMs - (showcase ? 10 * DAY_MS : Math.floor(HISTORY_DAYS * DAY_MS * random() ** GROWTH));
    const waiting = nowMs - createdAt < MODERATION_DAYS * DAY_MS && random() < 0.8;
    const rejected = !waiting && !showcase && random() < REJECTED_SHARE;
    const status = waiting ? PetitionStatus.MODERATION : rejected ? PetitionStatus.REJECTED : PetitionStatus.OPEN;
    const decidedAt = createdAt + Math.min(2 * DAY_MS, Math.floor((nowMs - createdAt) / 2));
    const [street, streetEn] = STREETS[city]![Math.floor(random() * STREETS[city]!.length)]!;
    const n = 1 + Math.floor(random() * 300);
    const [titleUk, titleEn] = TITLES[Math.floor(random() * TITLES.length)]!;
    const [problemUk, problemEn] = PROBLEMS[Math.floor(random() * PROBLEMS.length)]!;
    const [requestUk, requestEn] = REQUESTS[Math.floor(random() * REQUESTS.length)]!;
    const english = random() < ENGLISH_SHARE;
    const rejection = REJECTIONS[Math.floor(random() * REJECTIONS.length)]!;
    const place = !showcase && random() < CITYWIDE_SHARE ? null : district;
    const initiators = organizations.get(district)!;
    const initiator = showcase ? 0 : initiators.length && random() < INITIATED_BY_ORGANIZATION ? initiators[Math.floor(random() * initiators.length)]! : null;
    const nearby = monuments.get(district)!;
    if (place && nearby.length && (showcase || random() < ABOUT_HERITAGE)) {
      const first = showcase ? 0 : Math.floor(random() * nearby.length);
      const howMany = Math.min(nearby.length, random() < 0.7 ? 1 : 2);
      for (let k = 0; k < howMany; k++) links.push({ petition: id, heritageObjectId: generatedId('heritage', nearby[(first + k) % nearby.length]!) });
    }
    const admitted = status === PetitionStatus.OPEN;
    const closesAt = admitted ? decidedAt + DEFAULT_PETITION_RULES[city]!.periodDays * DAY_MS : null;
    petitions.push({
      id,
      city,
      district: place,
      titleUk: fill(titleUk, street, n),
      titleEn: english ? fill(titleEn, streetEn, n) : null,
      bodyUk: `${problemUk} ${requestUk}`,
      bodyEn: english ? `${problemEn} ${requestEn}` : null,
      // Admitted petitions whose period has ended are stored CLOSED, as the sweep would.
      status: closesAt !== null && closesAt <= nowMs ? PetitionStatus.CLOSED : status,
      createdAt: new Date(createdAt),
      openedAt: admitted ? new Date(decidedAt) : null,
      closesAt: closesAt === null ? null : new Date(closesAt),
      // Closed before the generated data begins: taken as recorded, so the first run reports no old news (see petition.closings.ts).
      closedEventAt: closesAt !== null && closesAt <= nowMs ? now : null,
      signatureThreshold: DEFAULT_PETITION_RULES[city]!.threshold,
      rejectedAt: rejected ? new Date(decidedAt) : null,
      rejectionReasonUk: rejected ? rejection[0] : null,
      rejectionReasonEn: rejected && english ? rejection[1] : null,
      initiatorOrganizationId: initiator === null ? null : generatedId('organization', initiator),
      // Signature counts and the response follow from the signatures drawn below.
      signatureCount: 0,
      webSignatureCount: 0,
      mobileSignatureCount: 0,
      thresholdReachedAt: null,
      respondedAt: null,
      responseUk: null,
      responseEn: null,
    });
  }

  // Signatures: counts per admitted petition, then each one's times, channels and signers' districts.
  const admitted = petitions.filter((p) => p.openedAt);
  const counts = skewedCounts(random, admitted.length, volumes.signatures);
  const draws = admitted.map((petition, k) => {
    const from = petition.openedAt!.getTime();
    const times = timesBetween(random, counts[k]!, from, Math.min(petition.closesAt!.getTime(), nowMs));
    const mobile = Uint8Array.from(times, () => (random() < MOBILE_SHARE ? 1 : 0));
    const districts = findCity(petition.city!)!.districts;
    // Most signers live where the petition is about.
    const own = districts.findIndex((d) => d.id === petition.district);
    const homes = Uint8Array.from(times, () => (own >= 0 && random() < 0.7 ? own : Math.floor(random() * districts.length)));
    const pool = Math.max(RESIDENTS[petition.city!]!, times.length);
    const firstSigner = Math.floor(random() * pool);
    const mobileCount = mobile.reduce((s, m) => s + m, 0);
    const threshold = petition.signatureThreshold!;
    petition.signatureCount = times.length;
    petition.mobileSignatureCount = mobileCount;
    petition.webSignatureCount = times.length - mobileCount;
    petition.thresholdReachedAt = times.length >= threshold ? new Date(times[threshold - 1]!) : null;
    // The city answers petitions over the threshold within 25 days.
    const answered = petition.thresholdReachedAt && petition.thresholdReachedAt.getTime() + 25 * DAY_MS < nowMs;
    const [responseUk, responseEn] = RESPONSES[Math.floor(random() * RESPONSES.length)]!;
    petition.respondedAt = answered ? new Date(petition.thresholdReachedAt!.getTime() + 25 * DAY_MS) : null;
    petition.responseUk = answered ? responseUk : null;
    petition.responseEn = answered && petition.titleEn ? responseEn : null;
    return { petition, times, mobile, homes, districts, pool, firstSigner };
  });

  // Numbers in submission order within each city and year, as the live numbering gives them.
  const sequences = new Map<string, number>();
  for (const petition of [...petitions].sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime())) {
    const year = petition.createdAt!.getUTCFullYear();
    const key = `${petition.city}:${year}`;
    const sequence = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, sequence);
    petition.number = petitionNumber(DEFAULT_PETITION_RULES[petition.city!]!, year, sequence);
  }

  await insertInBatches(em, Petition, petitions);
  await insertInBatches(
    em,
    PetitionNumber,
    [...sequences].map(([key, last]) => ({ city: key.split(':')[0]!, year: Number(key.split(':')[1]), last })),
  );
  await insertInBatches(em, PetitionHeritageObject, links as never[]);

  const signatureId = rowIds('signature');
  let chunk: Partial<Signature>[] = [];
  let n = 0;
  for (const { petition, times, mobile, homes, districts, pool, firstSigner } of draws) {
    for (let k = 0; k < times.length; k++) {
      chunk.push({
        id: signatureId(n++),
        petition: petition.id as never,
        signer: `gen-resident-${petition.city}-${(firstSigner + k) % pool}`,
        channel: mobile[k] ? SignatureChannel.MOBILE_APP : SignatureChannel.WEB,
        city: petition.city!,
        district: districts[homes[k]!]!.id,
        signedAt: new Date(times[k]!),
      });
      if (chunk.length === CHUNK) {
        await insertInBatches(em, Signature, chunk);
        chunk = [];
      }
    }
  }
  await insertInBatches(em, Signature, chunk);
}
