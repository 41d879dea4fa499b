import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { HeritageCondition } from '../heritage-object/heritage-object.enums.js';

@InputType({ description: 'A resident\u02bcs report of a monument\u02bcs condition.' })
export class ReportHeritageConditionInput {
  @Field(() => ID)
  heritageObjectId!: string;

  @Field(() => HeritageCondition)
  condition!: HeritageCondition;

  @Field(() => String, { description: 'What you saw: 1 to 2,000 characters.' })
  note!: string;

  @Field(() => [String], { nullable: true, description: 'Up to 10 links (http or https) to photographs.' })
  photoUrls?: string[] | null;
}

export enum ReviewDecision {
  ACCEPT = 'ACCEPT',
  DECLINE = 'DECLINE',
}
registerEnumType(ReviewDecision, {
  name: 'ReviewDecision',
  valuesConfig: {
    ACCEPT: { description: 'The report enters the condition history as CITIZEN; its photos join the monument\u02bcs.' },
    DECLINE: { description: 'Declined, with a reason the reporter sees.' },
  },
});
