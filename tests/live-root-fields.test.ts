/**
 * The subscription root fields of the petitions and consultations subgraphs (issue 18), as
 * the gateway uses them: for each event it POSTs the `subscription …` operation, signed,
 * with the event in `extensions.event`, and the subgraph answers it like a query, with the
 * entity as it is now in the database. Unknown (or, for a petition in moderation, not
 * visible to the caller) is NOT_FOUND naming `id`. Subscribing to a subgraph directly is
 * refused with a clear error: the gateway alone serves subscriptions.
 */
import 'reflect-metadata';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Viewer } from '../lib/identity.js';
import type { DomainEvent } from '../lib/events.js';
import type { SubgraphName } from '../lib/subgraphs.js';
import { consultationsSubgraph } from '../subgraphs/consultations/consultations.subgraph.js';
import { demoConsultations } from '../subgraphs/consultations/demo/consultations.data.js';
import { petitionsSubgraph } from '../subgraphs/petitions/petitions.subgraph.js';
import { demoId } from '../subgraphs/shared/demo-ids.js';
import { dbDate } from '../subgraphs/shared/queries.js';
import { buildDefinitionSchema, createSubgraph, type SubgraphDefinition } from '../subgraphs/shared/subgraph.js';
import { testDialects, testSubgraphConfig, type ScratchDatabase } from './support/databases.js';
import { postAsGateway } from './support/gateway-signing.js';
import { demoDatabase } from './support/templates.js';

// The CommonJS graphql @apollo/subgraph builds schemas with (graphql-js refuses to mix builds).
const { parse, subscribe } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

type Server = Awaited<ReturnType<typeof createSubgraph>>;
interface GraphQLResponse {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string } }[];
}

const dialects = await testDialects();

const AUTHOR: Viewer = { id: 'live-resident-author', grants: [] };
const STRANGER: Viewer = { id: 'live-resident-stranger', grants: [] };
const MODERATOR: Viewer = { id: 'live-moderator-kyiv', grants: [{ role: 'moderator', city: 'kyiv' }] };
const OTHER_CITY_MODERATOR: Viewer = { id: 'live-moderator-vinnytsia', grants: [{ role: 'moderator', city: 'vinnytsia' }] };

const PETITION_CHANGED = 'subscription ($id: ID!) { petitionChanged(id: $id) { id signatureCount } }';
const CONSULTATION_CHANGED = 'subscription ($id: ID!) { consultationChanged(id: $id) { id participantCount } }';

/** An event as the gateway would pass it along (the subgraph does not need it to answer). */
function eventAbout(type: DomainEvent['type'], entity: DomainEvent['entity'], data: DomainEvent['data']): DomainEvent {
  return { id: randomUUID(), source: 'petitions', seq: 1, type, city: 'kyiv', entity, occurredAt: new Date().toISOString(), data };
}

describe('subscription root fields are never subscribed to in a subgraph', () => {
  test.each([
    ['petitions', petitionsSubgraph, 'subscription { petitionChanged(id: "00000000-0000-4000-8000-000000000000") { id } }', 'petitionChanged'],
    ['consultations', consultationsSubgraph, 'subscription { consultationChanged(id: "00000000-0000-4000-8000-000000000000") { id } }', 'consultationChanged'],
  ] as const)('%s: subscribe refuses, saying the gateway executes it per event', async (_name, definition, query, field) => {
    const schema = await buildDefinitionSchema(definition as SubgraphDefinition);
    const result = (await subscribe({ schema, document: parse(query), contextValue: {} })) as { errors?: readonly { message: string }[] };
    expect(result.errors?.map((error) => error.message)).toEqual([expect.stringMatching(new RegExp(`Subscription\\.${field} is executed by the gateway`))]);
  });
});

