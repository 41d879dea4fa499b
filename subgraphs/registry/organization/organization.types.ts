import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { cacheHint, INHERIT, PRIVATE, PUBLIC_LONG, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import { connectionOf } from '../../shared/pagination.js';
import { Organization } from './organization.entity.js';
import { DocumentKind, LegalForm } from './organization.enums.js';

export const OrganizationConnection = connectionOf('Organization', () => Organization, PUBLIC_LONG);

@Directive(cacheHint(PUBLIC_LONG))
@ObjectType('OrganizationDocument', { description: 'A document an organisation published (a link to the file).' })
export class OrganizationDocumentView {
  @Field(() => DocumentKind)
  kind!: DocumentKind;

  @Field(() => String)
  title!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String)
  url!: string;
}

@Directive(cacheHint(INHERIT))
@ObjectType()
export class LegalFormCount {
  @Field(() => LegalForm)
  legalForm!: LegalForm;

  @Field(() => Int)
  count!: number;
}

@Directive(cacheHint(PUBLIC_SHORT))
@ObjectType({ description: 'The city registry in figures.' })
export class RegistryStats {
  @Field(() => Int, { description: 'Organisations currently registered.' })
  registered!: number;

  @Field(() => Int, { description: 'Applications waiting for a registrar.' })
  pending!: number;

  @Field(() => [LegalFormCount], { description: 'Registered organisations by legal form.' })
  byLegalForm!: LegalFormCount[];
}

// A mutation's answer is the caller's.
@Directive(cacheHint(PRIVATE))
@ObjectType({ description: 'What an organisation mutation returns: the organisation as it now is.' })
export class OrganizationPayload {
  @Field(() => Organization)
  organization!: Organization;
}
