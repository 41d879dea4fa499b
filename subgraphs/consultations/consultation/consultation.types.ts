import { Directive, Field, ObjectType } from 'type-graphql';
import { cacheHint, INHERIT, PRIVATE, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import { connectionOf } from '../../shared/pagination.js';
import { Consultation } from './consultation.entity.js';

export const ConsultationConnection = connectionOf('Consultation', () => Consultation, PUBLIC_SHORT);

@Directive(cacheHint(INHERIT))
@ObjectType({ description: 'What the city decided after a consultation, published once it closed.' })
export class ConsultationOutcome {
  @Field(() => Date)
  publishedAt!: Date;

  @Field(() => String)
  summary!: string;
}

// A mutation's answer is the caller's.
@Directive(cacheHint(PRIVATE))
@ObjectType({ description: 'What a consultation mutation returns: the consultation as it now is.' })
export class ConsultationPayload {
  @Field(() => Consultation)
  consultation!: Consultation;
}
