import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { DocumentInput, RegisterOrganizationInput, RegistryStatusChange, VerificationDecision } from './organization-write.input.js';
import { addRepresentative, changeOrganizationStatus, publishDocument, registerOrganization, verifyOrganization } from './organization.commands.js';
import { DocumentKind } from './organization.enums.js';
import { OrganizationPayload } from './organization.types.js';

/** Residents apply and publish for their organisations; registrars of the city decide. */
@Resolver()
export class OrganizationMutationResolver {
  @Authorized()
  @Mutation(() => OrganizationPayload, { description: 'A resident applies to register an organisation; it starts PENDING. Retrying returns the same application.' })
  async registerOrganization(@Arg('input', () => RegisterOrganizationInput) input: RegisterOrganizationInput, @Ctx() ctx: RequestContext): Promise<OrganizationPayload> {
    return { organization: await registerOrganization(ctx, input) };
  }

  @Authorized('registrar')
  @Mutation(() => OrganizationPayload, { description: 'A registrar of the city approves (REGISTERED) or declines (reason required) a PENDING application.' })
  async verifyOrganization(
    @Arg('id', () => ID) id: string,
    @Arg('decision', () => VerificationDecision) decision: VerificationDecision,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<OrganizationPayload> {
    return { organization: await verifyOrganization(ctx, id, decision, reason) };
  }

  @Authorized('registrar')
  @Mutation(() => OrganizationPayload, { description: 'A registrar of the city suspends, reinstates or records the liquidation of an organisation.' })
  async changeOrganizationStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => RegistryStatusChange) status: RegistryStatusChange,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<OrganizationPayload> {
    return { organization: await changeOrganizationStatus(ctx, id, status, reason) };
  }

  @Authorized()
  @Mutation(() => OrganizationPayload, { description: 'A representative publishes a document (statute, activity report, financial report).' })
  async publishOrganizationDocument(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('kind', () => DocumentKind) kind: DocumentKind,
    @Arg('document', () => DocumentInput) document: DocumentInput,
    @Ctx() ctx: RequestContext,
  ): Promise<OrganizationPayload> {
    return { organization: await publishDocument(ctx, organizationId, kind, document) };
  }

  @Authorized()
  @Mutation(() => OrganizationPayload, { description: 'A representative adds another resident (by their sign-in subject) as a representative.' })
  async addOrganizationRepresentative(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('resident', () => ID) resident: string,
    @Ctx() ctx: RequestContext,
  ): Promise<OrganizationPayload> {
    return { organization: await addRepresentative(ctx, organizationId, resident) };
  }
}
