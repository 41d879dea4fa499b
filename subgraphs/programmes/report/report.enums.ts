import { registerEnumType } from 'type-graphql';

/** A report is drafted by the city's officials, then published; a published report never changes. */
export enum ReportState {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(ReportState, {
  name: 'ProgrammeReportState',
  valuesConfig: {
    DRAFT: { description: 'Open: officials of the city record progress; residents do not see it yet.' },
    PUBLISHED: { description: 'Published (imported reports are published as the city published them); immutable.' },
  },
});
