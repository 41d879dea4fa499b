import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PETITION_RULES } from '../subgraphs/petitions/petition/petition.rules.js';
import { createPetitionsSubgraph } from '../subgraphs/petitions/petitions.subgraph.js';
import { testDialects } from './support/databases.js';
import { as, graphql, startGraph, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

const dialects = await testDialects();
const DAY_MS = 86_400_000;
// Vinnytsia's threshold lowered by configuration, so a test can cross it.
const RULES = { ...DEFAULT_PETITION_RULES, vinnytsia: { ...DEFAULT_PETITION_RULES.vinnytsia!, threshold: 25, periodDays: 30 } };

type Result = Awaited<ReturnType<typeof graphql>>;
const codeOf = (result: Result) => result.errors?.map((e) => [e.extensions?.code, e.extensions?.field]);

describe.each(dialects)('the petition lifecycle through the gateway, on %s', (dialect) => {
  let graph: RunningGraph;
  let url: string;
  let organizationId: string;
  let heritageObjectId: string;
  let petitionId: string;
  const op = (name: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => graphql(url, OPERATIONS[name]!, variables, headers);
  const page = async (id: string, headers: Record<string, string> = {}) => (await op('PetitionPage', { id }, headers)).data.petition;
  const rows = async (sql: string, bindings: unknown[] = []) => graph.sql('petitions', sql, bindings);
  const count = async (table: string) => Number((await rows(`select count(*) as n from ${table}`))[0]!.n);

  const input = (overrides: Record<string, unknown> = {}) => ({
    city: 'vinnytsia',
    district: 'vinnytsia-tsentr',
    title: 'Відновити фонтан на площі біля ратуші',
    body: 'Фонтан не працює третій рік. Просимо включити його ремонт до програми благоустрою на наступний рік і провести громадське обговорення проєкту.',
    initiatorOrganizationId: organizationId,
    heritageObjectIds: [heritageObjectId],
    ...overrides,
  });

  beforeAll(async () => {
    graph = await startGraph({ dialect, definitions: { petitions: createPetitionsSubgraph({ rules: RULES }) } });
    url = graph.gatewayUrl;
    [{ id: organizationId }] = (await graph.sql('registry', "select id from organization where status = 'REGISTERED' and city = 'vinnytsia' order by id limit 1")) as { id: string }[];
    [{ id: heritageObjectId }] = (await graph.sql('heritage', "select id from heritage_object where city = 'vinnytsia' order by id limit 1")) as { id: string }[];
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('lets a resident submit a petition, which waits in moderation with a number unique in its city', async () => {
    expect(codeOf(await op('SubmitPetition', { input: input() }))).toEqual([['UNAUTHENTICATED', undefined]]);
    const result = await op('SubmitPetition', { input: input() }, await as('author-1'));
    expect(result.errors).toBeUndefined();
    petitionId = result.data.submitPetition.petition.id;
    expect(result.data.submitPetition.petition.status).toBe('MODERATION');
    // Unreviewed: only its author (and the city's moderators) can read it yet.
    expect(await page(petitionId)).toBeNull();
    const petition = await page(petitionId, await as('author-1'));
    expect(petition.number).toMatch(new RegExp(`^VN-${new Date().getUTCFullYear()}-\\d{4}$`));
    expect(petition.initiatorOrganization.id).toBe(organizationId);
    expect(petition.heritageObjects.map((h: { id: string }) => h.id)).toEqual([heritageObjectId]);
    expect(petition.signatureThreshold).toBe(25);
    const numbers = (await rows("select number from petition where city = 'vinnytsia'")) as { number: string }[];
    expect(new Set(numbers.map((n) => n.number)).size).toBe(numbers.length);
  });

  it('files a retried submission once, even when the retries race', async () => {
    const before = await count('petition');
    const again = await op('SubmitPetition', { input: input() }, await as('author-1'));
    expect(again.data.submitPetition.petition.id).toBe(petitionId);
    const headers = await as('author-2');
    const raced = await Promise.all(Array.from({ length: 6 }, () => op('SubmitPetition', { input: input({ title: 'Облаштувати велодоріжку вздовж набережної' }) }, headers)));
    expect(raced.every((r) => !r.errors)).toBe(true);
    expect(new Set(raced.map((r) => r.data.submitPetition.petition.id)).size).toBe(1);
    expect(await count('petition')).toBe(before + 1);
  });

  it('draws distinct numbers for concurrent submissions', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => op('SubmitPetition', { input: input({ title: `Петиція номер ${i} про благоустрій двору` }) }, await as(`author-${10 + i}`))),
    );
    const ids = results.map((r) => r.data.submitPetition.petition.id);
    const moderator = await as('mod-vn', ['moderator:vinnytsia']);
    const numbers = await Promise.all(ids.map(async (id) => (await page(id, moderator)).number));
    expect(new Set(numbers).size).toBe(8);
  });

  it('refuses bad submissions with the field named, storing nothing', async () => {
    const headers = await as('author-3');
    const before = [await count('petition'), await count('petition_heritage_object')];
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '   ' }, 'input.title'],
      [{ title: 'x'.repeat(201) }, 'input.title'],
      [{ body: '' }, 'input.body'],
      [{ body: 'б'.repeat(10_001) }, 'input.body'],
      [{ city: 'lviv' }, 'input.city'],
      [{ district: 'vinnytsia-nowhere' }, 'input.district'],
      [{ district: 'kyiv-podilskyi' }, 'input.district'],
      [{ initiatorOrganizationId: '00000000-0000-4000-8000-000000000000' }, 'input.initiatorOrganizationId'],
      [{ initiatorOrganizationId: 'not-an-id' }, 'input.initiatorOrganizationId'],
      [{ heritageObjectIds: ['00000000-0000-4000-8000-000000000000'] }, 'input.heritageObjectIds'],
    ];
    for (const [overrides, field] of cases) {
      const result = await op('SubmitPetition', { input: input(overrides) }, headers);
      expect(codeOf(result), JSON.stringify(overrides).slice(0, 80)).toEqual([['BAD_USER_INPUT', field]]);
    }
    expect([await count('petition'), await count('petition_heritage_object')]).toEqual(before);
  });

  it('lets only a moderator of the city decide, once, with a reason to reject', async () => {
    const decide = async (headers: Record<string, string>, decision: string, reason?: string) => op('ModeratePetition', { id: petitionId, decision, reason }, headers);
    expect(codeOf(await decide({}, 'ADMIT'))).toEqual([['UNAUTHENTICATED', undefined]]);
    expect(codeOf(await decide(await as('author-1'), 'ADMIT'))).toEqual([['FORBIDDEN', undefined]]);
    // Another city's moderator cannot see a petition in moderation, so for them it does not exist.
    expect(codeOf(await decide(await as('mod-kyiv', ['moderator:kyiv']), 'ADMIT'))).toEqual([['NOT_FOUND', 'id']]);
    const moderator = await as('mod-vn', ['moderator:vinnytsia']);
    expect(codeOf(await decide(moderator, 'REJECT'))).toEqual([['BAD_USER_INPUT', 'reason']]);
    expect((await page(petitionId, moderator)).status).toBe('MODERATION');

    const admitted = await decide(moderator, 'ADMIT');
    expect(admitted.errors).toBeUndefined();
    const petition = admitted.data.moderatePetition.petition;
    expect(petition.status).toBe('OPEN');
    expect(Date.parse(petition.closesAt) - Date.parse(petition.openedAt)).toBe(30 * DAY_MS);

    expect(codeOf(await decide(moderator, 'REJECT', 'Передумали: дублює іншу петицію'))).toEqual([['CONFLICT', 'id']]);
    expect((await page(petitionId)).status).toBe('OPEN');
  });

  it('publishes a rejection with its reason, and a rejected petition cannot be signed', async () => {
    const filed = await op('SubmitPetition', { input: input({ title: 'Перейменувати вулицю на честь сусіда' }) }, await as('author-4'));
    const id = filed.data.submitPetition.petition.id;
    const rejected = await op('ModeratePetition', { id, decision: 'REJECT', reason: 'Перейменування за життя людини законом не допускається.' }, await as('mod', ['moderator']));
    expect(rejected.data.moderatePetition.petition.status).toBe('REJECTED');
    expect(rejected.data.moderatePetition.petition.rejection.reason).toMatch(/законом/);
    expect(codeOf(await op('SignPetition', { id, channel: 'WEB' }, await as('signer-x')))).toEqual([['CONFLICT', 'id']]);
    expect(codeOf(await op('SignPetition', { id: '00000000-0000-4000-8000-000000000000', channel: 'WEB' }, await as('signer-x')))).toEqual([['NOT_FOUND', 'id']]);
    expect((await page(id)).signatureCount).toBe(0);
  });

  it('counts signatures exactly: many residents at once, one resident many times at once', async () => {
    expect(codeOf(await op('SignPetition', { id: petitionId, channel: 'WEB' }))).toEqual([['UNAUTHENTICATED', undefined]]);
    const residents = await Promise.all(Array.from({ length: 40 }, (_, i) => as(`signer-${i}`)));
    const repeat = await as('signer-repeat');
    const results = await Promise.all([
      ...residents.map((headers, i) => op('SignPetition', { id: petitionId, channel: i % 2 ? 'WEB' : 'MOBILE_APP' }, headers)),
      ...Array.from({ length: 15 }, () => op('SignPetition', { id: petitionId, channel: 'MOBILE_APP' }, repeat)),
    ]);
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(results.every((r) => r.data.signPetition.petition.viewerHasSigned)).toBe(true);

    const petition = await page(petitionId, repeat);
    expect(petition.signatureCount).toBe(41);
    expect(petition.viewerHasSigned).toBe(true);
    const byChannel = Object.fromEntries(petition.signaturesByChannel.map((c: { channel: string; count: number }) => [c.channel, c.count]));
    expect(byChannel).toEqual({ WEB: 20, MOBILE_APP: 21 });
    const [stored] = (await rows('select count(*) as n from signature where petition_id = ?', [petitionId])) as { n: number }[];
    expect(Number(stored!.n)).toBe(41);
    expect(petition.thresholdReachedAt).not.toBeNull();

    // Signing again changes nothing; the threshold moment is set once.
    const again = await op('SignPetition', { id: petitionId, channel: 'WEB' }, repeat);
    expect(again.data.signPetition.petition).toMatchObject({ signatureCount: 41, viewerHasSigned: true, thresholdReachedAt: petition.thresholdReachedAt });
    const more = await op('SignPetition', { id: petitionId, channel: 'WEB' }, await as('signer-late'));
    expect(more.data.signPetition.petition).toMatchObject({ signatureCount: 42, thresholdReachedAt: petition.thresholdReachedAt });

    const mine = await op('MyParticipation', {}, repeat);
    expect(mine.data.me.signedPetitions.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([petitionId]);
  });

  it('signs in a fixed handful of SQL statements, however many signatures the petition has', async () => {
    graph.resetQueries();
    const signed = await op('SignPetition', { id: petitionId, channel: 'WEB' }, await as('signer-counted'));
    expect(signed.errors).toBeUndefined();
    // begin, guarded insert, counter update, commit, then the petition as it now is.
    expect(graph.queries.petitions.filter((sql) => !/^(begin|commit|savepoint|release)/i.test(sql.trim()))).toHaveLength(3);
    graph.resetQueries();
    await op('SignPetition', { id: petitionId, channel: 'WEB' }, await as('signer-counted'));
    // A repeat: the insert does nothing, so no update; one look-up tells it was already signed.
    expect(graph.queries.petitions.filter((sql) => !/^(begin|commit|savepoint|release)/i.test(sql.trim()))).toHaveLength(3);
  });

  it('lets only an official of the city answer, once, after the threshold', async () => {
    const answer = 'Міська рада включила ремонт фонтана до програми благоустрою на наступний рік.';
    expect(codeOf(await op('RespondToPetition', { id: petitionId, body: answer }, await as('signer-1')))).toEqual([['FORBIDDEN', undefined]]);
    expect(codeOf(await op('RespondToPetition', { id: petitionId, body: answer }, await as('off-kyiv', ['official:kyiv'])))).toEqual([['FORBIDDEN', undefined]]);
    const official = await as('off-vn', ['official:vinnytsia']);
    expect(codeOf(await op('RespondToPetition', { id: petitionId, body: 'Так.' }, official))).toEqual([['BAD_USER_INPUT', 'body']]);
    const answered = await op('RespondToPetition', { id: petitionId, body: answer }, official);
    expect(answered.errors).toBeUndefined();
    expect(answered.data.respondToPetition.petition.response.body).toBe(answer);
    expect(codeOf(await op('RespondToPetition', { id: petitionId, body: `${answer} Ще раз.` }, official))).toEqual([['CONFLICT', 'id']]);
    expect((await page(petitionId)).response.body).toBe(answer);

    const [below] = (await rows("select id from petition where city = 'vinnytsia' and status = 'OPEN' and threshold_reached_at is null and id <> ? limit 1", [petitionId])) as { id: string }[];
    if (below) expect(codeOf(await op('RespondToPetition', { id: below.id, body: answer }, official))).toEqual([['CONFLICT', 'id']]);
  });

  it('closes when the period ends: no signature after it, repeats still answered', async () => {
    await graph.sql('petitions', 'update petition set closes_at = ? where id = ?', [new Date(Date.now() - 1000), petitionId]);
    expect((await page(petitionId)).status).toBe('CLOSED');
    expect(codeOf(await op('SignPetition', { id: petitionId, channel: 'WEB' }, await as('signer-too-late')))).toEqual([['CONFLICT', 'id']]);
    const repeat = await op('SignPetition', { id: petitionId, channel: 'WEB' }, await as('signer-1'));
    expect(repeat.errors).toBeUndefined();
    expect(repeat.data.signPetition.petition.signatureCount).toBe(43);
    const [stored] = (await rows('select count(*) as n from signature where petition_id = ?', [petitionId])) as { n: number }[];
    expect(Number(stored!.n)).toBe(43);
  });

  it('refuses a submission it cannot check when the registry is down, naming it, storing nothing', async () => {
    const before = await count('petition');
    await graph.stopSubgraph('registry');
    const result = await op('SubmitPetition', { input: input({ title: 'Петиція, яку не можна перевірити зараз' }) }, await as('author-5'));
    expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.service])).toEqual([['SERVICE_UNAVAILABLE', 'registry']]);
    expect(await count('petition')).toBe(before);
  });
});