describe.each(dialects)('subscription root fields over a subgraph request, on %s', (dialect) => {
  const servers = new Map<SubgraphName, { server: Server; url: string; database: ScratchDatabase }>();

  async function start(name: SubgraphName, definition: SubgraphDefinition): Promise<void> {
    const database = await demoDatabase(dialect, name);
    const server = await createSubgraph(definition, testSubgraphConfig(name, database));
    servers.set(name, { server, url: await server.listen(0, '127.0.0.1'), database });
  }

  async function post(name: SubgraphName, query: string, variables: Record<string, unknown>, viewer: Viewer | null = null, event?: DomainEvent): Promise<GraphQLResponse> {
    const body = { query, variables, ...(event ? { extensions: { event } } : {}) };
    const response = await postAsGateway(servers.get(name)!.url, name, body, { viewer });
    return (await response.json()) as GraphQLResponse;
  }

  async function sql<T>(name: SubgraphName, query: string, bindings: unknown[] = []): Promise<T[]> {
    const em = servers.get(name)!.server.orm.em.fork() as SqlEntityManager;
    return (await em.execute(query, bindings.map((b) => (b instanceof Date ? dbDate(em, b) : b)) as never[])) as T[];
  }

  const notFound = (field: string) => ({ data: { [field]: null }, errors: [expect.objectContaining({ message: expect.any(String), path: [field], extensions: { code: 'NOT_FOUND', field: 'id' } })] });

  beforeAll(async () => {
    await start('petitions', petitionsSubgraph);
    await start('consultations', consultationsSubgraph);
  });

  afterAll(async () => {
    for (const { server, database } of servers.values()) {
      await server.close();
      await database.drop();
    }
    servers.clear();
  });

  test('petitionChanged answers the petition as it is now in the database, with or without the event in the request', async () => {
    const [open] = await sql<{ id: string; signature_count: number | string }>(
      'petitions',
      "select id, signature_count from petition where city = 'kyiv' and status = 'OPEN' and closes_at > ? order by id limit 1",
      [new Date()],
    );
    const id = open!.id;
    const count = Number(open!.signature_count);
    expect(await post('petitions', PETITION_CHANGED, { id })).toEqual({ data: { petitionChanged: { id, signatureCount: count } } });

    // Another process changed the row (a signature elsewhere): the next event's answer shows it.
    await sql('petitions', 'update petition set signature_count = signature_count + 1 where id = ?', [id]);
    const event = eventAbout('PetitionSignatureCountChanged', { type: 'Petition', id }, { signatureCount: count + 1 });
    expect(await post('petitions', PETITION_CHANGED, { id }, null, event)).toEqual({ data: { petitionChanged: { id, signatureCount: count + 1 } } });
  });

  test('petitionChanged: NOT_FOUND naming `id` for an unknown petition or an id that is no UUID', async () => {
    expect(await post('petitions', PETITION_CHANGED, { id: randomUUID() })).toEqual(notFound('petitionChanged'));
    expect(await post('petitions', PETITION_CHANGED, { id: 'no-such-petition' })).toEqual(notFound('petitionChanged'));
  });

  test('petitionChanged: a petition in moderation exists only for its author and its city\u02bcs moderators, as in Query.petition', async () => {
    const submitted = await post(
      'petitions',
      'mutation($input: SubmitPetitionInput!) { submitPetition(input: $input) { petition { id status } } }',
      { input: { city: 'kyiv', title: 'Світлофор на перехресті біля школи', body: 'Просимо встановити світлофор на перехресті біля школи, діти щодня переходять там дорогу.' } },
      AUTHOR,
    );
    const id = submitted.data!.submitPetition.petition.id as string;
    expect(submitted.data!.submitPetition.petition.status).toBe('MODERATION');
    for (const viewer of [null, STRANGER, OTHER_CITY_MODERATOR]) {
      expect(await post('petitions', PETITION_CHANGED, { id }, viewer), viewer?.id ?? 'anonymous').toEqual(notFound('petitionChanged'));
      expect((await post('petitions', 'query ($id: ID!) { petition(id: $id) { id } }', { id }, viewer)).data).toEqual({ petition: null });
    }
    for (const viewer of [AUTHOR, MODERATOR]) {
      expect(await post('petitions', PETITION_CHANGED, { id }, viewer), viewer.id).toEqual({ data: { petitionChanged: { id, signatureCount: 0 } } });
    }
  });

  test('consultationChanged answers the consultation as it is now; NOT_FOUND naming `id` when unknown', async () => {
    const demo = demoConsultations.find((d) => d.city === 'kyiv' && d.survey?.length)!;
    const id = demoId('consultation', demo.slug);
    const [row] = await sql<{ offline_participants: number | string; response_count: number | string }>(
      'consultations',
      'select offline_participants, response_count from consultation where id = ?',
      [id],
    );
    const participants = Number(row!.offline_participants) + Number(row!.response_count);
    expect(await post('consultations', CONSULTATION_CHANGED, { id })).toEqual({ data: { consultationChanged: { id, participantCount: participants } } });
    await sql('consultations', 'update consultation set response_count = response_count + 1 where id = ?', [id]);
    const event = { ...eventAbout('ConsultationParticipantCountChanged', { type: 'Consultation', id }, { participantCount: participants + 1 }), source: 'consultations' as const };
    expect(await post('consultations', CONSULTATION_CHANGED, { id }, null, event)).toEqual({ data: { consultationChanged: { id, participantCount: participants + 1 } } });

    expect(await post('consultations', CONSULTATION_CHANGED, { id: randomUUID() })).toEqual(notFound('consultationChanged'));
    expect(await post('consultations', CONSULTATION_CHANGED, { id: 'no-such-consultation' })).toEqual(notFound('consultationChanged'));
  });

  test('a document subscribing to two fields is refused before any resolver runs', async () => {
    const two = await post('petitions', 'subscription ($id: ID!) { a: petitionChanged(id: $id) { id } b: petitionChanged(id: $id) { id } }', { id: randomUUID() });
    expect(two.data).toBeUndefined();
    expect(two.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
