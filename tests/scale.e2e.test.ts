import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceMeters } from '../subgraphs/heritage/heritage-object/geo.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.js';
import { generatedId, SHOWCASE } from '../subgraphs/shared/volume.js';
import { testDialects } from './support/databases.js';
import { as, graphql, startGraph, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

/**
 * The same client operations over generated data ten times apart in size: each subgraph
 * must send as many SQL statements for the bigger graph as for the smaller one (batched
 * loaders, no N+1), and the answers must agree with the rows. The variables name record 0
 * of each kind, which every scale links across subgraphs (see SHOWCASE in
 * subgraphs/shared/volume.ts), so every nested field really resolves at both scales.
 */
const dialects = await testDialects();
const SCALES = { small: 0.001, large: 0.01 } as const;
type Size = keyof typeof SCALES;

const petition0 = generatedId('petition', 0);
const organization0 = generatedId('organization', 0);
const heritage0 = generatedId('heritage', 0);
const consultation0 = generatedId('consultation', 0);
const ids = (edges: { node: { id: string } }[]) => edges.map((e) => e.node.id);

describe.each(dialects)('SQL statements per request at two scales, on %s', (dialect) => {
  const graphs = {} as Record<Size, RunningGraph>;
  /** Rows of one count query, as a number. */
  const count = async (size: Size, name: SubgraphName, sql: string, bindings: unknown[] = []) =>
    Number((await graphs[size].sql<{ n: number | string }>(name, `select count(*) as n from ${sql}`, bindings))[0]!.n);

  /** Runs an operation through the gateway; its data and the statements each subgraph sent for it. */
  async function measure(size: Size, name: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
    const graph = graphs[size];
    graph.resetQueries();
    const result = await graphql(graph.gatewayUrl, OPERATIONS[name]!, variables, headers);
    expect(result.errors, `${name} at ${size}: ${JSON.stringify(result.errors)}`).toBeUndefined();
    const statements = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, graph.queries[n].length])) as Record<SubgraphName, number>;
    return { data: result.data, statements };
  }

  interface Case {
    variables(size: Size): Promise<Record<string, unknown>> | Record<string, unknown>;
    check(size: Size, data: any): Promise<void>;
    headers?(size: Size): Promise<Record<string, string>>;
  }

  /** Runs an operation at both scales, checks each answer against the rows, and compares the statement counts. */
  async function sameStatements(name: string, { variables, check, headers }: Case) {
    const statements = {} as Record<Size, Record<SubgraphName, number>>;
    for (const size of ['small', 'large'] as const) {
      const measured = await measure(size, name, await variables(size), await headers?.(size));
      await check(size, measured.data);
      statements[size] = measured.statements;
    }
    expect(statements.large, `${name}: statements per subgraph at ${SCALES.large} vs ${SCALES.small}`).toEqual(statements.small);
    return statements.small;
  }

  beforeAll(async () => {
    const [small, large] = await Promise.all([startGraph({ dialect, seedScale: SCALES.small }), startGraph({ dialect, seedScale: SCALES.large })]);
    Object.assign(graphs, { small, large });
  });
  afterAll(async () => {
    await Promise.all(Object.values(graphs).map((graph) => graph.stop()));
  });

  it('holds ten times the rows in the larger graph', async () => {
    expect(await count('small', 'petitions', 'signature')).toBe(1_000);
    expect(await count('large', 'petitions', 'signature')).toBe(10_000);
    expect(await count('large', 'petitions', 'petition')).toBe(10 * (await count('small', 'petitions', 'petition')));
  });

  it('answers DistrictParticipation with every subgraph\u02bcs part, in as many statements', async () => {
    const statements = await sameStatements('DistrictParticipation', {
      // A page large enough to hold record 0 of each kind at both scales.
      variables: () => ({ city: SHOWCASE.city, district: SHOWCASE.district, first: 50 }),
      check: async (size, data) => {
        const now = new Date();
        const view = data.city.district;
        expect(view.id).toBe(SHOWCASE.district);
        expect(view.petitions.totalCount).toBe(await count(size, 'petitions', 'petition where district = ? and status = ? and closes_at > ?', [SHOWCASE.district, 'OPEN', now]));
        expect(view.consultations.totalCount).toBe(await count(size, 'consultations', 'consultation where district = ? and opens_at <= ? and closes_at > ?', [SHOWCASE.district, now, now]));
        expect(view.organizations.totalCount).toBe(await count(size, 'registry', `organization where district = ? and status in ('REGISTERED', 'SUSPENDED', 'LIQUIDATED')`, [SHOWCASE.district]));
        expect(view.heritageObjects.totalCount).toBe(await count(size, 'heritage', 'heritage_object where district = ?', [SHOWCASE.district]));
        // Record 0 of each kind is on its page, its links across subgraphs resolved.
        const petition = view.petitions.edges.find((e: any) => e.node.id === petition0)?.node;
        expect(petition?.initiatorOrganization).toMatchObject({ id: organization0, name: expect.any(String) });
        expect(petition.heritageObjects.map((h: { id: string }) => h.id)).toContain(heritage0);
        const consultation = view.consultations.edges.find((e: any) => e.node.id === consultation0)?.node;
        expect(consultation?.organizers.map((o: { id: string }) => o.id)).toContain(organization0);
        const organization = view.organizations.edges.find((e: any) => e.node.id === organization0)?.node;
        expect(organization?.petitions.totalCount).toBe(await count(size, 'petitions', 'petition where initiator_organization_id = ?', [organization0]));
        expect(organization.consultations.totalCount).toBe(await count(size, 'consultations', 'consultation_organizer where organization_id = ?', [organization0]));
        const monument = view.heritageObjects.edges.find((e: any) => e.node.id === heritage0)?.node;
        expect(monument?.petitions.totalCount).toBe(await count(size, 'petitions', 'petition_heritage_object where heritage_object_id = ?', [heritage0]));
        expect(monument.consultations.totalCount).toBe(await count(size, 'consultations', 'consultation_heritage_object where heritage_object_id = ?', [heritage0]));
        expect(monument.stewards.map((s: { id: string }) => s.id)).toContain(organization0);
      },
    });
    // subgraph-list: the subgraphs this operation reads (programmes has no part in it), not the set.
    for (const name of ['petitions', 'consultations', 'registry', 'heritage'] as const) expect(statements[name], name).toBeGreaterThan(0);
  });

  it('answers PetitionPage for one of its signers, in as many statements', async () => {
    const signerOf = async (size: Size) =>
      (await graphs[size].sql<{ signer: string }>('petitions', 'select signer from signature where petition_id = ? order by signed_at limit 1', [petition0]))[0]!.signer;
    const statements = await sameStatements('PetitionPage', {
      variables: () => ({ id: petition0 }),
      headers: async (size) => as(await signerOf(size)),
      check: async (size, data) => {
        const page = data.petition;
        const [row] = await graphs[size].sql<{ number: string; signature_count: number | string }>('petitions', 'select number, signature_count from petition where id = ?', [petition0]);
        expect(page).toMatchObject({ id: petition0, number: row!.number, status: 'OPEN', viewerHasSigned: true, district: { id: SHOWCASE.district } });
        expect(page.signatureCount).toBe(await count(size, 'petitions', 'signature where petition_id = ?', [petition0]));
        expect(page.signatureCount).toBe(Number(row!.signature_count));
        expect(page.signaturesByChannel.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(page.signatureCount);
        const [organization] = await graphs[size].sql<{ edrpou: string }>('registry', 'select edrpou from organization where id = ?', [organization0]);
        expect(page.initiatorOrganization).toMatchObject({ id: organization0, edrpou: organization!.edrpou });
        expect(page.heritageObjects.map((h: { id: string }) => h.id)).toContain(heritage0);
      },
    });
    // The other subgraphs answer their entities by id, one batched statement each.
    expect(statements).toMatchObject({ registry: 1, heritage: 1 });
  });

  it('answers OrganizationProfile, in as many statements', async () => {
    const statements = await sameStatements('OrganizationProfile', {
      variables: () => ({ id: organization0 }),
      check: async (size, data) => {
        const profile = data.organization;
        expect(profile).toMatchObject({ id: organization0, status: 'REGISTERED', district: { id: SHOWCASE.district } });
        expect(profile.documents.length).toBe(await count(size, 'registry', 'organization_document where organization_id = ?', [organization0]));
        expect(profile.documents.length).toBeGreaterThan(0);
        expect(profile.petitions.totalCount).toBe(await count(size, 'petitions', 'petition where initiator_organization_id = ?', [organization0]));
        expect(ids(profile.petitions.edges)).toContain(petition0);
        expect(profile.consultations.totalCount).toBe(await count(size, 'consultations', 'consultation_organizer where organization_id = ?', [organization0]));
        expect(ids(profile.consultations.edges)).toContain(consultation0);
        expect(profile.stewardedHeritageObjects.map((h: { id: string }) => h.id)).toContain(heritage0);
      },
    });
    // subgraph-list: the subgraphs this operation reads (programmes has no part in it), not the set.
    for (const name of ['petitions', 'consultations', 'registry', 'heritage'] as const) expect(statements[name], name).toBeGreaterThan(0);
  });

  it('answers HeritageNearby, in as many statements', async () => {
    const radiusMeters = 1000;
    const monuments = (size: Size) => graphs[size].sql<{ id: string; lat: number; lng: number }>('heritage', 'select id, lat, lng from heritage_object');
    const statements = await sameStatements('HeritageNearby', {
      variables: async (size) => {
        const { lat, lng } = (await monuments(size)).find((h) => h.id === heritage0)!;
        return { lat, lng, radiusMeters };
      },
      check: async (size, data) => {
        const all = await monuments(size);
        const centre = all.find((h) => h.id === heritage0)!;
        const within = all.filter((h) => distanceMeters(centre.lat, centre.lng, h.lat, h.lng) <= radiusMeters);
        expect(data.heritageObjects.totalCount).toBe(within.length);
        const monument = data.heritageObjects.edges.find((e: any) => e.node.id === heritage0)?.node;
        expect(monument?.petitions.totalCount).toBe(await count(size, 'petitions', 'petition_heritage_object where heritage_object_id = ?', [heritage0]));
        expect(monument.petitions.totalCount).toBeGreaterThan(0);
      },
    });
    expect(statements).toMatchObject({ petitions: 1, heritage: 1 });
  });
});
