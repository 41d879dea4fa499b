import { registerEnumType } from 'type-graphql';

export enum HeritageReportStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}
registerEnumType(HeritageReportStatus, {
  name: 'HeritageReportStatus',
  description: 'PENDING: waiting for an inspector; ACCEPTED: entered the condition history as CITIZEN; DECLINED: with a reason.',
});
