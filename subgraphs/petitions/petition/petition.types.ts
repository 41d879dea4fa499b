import { Field, Int, ObjectType } from 'type-graphql';
import { connectionOf } from '../../shared/pagination.js';
import { Petition } from './petition.entity.js';
import { SignatureChannel } from './petition.enums.js';

export const PetitionConnection = connectionOf('Petition', () => Petition);

@ObjectType({ description: 'How many signatures came through one channel.' })
export class SignatureChannelCount {
  @Field(() => SignatureChannel)
  channel!: SignatureChannel;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Why a moderator did not admit a petition.' })
export class PetitionRejection {
  @Field(() => String)
  reason!: string;

  @Field(() => Date)
  rejectedAt!: Date;
}

@ObjectType({ description: 'The city\u02bcs official answer.' })
export class PetitionResponse {
  @Field(() => Date)
  respondedAt!: Date;

  @Field(() => String)
  body!: string;
}

@ObjectType({ description: 'What a petition mutation returns: the petition as it now is.' })
export class PetitionPayload {
  @Field(() => Petition)
  petition!: Petition;
}
