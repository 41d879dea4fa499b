import type { SqlEntityManager } from '@mikro-orm/knex';
import { DAY_MS, daysFrom, demoId, seededRandom } from '../../shared/demo-ids.js';
import { findCity } from '../../../lib/places.js';
import { insertInBatches } from '../../shared/volume.js';
import { PetitionHeritageObject } from '../links/petition-heritage-object.entity.js';
import { Petition } from '../petition/petition.entity.js';
import { PetitionStatus, SignatureChannel } from '../petition/petition.enums.js';
import { DEFAULT_PETITION_RULES, petitionNumber } from '../petition/petition.rules.js';
import { PetitionNumber } from '../petition/petition-number.entity.js';
import { Signature } from '../signature/signature.entity.js';
import { demoPetitions } from './petitions.data.js';

/** Share of signatures given in the city app: 1,237,065 of 1,411,800 in Kyiv's 2023 report. */
const MOBILE_SHARE = 0.876;

/**
 * Writes the demo petitions relative to `now`, with one real signature row per counted
 * signature (from demo residents), so every count the API shows is a count of rows.
 */
export async function seedPetitions(em: SqlEntityManager, now: Date): Promise<void> {
  const random = seededRandom(2023);
  const sequences = new Map<string, number>();
  const petitions: Partial<Petition>[] = [];
  const links: { petition: string; heritageObjectId: string }[] = [];
  const signatures: Partial<Signature>[] = [];

  // Oldest first, so numbers grow with time within each city and year.
  const ordered = [...demoPetitions].sort((a, b) => b.daysAgo - a.daysAgo);
  for (const demo of ordered) {
    const rules = DEFAULT_PETITION_RULES[demo.city]!;
    const districts = findCity(demo.city)!.districts;
    const id = demoId('petition', demo.slug);
    const createdAt = daysFrom(now, -demo.daysAgo);
    const year = createdAt.getUTCFullYear();
    const sequenceKey = `${demo.city}:${year}`;
    const sequence = (sequences.get(sequenceKey) ?? 0) + 1;
    sequences.set(sequenceKey, sequence);

    const admitted = demo.status === PetitionStatus.OPEN || demo.status === PetitionStatus.CLOSED;
    const openedAt = admitted ? new Date(createdAt.getTime() + 2 * DAY_MS) : null;
    const closesAt = openedAt ? new Date(openedAt.getTime() + rules.periodDays * DAY_MS) : null;
    const signingEnds = closesAt && closesAt < now ? closesAt : now;

    // Signature times spread over the collection period, earlier ones denser (as petitions trend early).
    const times: number[] = [];
    if (openedAt) {
      const span = signingEnds.getTime() - openedAt.getTime();
      for (let i = 0; i < demo.signatures; i++) times.push(openedAt.getTime() + Math.floor(span * random() ** 2));
      times.sort((a, b) => a - b);
    }
    let web = 0;
    let mobile = 0;
    times.forEach((time, i) => {
      const channel = random() < MOBILE_SHARE ? SignatureChannel.MOBILE_APP : SignatureChannel.WEB;
      if (channel === SignatureChannel.WEB) web++;
      else mobile++;
      signatures.push({
        id: demoId('signature', `${demo.slug}:${i}`),
        petition: id as never,
        signer: `demo-resident-${demo.city}-${i}`,
        channel,
        city: demo.city,
        district: districts[Math.floor(random() * districts.length)]!.id,
        signedAt: new Date(time),
      });
    });
    const thresholdTime = times.length >= rules.threshold ? times[rules.threshold - 1]! : null;
    const thresholdReachedAt = thresholdTime === null ? null : new Date(thresholdTime);
    const respondedAt =
      demo.responseUk && thresholdReachedAt ? new Date(Math.min(thresholdReachedAt.getTime() + 25 * DAY_MS, now.getTime() - DAY_MS)) : null;

    petitions.push({
      id,
      number: petitionNumber(rules, year, sequence),
      city: demo.city,
      district: demo.district,
      titleUk: demo.titleUk,
      titleEn: demo.titleEn,
      bodyUk: demo.bodyUk,
      bodyEn: demo.bodyEn,
      status: demo.status as PetitionStatus,
      createdAt,
      openedAt,
      closesAt,
      thresholdReachedAt,
      signatureCount: times.length,
      webSignatureCount: web,
      mobileSignatureCount: mobile,
      signatureThreshold: rules.threshold,
      rejectedAt: demo.status === PetitionStatus.REJECTED ? new Date(Math.min(createdAt.getTime() + 3 * DAY_MS, now.getTime())) : null,
      rejectionReasonUk: demo.rejectionReasonUk ?? null,
      rejectionReasonEn: demo.rejectionReasonEn ?? null,
      respondedAt,
      responseUk: respondedAt ? demo.responseUk! : null,
      responseEn: respondedAt ? (demo.responseEn ?? null) : null,
      initiatorOrganizationId: demo.initiatorOrganization ? demoId('organization', demo.initiatorOrganization) : null,
      // Closed before the city's data begins: taken as recorded, so the first run reports no old news (see petition.closings.ts).
      closedEventAt: closesAt && closesAt <= now ? now : null,
    });
    for (const slug of demo.heritageObjects) links.push({ petition: id, heritageObjectId: demoId('heritage', slug) });
  }

  await em.insertMany(Petition, petitions as Petition[]);
  // Numbers drawn after the demo continue each city's sequence.
  await em.insertMany(
    PetitionNumber,
    [...sequences].map(([key, last]) => ({ city: key.split(':')[0]!, year: Number(key.split(':')[1]), last })),
  );
  if (links.length) await em.insertMany(PetitionHeritageObject, links as never[]);
  await insertInBatches(em, Signature, signatures);
}
