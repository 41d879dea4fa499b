import type { SqlEntityManager } from '@mikro-orm/knex';
import { DAY_MS, seededRandom } from '../../shared/demo-ids.js';
import { generatedId, generatedPlace, indicesByDistrict, insertInBatches, pick, publishedOrganization, rowIds, STREETS, volumesAt } from '../../shared/volume.js';
import { ConditionRecord } from '../condition/condition-record.entity.js';
import { HeritageObject } from '../heritage-object/heritage-object.entity.js';
import { ConditionSource, HeritageCondition, HeritageSignificance, HeritageType } from '../heritage-object/heritage-object.enums.js';
import { HeritageSteward } from '../links/heritage-steward.entity.js';

/** Each district's rough centre and half-extent in degrees (lat, lng, dLat, dLng): points fall inside the city. */
const AREAS: Record<string, [number, number, number, number]> = {
  'kyiv-holosiivskyi': [50.37, 30.51, 0.035, 0.04],
  'kyiv-darnytskyi': [50.4, 30.66, 0.025, 0.04],
  'kyiv-desnianskyi': [50.51, 30.61, 0.025, 0.035],
  'kyiv-dniprovskyi': [50.455, 30.62, 0.02, 0.04],
  'kyiv-obolonskyi': [50.51, 30.47, 0.025, 0.04],
  'kyiv-pecherskyi': [50.43, 30.55, 0.015, 0.02],
  'kyiv-podilskyi': [50.48, 30.45, 0.02, 0.035],
  'kyiv-sviatoshynskyi': [50.46, 30.37, 0.02, 0.04],
  'kyiv-solomianskyi': [50.42, 30.45, 0.02, 0.035],
  'kyiv-shevchenkivskyi': [50.46, 30.49, 0.015, 0.03],
  'vinnytsia-tsentr': [49.233, 28.47, 0.006, 0.01],
  'vinnytsia-stare-misto': [49.227, 28.471, 0.004, 0.006],
  'vinnytsia-zamostia': [49.238, 28.495, 0.008, 0.012],
  'vinnytsia-vyshenka': [49.22, 28.405, 0.008, 0.012],
  'vinnytsia-tiazhyliv': [49.25, 28.455, 0.006, 0.01],
};
const T = HeritageType;
/** Kinds of monument, with their register types (Ukrainian, English). */
const KINDS: [string, string, HeritageType[]][] = [
  ['Житловий будинок', 'Residential building', [T.ARCHITECTURE_AND_URBAN_PLANNING]],
  ['Прибутковий будинок', 'Tenement house', [T.ARCHITECTURE_AND_URBAN_PLANNING]],
  ['Садиба', 'Estate', [T.ARCHITECTURE_AND_URBAN_PLANNING, T.HISTORY]],
  ['Особняк', 'Mansion', [T.ARCHITECTURE_AND_URBAN_PLANNING]],
  ['Будинок, де жив письменник', 'House where a writer lived', [T.HISTORY]],
  ['Церква', 'Church', [T.ARCHITECTURE_AND_URBAN_PLANNING, T.MONUMENTAL_ART]],
  ['Пам\u02bcятний знак', 'Memorial sign', [T.HISTORY, T.MONUMENTAL_ART]],
  ['Будівля гімназії', 'Gymnasium building', [T.ARCHITECTURE_AND_URBAN_PLANNING, T.HISTORY]],
  ['Промислова будівля', 'Industrial building', [T.SCIENCE_AND_TECHNOLOGY, T.ARCHITECTURE_AND_URBAN_PLANNING]],
  ['Сквер', 'Public garden', [T.GARDEN_AND_PARK_ART]],
  ['Парк', 'Park', [T.GARDEN_AND_PARK_ART, T.LANDSCAPE]],
  ['Городище', 'Hillfort', [T.ARCHAEOLOGY]],
];
const CONDITIONS = Object.values(HeritageCondition);
/** GOOD … DESTROYED: most satisfactory, war damage a real share. */
const CONDITION_WEIGHTS = [25, 40, 18, 7, 8, 2];
const NOTES: Record<HeritageCondition, [string, string]> = {
  GOOD: ['Плановий огляд: стан добрий.', 'Scheduled inspection: good condition.'],
  SATISFACTORY: ['Дрібні пошкодження оздоблення.', 'Minor damage to the finishes.'],
  UNSATISFACTORY: ['Тріщини у стінах, протікає покрівля.', 'Cracked walls, a leaking roof.'],
  EMERGENCY: ['Аварійний стан: потрібні протиаварійні роботи.', 'Emergency condition: stabilisation works needed.'],
  DAMAGED: ['Пошкоджено внаслідок обстрілу.', 'Damaged by shelling.'],
  DESTROYED: ['Зруйновано.', 'Destroyed.'],
};
const NATIONAL_SHARE = 0.1;
const STEWARDED_SHARE = 0.1;

