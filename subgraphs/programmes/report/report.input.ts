import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A report an official opens on a programme for a period, to fill in and publish.' })
export class OpenProgrammeReportInput {
  @Field(() => ID)
  programmeId!: string;

  @Field(() => String, { description: 'Its title, e.g. "Інформація про виконання … за I квартал 2025 року" (5 to 500 characters).' })
  title!: string;

  @Field(() => String, { description: 'First day of the period, an ISO date (`2025-01-01`).' })
  periodStart!: string;

  @Field(() => String, { description: 'Last day of the period, included, an ISO date (`2025-03-31`); not before periodStart.' })
  periodEnd!: string;
}
