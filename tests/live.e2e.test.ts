import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PETITION_RULES } from '../subgraphs/petitions/petition/petition.rules.js';
import { createPetitionsSubgraph } from '../subgraphs/petitions/petitions.subgraph.js';
import { as, devToken, graphql, postJson, startGraph, type RunningGraph } from './support/graph.js';
import { eventually, nextMatching, openStreams, rawSocket, SseStream, sseClient, wsClient } from './support/live-clients.js';
import { natsAvailable, TEST_NATS_URL } from './support/nats.js';
import { OPERATIONS } from './support/operations.js';

/**
 * How events reach the gateway: each subgraph's signed internal stream (`npm start`'s
 * default), and NATS JetStream when it answers (always on CI). Admission and transport
 * tests, which do not depend on it, run with the first only.
 */
const MODES = ['internal streams', ...((await natsAvailable()) ? ['NATS'] : [])];
const INTERNAL = MODES[0];

// Vinnytsia's threshold lowered by configuration, so that three signatures cross it.
const RULES = { ...DEFAULT_PETITION_RULES, vinnytsia: { ...DEFAULT_PETITION_RULES.vinnytsia!, threshold: 3, periodDays: 30 } };

/** The client contract's operations (schema/operations/live.graphql, from ../shared/operations/live.graphql). */
const PETITION_LIVE = OPERATIONS.PetitionLive!;
const CITY_FEED = OPERATIONS.CityFeed!;
/** A document of the caller's own, outside the published operations. */
const UNLISTED = 'subscription Mine($id: ID!) { petitionChanged(id: $id) { id signatureCount } }';

