import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { LegalForm } from './organization.enums.js';

export enum VerificationDecision {
  APPROVE = 'APPROVE',
  DECLINE = 'DECLINE',
}
registerEnumType(VerificationDecision, {
  name: 'VerificationDecision',
  valuesConfig: { APPROVE: { description: 'Registers it (REGISTERED).' }, DECLINE: { description: 'Declines the application; a reason is required.' } },
});

/** The statuses a registrar may move a registered organisation between. */
export enum RegistryStatusChange {
  REGISTERED = 'REGISTERED',
  SUSPENDED = 'SUSPENDED',
  LIQUIDATED = 'LIQUIDATED',
}
registerEnumType(RegistryStatusChange, { name: 'RegistryStatusChange', description: 'SUSPENDED and REGISTERED swap; LIQUIDATED is final.' });

@InputType({ description: 'A published document: a title, its year and a link (http or https).' })
export class DocumentInput {
  @Field(() => String)
  title!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String)
  url!: string;
}

@InputType({ description: 'An application to the city\u02bcs registry; a financial report is mandatory.' })
export class RegisterOrganizationInput {
  @Field(() => String, { description: 'EDRPOU code: 8 digits with a valid check digit.' })
  edrpou!: string;

  @Field(() => String, { description: 'Name in Ukrainian, as in the state register.' })
  name!: string;

  @Field(() => String, { nullable: true })
  nameEn?: string | null;

  @Field(() => String, { nullable: true })
  shortName?: string | null;

  @Field(() => LegalForm)
  legalForm!: LegalForm;

  @Field(() => ID)
  city!: string;

  @Field(() => ID, { nullable: true })
  district?: string | null;

  @Field(() => [String], { description: '1 to 10 areas of activity.' })
  activityAreas!: string[];

  @Field(() => DocumentInput, { description: 'The latest financial report (mandatory to register).' })
  financialReport!: DocumentInput;
}
