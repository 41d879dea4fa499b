import { registerEnumType } from 'type-graphql';

export enum LegalForm {
  PUBLIC_ORGANIZATION = 'PUBLIC_ORGANIZATION',
  PUBLIC_UNION = 'PUBLIC_UNION',
  CHARITY = 'CHARITY',
  SELF_ORGANIZATION_BODY = 'SELF_ORGANIZATION_BODY',
  CREATIVE_UNION = 'CREATIVE_UNION',
  TRADE_UNION = 'TRADE_UNION',
}
registerEnumType(LegalForm, {
  name: 'LegalForm',
  description: 'Legal form of a civil-society organisation (інститут громадянського суспільства).',
  valuesConfig: {
    PUBLIC_ORGANIZATION: { description: 'Громадська організація.' },
    PUBLIC_UNION: { description: 'Громадська спілка.' },
    CHARITY: { description: 'Благодійна організація.' },
    SELF_ORGANIZATION_BODY: { description: 'Орган самоорганізації населення (ОСН).' },
    CREATIVE_UNION: { description: 'Творча спілка.' },
    TRADE_UNION: { description: 'Професійна спілка.' },
  },
});

export enum OrganizationStatus {
  PENDING = 'PENDING',
  REGISTERED = 'REGISTERED',
  DECLINED = 'DECLINED',
  SUSPENDED = 'SUSPENDED',
  LIQUIDATED = 'LIQUIDATED',
}
registerEnumType(OrganizationStatus, {
  name: 'OrganizationStatus',
  description: 'PENDING until a registrar decides; REGISTERED or DECLINED; later SUSPENDED or LIQUIDATED.',
});

/** Statuses whose organisations the public registry shows; PENDING and DECLINED applications are not published. */
export const PUBLIC_ORGANIZATION_STATUSES = [OrganizationStatus.REGISTERED, OrganizationStatus.SUSPENDED, OrganizationStatus.LIQUIDATED];

export enum DocumentKind {
  FINANCIAL_REPORT = 'FINANCIAL_REPORT',
  STATUTE = 'STATUTE',
  ACTIVITY_REPORT = 'ACTIVITY_REPORT',
}
registerEnumType(DocumentKind, {
  name: 'DocumentKind',
  description: 'A financial report is mandatory to register; statutes and activity reports are voluntary.',
});
