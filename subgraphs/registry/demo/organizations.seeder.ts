import type { SqlEntityManager } from '@mikro-orm/knex';
import { daysFrom, demoId } from '../../shared/demo-ids.js';
import { OrganizationDocument } from '../document/document.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { LegalForm, OrganizationStatus } from '../organization/organization.enums.js';
import { searchTextOf } from '../organization/organization.search.js';
import { OrganizationRepresentative } from '../representative/organization-representative.entity.js';
import { demoOrganizations } from './organizations.data.js';

/** Writes the demo organisations (fictional, with valid-check-digit demo EDRPOU codes) and their documents. */
export async function seedOrganizations(em: SqlEntityManager, now: Date): Promise<void> {
  const organizations: Partial<Organization>[] = [];
  const documents: Partial<OrganizationDocument>[] = [];
  for (const demo of demoOrganizations) {
    const id = demoId('organization', demo.slug);
    const appliedAt = daysFrom(now, -demo.registeredDaysAgo);
    const decided = demo.status !== 'PENDING' && demo.status !== 'DECLINED';
    organizations.push({
      id,
      edrpou: demo.edrpou,
      city: demo.district?.startsWith('vinnytsia') ? 'vinnytsia' : 'kyiv',
      district: demo.district,
      nameUk: demo.nameUk,
      nameEn: demo.nameEn,
      shortName: demo.shortName,
      legalForm: demo.legalForm as LegalForm,
      status: demo.status as OrganizationStatus,
      appliedAt,
      registeredAt: decided ? daysFrom(appliedAt, 7) : null,
      declineReasonUk: demo.declineReasonUk ?? null,
      declineReasonEn: demo.declineReasonEn ?? null,
      activityAreasUk: demo.activityAreasUk,
      activityAreasEn: demo.activityAreasEn,
      searchText: searchTextOf(demo),
    });
    demo.documents.forEach((doc, i) =>
      documents.push({
        id: demoId('organization-document', `${demo.slug}:${i}`),
        organization: id as never,
        kind: doc.kind as OrganizationDocument['kind'],
        titleUk: doc.titleUk,
        titleEn: doc.titleEn,
        year: doc.year,
        url: doc.url,
        publishedAt: daysFrom(appliedAt, i),
      }),
    );
  }
  await em.insertMany(Organization, organizations as Organization[]);
  await em.insertMany(OrganizationDocument, documents as OrganizationDocument[]);
  // Each demo organisation is represented by a demo resident of its city, so a development
  // token for one (`demo-resident-kyiv-3`, say) can publish its documents.
  await em.insertMany(
    OrganizationRepresentative,
    organizations.map((organization, i) => ({
      id: demoId('organization-representative', organization.id!),
      organization: organization.id as never,
      resident: `demo-resident-${organization.city}-${i % 5}`,
      addedAt: organization.appliedAt!,
    })) as OrganizationRepresentative[],
  );
}
