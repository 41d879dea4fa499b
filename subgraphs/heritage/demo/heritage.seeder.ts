import type { SqlEntityManager } from '@mikro-orm/knex';
import { daysFrom, demoId } from '../../shared/demo-ids.js';
import { findDistrict } from '../../../lib/places.js';
import { ConditionRecord } from '../condition/condition-record.entity.js';
import { HeritageObject } from '../heritage-object/heritage-object.entity.js';
import type { ConditionSource, HeritageCondition, HeritageSignificance, HeritageType } from '../heritage-object/heritage-object.enums.js';
import { HeritageSteward } from '../links/heritage-steward.entity.js';
import { HeritageReport } from '../report/heritage-report.entity.js';
import { HeritageReportStatus } from '../report/heritage-report.enums.js';
import { demoHeritageObjects } from './heritage.data.js';

/** Writes the demo monuments (real names, addresses, coordinates; demo conditions) with histories and stewards. */
export async function seedHeritage(em: SqlEntityManager, now: Date): Promise<void> {
  const objects: Partial<HeritageObject>[] = [];
  const records: Partial<ConditionRecord>[] = [];
  const stewards: { heritageObject: string; organizationId: string }[] = [];
  for (const demo of demoHeritageObjects) {
    const id = demoId('heritage', demo.slug);
    const current = demo.history.at(-1)!;
    objects.push({
      id,
      city: findDistrict(demo.district)!.cityId,
      district: demo.district,
      nameUk: demo.nameUk,
      nameEn: demo.nameEn,
      protectionNumber: demo.protectionNumber,
      significance: demo.significance as HeritageSignificance,
      types: demo.types as HeritageType[],
      datingUk: demo.datingUk,
      datingEn: demo.datingEn,
      addressUk: demo.addressUk,
      addressEn: demo.addressEn,
      lat: demo.lat,
      lng: demo.lng,
      condition: current.condition as HeritageCondition,
      conditionRecordedAt: daysFrom(now, -current.daysAgo),
    });
    demo.history.forEach((entry, i) =>
      records.push({
        id: demoId('condition', `${demo.slug}:${i}`),
        heritageObject: id as never,
        condition: entry.condition as HeritageCondition,
        recordedAt: daysFrom(now, -entry.daysAgo),
        source: entry.source as ConditionSource,
        noteUk: entry.noteUk,
        noteEn: entry.noteEn,
      }),
    );
    for (const slug of demo.stewards) stewards.push({ heritageObject: id, organizationId: demoId('organization', slug) });
  }
  await em.insertMany(HeritageObject, objects as HeritageObject[]);
  await em.insertMany(ConditionRecord, records as ConditionRecord[]);
  if (stewards.length) await em.insertMany(HeritageSteward, stewards as never[]);
  await em.insertMany(HeritageReport, demoReports(objects, now));
}

const REPORT_NOTES = [
  'Тріщина на фасаді над входом, відпадає штукатурка.',
  'Після обстрілу вибиті вікна другого поверху.',
  'Графіті на постаменті, пошкоджена табличка.',
  'Стан без змін, огорожа ціла.',
];

/**
 * Condition reports by demo residents (`demo-resident-<city>-<n>`, the same subjects that
 * signed demo petitions), so a development token for one shows a whole "My activity".
 * Pending and declined only: accepted reports belong to the condition history above.
 */
function demoReports(objects: Partial<HeritageObject>[], now: Date): HeritageReport[] {
  return objects.slice(0, 12).map((object, i) => {
    const declined = i % 3 === 2;
    const submittedAt = daysFrom(now, -(i * 3 + 1));
    return {
      id: demoId('heritage-report', `${object.id}:${i}`),
      heritageObject: object.id as never,
      reporter: `demo-resident-${object.city}-${i % 4}`,
      city: object.city!,
      condition: (i % 2 ? 'DAMAGED' : 'UNSATISFACTORY') as HeritageCondition,
      note: REPORT_NOTES[i % REPORT_NOTES.length]!,
      photoUrls: [],
      status: declined ? HeritageReportStatus.DECLINED : HeritageReportStatus.PENDING,
      submittedAt,
      reviewedAt: declined ? daysFrom(submittedAt, 1) : null,
      reviewer: declined ? 'demo-inspector' : null,
      declineReason: declined ? 'Фото не підтверджує пошкодження; зафіксовано під час огляду.' : null,
      submissionKey: null,
    };
  });
}
