import { ArgsType, Field, InputType } from 'type-graphql';
import { PageArgs } from '../../shared/pagination.js';
import { MeasureStatus } from './measure.enums.js';

@InputType({ description: 'Narrows a list of measures; all given conditions must hold.' })
export class MeasureFilter {
  @Field(() => MeasureStatus, { nullable: true, description: 'What the latest published report says.' })
  status?: MeasureStatus | null;
}

@ArgsType()
export class MeasuresArgs extends PageArgs {
  @Field(() => MeasureFilter, { nullable: true })
  filter?: MeasureFilter | null;
}