type Result = { data?: any; errors?: readonly any[] };
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe.each(MODES)('live participation through the gateway, events by %s', (mode) => {
  let graph: RunningGraph;
  let url: string;
  let organization: { id: string; name: string };
  const op = (name: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => graphql(url, OPERATIONS[name]!, variables, headers);
  const moderator = () => as('live-moderator', ['moderator:vinnytsia']);
  const official = () => as('live-official', ['official:vinnytsia']);

  /** A new open petition of Vinnytsia, initiated by an organisation of the registry. */
  async function openPetition(title: string): Promise<string> {
    const filed = await op(
      'SubmitPetition',
      {
        input: {
          city: 'vinnytsia',
          district: 'vinnytsia-tsentr',
          title,
          body: 'Просимо місто облаштувати тут громадський простір і провести обговорення проєкту з мешканцями кварталу до кінця року.',
          initiatorOrganizationId: organization.id,
        },
      },
      await as('live-author'),
    );
    expect(filed.errors).toBeUndefined();
    const id = filed.data.submitPetition.petition.id as string;
    const admitted = await op('ModeratePetition', { id, decision: 'ADMIT' }, await moderator());
    expect(admitted.errors).toBeUndefined();
    return id;
  }

  const sign = async (id: string, who: string) => {
    const signed = await op('SignPetition', { id, channel: 'WEB' }, await as(who));
    expect(signed.errors).toBeUndefined();
  };

  beforeAll(async () => {
    graph = await startGraph({
      definitions: { petitions: createPetitionsSubgraph({ rules: RULES }) },
      gatewayEnv: { LIVE_COALESCE_MS: '50' },
      // In a namespace of this graph's own (startGraph): no other run's events in its streams.
      ...(mode === 'NATS' ? { natsUrl: TEST_NATS_URL } : {}),
    });
    url = graph.gatewayUrl;
    const [{ id }] = (await graph.sql('registry', "select id from organization where status = 'REGISTERED' and city = 'vinnytsia' order by id limit 1")) as { id: string }[];
    organization = (await graphql(url, 'query Organization($id: ID!) { organization(id: $id) { id name } }', { id })).data.organization;
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('sends a signature, the threshold and the answer, over SSE and WebSocket, with fields of other subgraphs and the subscriber\u02bcs own', async () => {
    const id = await openPetition('Облаштувати сквер біля річки');
    // Over SSE with graphql-sse's client, signed in as the first signer; over WebSocket, anonymous.
    const sse = sseClient(url, await as('live-signer-1')).iterate<any>({ query: PETITION_LIVE, variables: { id } });
    const ws = wsClient(url).iterate<any>({ query: PETITION_LIVE, variables: { id } });
    // Both clients subscribe as their iterators are made; the gateway counts them once admitted.
    await eventually(async () => {
      const open = await openStreams(url);
      return open.sse >= 1 && open.ws >= 1;
    });

    await sign(id, 'live-signer-1');
    const signed = (r: Result) => r.data?.petitionChanged?.signatureCount >= 1;
    const signedSse = await nextMatching<Result>(sse, signed);
    const signedWs = await nextMatching<Result>(ws, signed);
    expect(signedSse.errors).toBeUndefined();
    expect(signedSse.data.petitionChanged).toMatchObject({ id, status: 'OPEN', viewerHasSigned: true, initiatorOrganization: organization });
    // The same event, answered for each subscriber: the anonymous one has not signed.
    expect(signedWs.data.petitionChanged).toMatchObject({ id, viewerHasSigned: false, initiatorOrganization: organization });

    await sign(id, 'live-signer-2');
    await sign(id, 'live-signer-3');
    const reached = (r: Result) => r.data?.petitionChanged?.signatureCount === 3 && r.data.petitionChanged.thresholdReachedAt !== null;
    expect((await nextMatching<Result>(sse, reached)).data.petitionChanged.thresholdReachedAt).toEqual(expect.any(String));
    expect((await nextMatching<Result>(ws, reached)).data.petitionChanged.signatureCount).toBe(3);

    const body = 'Місто облаштує сквер наступного року за програмою благоустрою набережних.';
    expect((await op('RespondToPetition', { id, body }, await official())).errors).toBeUndefined();
    const answered = (r: Result) => r.data?.petitionChanged?.response?.body === body;
    expect((await nextMatching<Result>(sse, answered)).data.petitionChanged.initiatorOrganization.name).toBe(organization.name);
    expect((await nextMatching<Result>(ws, answered)).data.petitionChanged.response.respondedAt).toEqual(expect.any(String));

    await sse.return?.();
    await ws.return?.();
    await eventually(async () => {
      const open = await openStreams(url);
      return open.sse === 0 && open.ws === 0;
    });
  });

  it.runIf(mode === INTERNAL)('answers NOT_FOUND for an unknown petition and ends the subscription, over both transports', async () => {
    const stream = await SseStream.open(url, { query: PETITION_LIVE, variables: { id: UNKNOWN } });
    const events = await stream.rest();
    expect(events.map((e) => e.event)).toEqual(['next', 'complete']);
    expect(JSON.parse(events[0]!.data!).errors.map((e: any) => e.extensions.code)).toEqual(['NOT_FOUND']);
    // The same over GET, as an EventSource sends it (the operation in the query string).
    const search = new URLSearchParams({ query: PETITION_LIVE, variables: JSON.stringify({ id: UNKNOWN }) });
    const overGet = await fetch(`${url}?${search}`, { headers: { accept: 'text/event-stream' } });
    expect(overGet.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await overGet.text();
    expect(text).toMatch(/^event: next\ndata: .*"NOT_FOUND".*\n\nevent: complete\ndata:\n\n$/s);

    const ws = wsClient(url).iterate({ query: PETITION_LIVE, variables: { id: UNKNOWN } });
    const refused = await ws.next().then(
      () => undefined,
      (errors: unknown) => errors as { extensions?: { code?: string } }[],
    );
    expect(refused?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(await openStreams(url)).toEqual({ sse: 0, ws: 0 });
  });

  it.runIf(mode === INTERNAL)('refuses a document with two subscription fields and a subscription sent as a plain request, keeping nothing open', async () => {
    const id = await openPetition('Поставити лавки вздовж алеї');
    const two = `subscription Two($id: ID!) { a: petitionChanged(id: $id) { id } b: consultationChanged(id: $id) { id } }`;
    const events = await (await SseStream.open(url, { query: two, variables: { id } })).rest();
    expect(events.map((e) => e.event)).toEqual(['next', 'complete']);
    expect(JSON.parse(events[0]!.data!).errors.map((e: any) => e.extensions.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);

    const plain = await postJson(url, { query: PETITION_LIVE, variables: { id } });
    expect(plain.status).toBe(400);
    expect(plain.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
    expect(await openStreams(url)).toEqual({ sse: 0, ws: 0 });
  });

  it.runIf(mode === INTERNAL)('answers a query sent over either transport once, through the same admission as POST', async () => {
    const events = await (await SseStream.open(url, { query: '{ cities { id } }' })).rest();
    expect(events.map((e) => e.event)).toEqual(['next', 'complete']);
    expect(JSON.parse(events[0]!.data!).data.cities).toEqual(expect.arrayContaining([{ id: 'vinnytsia' }]));
    const ws = wsClient(url);
    const result = await nextMatching(ws.iterate<any>({ query: '{ cities { id } }' }), () => true);
    expect(result.data.cities).toEqual(expect.arrayContaining([{ id: 'kyiv' }]));
    await ws.dispose();
  });

  it.runIf(mode === INTERNAL)('refuses a client over its subscription limit, and admits it again once it closed one', async () => {
    const { url: limited } = await graph.startGateway({ LIVE_MAX_PER_CLIENT: '2' });
    const id = await openPetition('Висадити липи на бульварі');
    const headers = await as('live-many');
    const open = await Promise.all([1, 2].map(() => SseStream.open(limited, { query: PETITION_LIVE, variables: { id } }, headers)));
    await eventually(async () => (await openStreams(limited)).sse === 2);
    const third = await (await SseStream.open(limited, { query: PETITION_LIVE, variables: { id } }, headers)).rest();
    expect(JSON.parse(third[0]!.data!).errors.map((e: any) => [e.extensions.code, e.extensions.limit])).toEqual([['SUBSCRIPTION_LIMIT', 'client']]);
    // Another client is not affected.
    const other = await SseStream.open(limited, { query: PETITION_LIVE, variables: { id } }, await as('live-other'));
    await eventually(async () => (await openStreams(limited)).sse === 3);
    open[0]!.close();
    await eventually(async () => (await openStreams(limited)).sse === 2);
    const again = await SseStream.open(limited, { query: PETITION_LIVE, variables: { id } }, headers);
    await eventually(async () => (await openStreams(limited)).sse === 3);
    for (const stream of [open[1]!, other, again]) stream.close();
  });

  it.runIf(mode === INTERNAL)('holds a process to its limit, and the safelist to subscriptions as to queries', async () => {
    const { url: one } = await graph.startGateway({ LIVE_MAX_PER_PROCESS: '1', SAFELIST: 'true' });
    const id = await openPetition('Прибрати узбережжя озера');
    // Outside the published operations: refused, except for developers.
    const unlisted = await (await SseStream.open(one, { query: UNLISTED, variables: { id } })).rest();
    expect(JSON.parse(unlisted[0]!.data!).errors.map((e: any) => [e.extensions.code, e.extensions.reason])).toEqual([['FORBIDDEN', 'OPERATION_NOT_IN_SAFELIST']]);
    // A published one by its id alone, as the city's apps send them.
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(PETITION_LIVE).digest('hex') };
    const held = await SseStream.open(one, { extensions: { persistedQuery }, variables: { id } });
    await eventually(async () => (await openStreams(one)).sse === 1);
    const over = await (await SseStream.open(one, { query: UNLISTED, variables: { id } }, await as('live-developer', ['developer']))).rest();
    expect(JSON.parse(over[0]!.data!).errors.map((e: any) => [e.extensions.code, e.extensions.limit])).toEqual([['SUBSCRIPTION_LIMIT', 'process']]);
    held.close();
  });

  it.runIf(mode === INTERNAL)('closes a WebSocket that breaks the protocol with its code', async () => {
    const garbage = rawSocket(url);
    await garbage.opened;
    garbage.socket.send('{ not json');
    expect((await garbage.closed).code).toBe(4400);

    const early = rawSocket(url);
    await early.opened;
    early.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ cities { id } }' } }));
    expect((await early.closed).code).toBe(4401);

    const refused = rawSocket(url);
    await refused.opened;
    refused.socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: 'Bearer not.a.token' } }));
    expect(await refused.closed).toMatchObject({ code: 4403, reason: expect.stringMatching(/^UNAUTHENTICATED/) });
  });

  it('sends a client that reconnects with its last event id what it missed', async () => {
    const id = await openPetition('Відкрити бібліотеку у дворі школи');
    const first = await SseStream.open(url, { query: PETITION_LIVE, variables: { id } });
    await eventually(async () => (await openStreams(url)).sse === 1);
    await sign(id, 'live-resume-1');
    const seen = await first.nextResult((r) => r.data?.petitionChanged?.signatureCount === 1);
    expect(seen.id).toEqual(expect.any(String));
    first.close();
    await eventually(async () => (await openStreams(url)).sse === 0);

    // Missed while away: a signature and the threshold.
    await sign(id, 'live-resume-2');
    await sign(id, 'live-resume-3');
    const back = await SseStream.open(url, { query: PETITION_LIVE, variables: { id } }, { 'last-event-id': seen.id! });
    const caughtUp = await back.nextResult((r) => r.data?.petitionChanged?.signatureCount === 3);
    expect(caughtUp.result.data.petitionChanged.thresholdReachedAt).toEqual(expect.any(String));
    expect(caughtUp.id).not.toBe(seen.id);
    back.close();

    // The city feed replays each missed event, in order.
    const feed = await SseStream.open(url, { query: CITY_FEED, variables: { city: 'vinnytsia' } });
    await eventually(async () => (await openStreams(url)).sse === 1);
    const published = await openPetition('Освітлити пішохідний міст');
    const announced = await feed.nextResult((r) => r.data?.participationEvents?.petition?.id === published);
    expect(announced.result.data.participationEvents.__typename).toBe('PetitionPublished');
    feed.close();
    await eventually(async () => (await openStreams(url)).sse === 0);
    const body = 'Міст освітлять до кінця осені.';
    expect((await op('RespondToPetition', { id, body }, await official())).errors).toBeUndefined();
    const later = await openPetition('Встановити питні фонтанчики');
    const resumed = await SseStream.open(url, { query: CITY_FEED, variables: { city: 'vinnytsia' } }, { 'last-event-id': announced.id! });
    const missed = [
      await resumed.nextResult((r) => r.data?.participationEvents?.__typename === 'PetitionAnswered'),
      await resumed.nextResult((r) => r.data?.participationEvents?.petition?.id === later),
    ];
    expect(missed[0]!.result.data.participationEvents.petition).toMatchObject({ id, response: { body } });
    resumed.close();
  });

  it.runIf(mode === INTERNAL)('ends a stream when its token expires: over SSE with STREAM_CLOSED (TOKEN_EXPIRED), a WebSocket closed with 4403', async () => {
    // Without clock tolerance, a token is refused (and its streams end) at its `exp` itself.
    const { url: strict } = await graph.startGateway({ JWT_CLOCK_TOLERANCE_S: '0' });
    const id = await openPetition('Полагодити фонтан у парку');
    const token = await devToken('live-expiring', [], '2s');
    const sse = await SseStream.open(strict, { query: PETITION_LIVE, variables: { id } }, { authorization: `Bearer ${token}` });
    const ws = wsClient(strict, { Authorization: `Bearer ${token}` });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('closed', (event) => resolve(event as { code: number; reason: string })));
    void ws.iterate({ query: PETITION_LIVE, variables: { id } }).next().catch(() => undefined);

    // The stream was admitted (no refusal first), then cut with the reason and no `complete`: the client resumes with a fresh token.
    const events = await sse.rest();
    expect(events.map((e) => e.event)).toEqual(['next']);
    expect(JSON.parse(events[0]!.data!).errors.map((e: any) => [e.extensions.code, e.extensions.reason])).toEqual([['STREAM_CLOSED', 'TOKEN_EXPIRED']]);
    expect(await closed).toMatchObject({ code: 4403, reason: 'STREAM_CLOSED: TOKEN_EXPIRED' });
    await eventually(async () => {
      const open = await openStreams(strict);
      return open.sse === 0 && open.ws === 0;
    });
    // With a fresh token, it comes back.
    const again = await SseStream.open(strict, { query: PETITION_LIVE, variables: { id } }, await as('live-expiring'));
    await eventually(async () => (await openStreams(strict)).sse === 1);
    again.close();
  });

  it.runIf(mode === INTERNAL)('ends every stream at shutdown with a hint to come back', async () => {
    const { gateway, url: closing } = await graph.startGateway();
    const id = await openPetition('Зробити пандус біля поліклініки');
    const sse = await SseStream.open(closing, { query: PETITION_LIVE, variables: { id } });
    const ws = wsClient(closing, { Authorization: `Bearer ${await devToken('live-ws')}` });
    const closed = new Promise<number>((resolve) => ws.on('closed', (event) => resolve((event as { code: number }).code)));
    const results = ws.iterate({ query: PETITION_LIVE, variables: { id } });
    void results.next().catch(() => undefined);
    await eventually(async () => {
      const open = await openStreams(closing);
      return open.sse === 1 && open.ws === 1;
    });
    await gateway.close();
    const ending = await sse.rest();
    // One last event: when to come back (`retry:`, in ms) and why, with no `complete`, so clients come back and resume.
    expect(ending.at(-1)).toMatchObject({ retry: expect.stringMatching(/^\d+$/), event: 'next' });
    expect(JSON.parse(ending.at(-1)!.data!).errors[0].extensions).toMatchObject({ code: 'STREAM_CLOSED', reason: 'RESTARTING' });
    expect(ending.some((message) => message.event === 'complete')).toBe(false);
    expect(await closed).toBe(1012);
  });
});