/** A point of the district: centre plus a triangular spread, denser in the middle as old towns are. */
function pointIn(random: () => number, district: string): [number, number] {
  const [lat, lng, dLat, dLng] = AREAS[district]!;
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  return [round(lat + dLat * (random() + random() - 1)), round(lng + dLng * (random() + random() - 1))];
}

/**
 * Heritage objects at `scale` (see shared/volume.ts), relative to `now`: in each district's
 * area (historic centres densest), with a condition history whose last entry is the
 * current condition, and some looked after by a published organisation of their district.
 */
export async function seedHeritageVolume(em: SqlEntityManager, now: Date, scale: number): Promise<void> {
  const volumes = volumesAt(scale);
  const random = seededRandom(20_260_004);
  const stewards = indicesByDistrict('organization', volumes.organizations, publishedOrganization);
  const recordId = rowIds('condition');
  const objects: Partial<HeritageObject>[] = [];
  const records: Partial<ConditionRecord>[] = [];
  const links: { heritageObject: string; organizationId: string }[] = [];
  for (let i = 0; i < volumes.heritageObjects; i++) {
    const { city, district } = generatedPlace('heritage', i);
    const id = generatedId('heritage', i);
    const [kindUk, kindEn, types] = KINDS[Math.floor(random() * KINDS.length)]!;
    const [street, streetEn] = STREETS[city]![Math.floor(random() * STREETS[city]!.length)]!;
    const house = 1 + Math.floor(random() * 120);
    const national = random() < NATIONAL_SHARE;
    const decade = types.includes(T.ARCHAEOLOGY) ? null : 1800 + 10 * Math.floor(random() * 16);
    const [lat, lng] = pointIn(random, district);

    // History: one to three inspections over six years, oldest first; the last is the current condition.
    const history = Array.from({ length: 1 + Math.floor(random() * 3) }, () => Math.floor(random() * 6 * 365 * DAY_MS)).sort((a, b) => b - a);
    history.forEach((ago, k) => {
      const condition = CONDITIONS[pick(random, CONDITION_WEIGHTS)]!;
      records.push({
        id: recordId(records.length),
        heritageObject: id as never,
        condition,
        recordedAt: new Date(now.getTime() - ago),
        source: k > 0 && random() < 0.2 ? ConditionSource.CITIZEN : ConditionSource.OFFICIAL,
        noteUk: NOTES[condition][0],
        noteEn: NOTES[condition][1],
      });
    });
    const current = records.at(-1)!;
    objects.push({
      id,
      city,
      district,
      nameUk: `${kindUk} на вул. ${street}, ${house}`,
      nameEn: `${kindEn}, ${house} ${streetEn} St`,
      protectionNumber: national ? `${260_000 + i}-Н` : `${i + 1}-${city === 'kyiv' ? 'Кв' : 'Вн'}`,
      significance: national ? HeritageSignificance.NATIONAL : HeritageSignificance.LOCAL,
      types,
      datingUk: decade === null ? 'XI–XIII ст.' : `${decade}-ті роки`,
      datingEn: decade === null ? '11th–13th c.' : `${decade}s`,
      addressUk: `вул. ${street}, ${house}`,
      addressEn: `${house} ${streetEn} St`,
      lat,
      lng,
      condition: current.condition!,
      conditionRecordedAt: current.recordedAt!,
    });
    // Monument 0 is looked after by organisation 0 (see SHOWCASE).
    const nearby = stewards.get(district)!;
    if (nearby.length && (i === 0 || random() < STEWARDED_SHARE)) {
      links.push({ heritageObject: id, organizationId: generatedId('organization', nearby[i === 0 ? 0 : Math.floor(random() * nearby.length)]!) });
    }
  }
  await insertInBatches(em, HeritageObject, objects);
  await insertInBatches(em, ConditionRecord, records);
  await insertInBatches(em, HeritageSteward, links as never[]);
}
