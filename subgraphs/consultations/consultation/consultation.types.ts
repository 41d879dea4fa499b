import { Field, ObjectType } from 'type-graphql';
import { connectionOf } from '../../shared/pagination.js';
import { Consultation } from './consultation.entity.js';

export const ConsultationConnection = connectionOf('Consultation', () => Consultation);

@ObjectType({ description: 'What the city decided after a consultation, published once it closed.' })
export class ConsultationOutcome {
  @Field(() => Date)
  publishedAt!: Date;

  @Field(() => String)
  summary!: string;
}

@ObjectType({ description: 'What a consultation mutation returns: the consultation as it now is.' })
export class ConsultationPayload {
  @Field(() => Consultation)
  consultation!: Consultation;
}
