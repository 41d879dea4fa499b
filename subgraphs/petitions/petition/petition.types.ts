import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { cacheHint, INHERIT, PRIVATE, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import { connectionOf } from '../../shared/pagination.js';
import { Petition } from './petition.entity.js';
import { SignatureChannel } from './petition.enums.js';

export const PetitionConnection = connectionOf('Petition', () => Petition, PUBLIC_SHORT);

@Directive(cacheHint(INHERIT))
@ObjectType({ description: 'How many signatures came through one channel.' })
export class SignatureChannelCount {
  @Field(() => SignatureChannel)
  channel!: SignatureChannel;

  @Field(() => Int)
  count!: number;
}

@Directive(cacheHint(INHERIT))
@ObjectType({ description: 'Why a moderator did not admit a petition.' })
export class PetitionRejection {
  @Field(() => String)
  reason!: string;

  @Field(() => Date)
  rejectedAt!: Date;
}

@Directive(cacheHint(INHERIT))
@ObjectType({ description: 'The city\u02bcs official answer.' })
export class PetitionResponse {
  @Field(() => Date)
  respondedAt!: Date;

  @Field(() => String)
  body!: string;
}

// A mutation's answer is the caller's.
@Directive(cacheHint(PRIVATE))
@ObjectType({ description: 'What a petition mutation returns: the petition as it now is.' })
export class PetitionPayload {
  @Field(() => Petition)
  petition!: Petition;
}
