import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { ensureDevSigningKey, signDevToken } from '../../gateway/src/auth/dev-key.js';
import { loadManifest } from '../../gateway/src/persisted/manifest.js';
import type { RoleGrant } from '../../lib/identity.js';
import { GATEWAYS, OUR_DATA_DIR } from '../gateways.js';
import { freePort, type GatewayFigures } from '../measure.js';
import { processTree, rssMegabytes, sampleTree, type Service } from '../processes.js';
import { seedScale } from '../participation/data.js';
import { GATEWAY_SECRET, startSubgraphs, supergraphFor } from '../participation/workload.js';
import type { WorkloadResult } from '../report.js';
import { liveName } from '../targets.js';
import { admit, endpoint, graphql, sign, type Endpoint } from './actors.js';
import { clock, deliveryFigures, missedOf } from './figures.js';
import { describeLive, type LiveFigures, type LiveOptions } from './summary.js';
import { SubscriberProcess, type PoolRecords } from './subscriber-pool.js';

/** The generated data the graph runs over (a copy, so the run's writes leave the other workloads' databases as they were). */
const SCALE = 0.1;
/** The city whose petition is signed and whose feed is followed (its threshold, 6,000, is not reached by a run's signatures). */
const CITY = 'kyiv';
/** Streams each load process opens at once while the subscriptions are set up. */
const OPEN_CONCURRENCY = 32;
/** How long the subscribers may take to show the final state once the last write was answered. */
const SETTLE_MS = 15_000;

/**
 * Workload 4, live: our gateway (its default workers) over every subgraph, as `npm start`
 * runs them (SQLite, the generated data at scale 0.1), holding SSE subscriptions to one
 * open petition and to its city's feed while residents sign it at a steady pace and a
 * moderator publishes petitions. The subscribers run in processes of their own on raw
 * HTTP streams; every delivery is timed where its bytes arrive. Figures: commit → delivery
 * per signature and subscriber, fan-out of one update, nothing missed, gateway memory.
 */
export async function runLive(root: string, options: LiveOptions, log: (line: string) => void): Promise<{ workloads: WorkloadResult[]; live: LiveFigures }> {
  log(
    `Workload 4, live: ${options.petitionSubscribers} PetitionLive + ${options.feedSubscribers} CityFeed SSE subscriptions, ${options.signaturesPerSecond} signatures/s and ${options.publishesPerSecond} publications/s for ${options.seconds} s`,
  );
  const dataDir = join(root, 'bench', '.data', `scale-${SCALE}`);
  seedScale(root, dataDir, SCALE, log);
  const liveDir = join(root, 'bench', '.data', 'live');
  rmSync(liveDir, { recursive: true, force: true });
  mkdirSync(liveDir, { recursive: true });
  for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.sqlite'))) copyFileSync(join(dataDir, file), join(liveDir, file));

  const operations = operationBodies(root);
  const key = await ensureDevSigningKey(OUR_DATA_DIR(root));
  const run = Date.now().toString(36);
  const token = (sub: string, grants: RoleGrant[] = []) => signDevToken(key, { sub: `bench-live-${run}-${sub}`, grants, expiresIn: '2h' });

  const { services, urls } = await startSubgraphs(root, liveDir);
  let gateway: Service | undefined;
  const pool: SubscriberProcess[] = [];
  try {
    const supergraphPath = join(root, 'bench', '.data', 'live-supergraph.graphql');
    writeFileSync(supergraphPath, supergraphFor(root, urls));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/graphql`;
    const ours = GATEWAYS.find((g) => g.name === 'ours')!;
    log(`  starting ours (${ours.workers} worker${ours.workers > 1 ? 's' : ''}), safelist on, subscriptions per client unlimited (every subscriber comes from one address)`);
    gateway = await ours.start({
      root,
      port,
      supergraphPath,
      gatewaySecret: GATEWAY_SECRET,
      manifestPath: join(root, 'schema/persisted-operations.json'),
      safelist: true,
      env: { LIVE_MAX_PER_CLIENT: '10000' },
      ...(options.executor ? { executor: options.executor } : {}),
    });
    const api = endpoint(url);

    // The petition everyone reads, and the petitions the moderator publishes during the run: filed now, waiting in moderation.
    const author = await token('author');
    const moderator = await token('moderator', [{ role: 'moderator', city: CITY }]);
    const publishes = Math.max(1, Math.round(options.publishesPerSecond * options.seconds));
    const [petitionId, ...toPublish] = await fileInModeration(api, operations.submit, author, run, publishes + 1);
    await graphql(api, operations.moderate(petitionId!), moderator);
    log(`  petition ${petitionId} open in ${CITY}; ${publishes} more waiting in moderation`);

    const processes = Math.max(1, Math.min(options.loadProcesses, options.petitionSubscribers + options.feedSubscribers));
    const share = (total: number, i: number) => Math.floor(total / processes) + (i < total % processes ? 1 : 0);
    const openedAt = performance.now();
    for (let i = 0; i < processes; i++) pool.push(new SubscriberProcess(root));
    await Promise.all(
      pool.map((held, i) =>
        held.open({
          url,
          petition: { body: operations.petitionLive(petitionId!), count: share(options.petitionSubscribers, i) },
          feed: { body: operations.cityFeed(CITY), count: share(options.feedSubscribers, i) },
          concurrency: OPEN_CONCURRENCY,
        }),
      ),
    );
    log(`  ${options.petitionSubscribers + options.feedSubscribers} subscriptions open in ${((performance.now() - openedAt) / 1000).toFixed(1)} s, held by ${processes} load process${processes > 1 ? 'es' : ''}`);

    const signers = (phase: string, count: number) => Promise.all(Array.from({ length: count }, (_, i) => token(`${phase}-${i}`)));
    if (options.warmupSeconds > 0) {
      const warm = await sign(api, operations.sign(petitionId!), await signers('warmup', Math.round(options.signaturesPerSecond * options.warmupSeconds)), options.signaturesPerSecond);
      log(`  warm-up: ${warm.answered.length} signatures (not counted)`);
    }

    const residents = await signers('resident', Math.max(1, Math.round(options.signaturesPerSecond * options.seconds)));
    const gatewayUsage = sampleTree(gateway.child.pid!);
    const loadUsage = pool.map((p) => sampleTree(p.pid));
    const subgraphUsage = services.map((service) => sampleTree(service.child.pid!));
    const loadAtStart = loadavg()[0]!;
    const writersCpu = process.cpuUsage();
    const from = clock();
    const [signed, published] = await Promise.all([
      sign(api, operations.sign(petitionId!), residents, options.signaturesPerSecond),
      admit(api, operations.moderate, moderator, toPublish, options.publishesPerSecond),
    ]);
    const signedUntil = clock();
    const windowMs = signedUntil - from;
    const writers = process.cpuUsage(writersCpu);
    const gatewayRssAtEndMB = processTree(gateway.child.pid!).map(rssMegabytes).filter((mb) => mb > 0);
    const gatewayUsed = gatewayUsage.stop();
    const loadUsed = loadUsage.map((u) => u.stop());
    const subgraphCpuPercent = Object.fromEntries(subgraphUsage.map((u, i) => [services[i]!.name, u.stop().cpuPercent]));
    const loadAverage: [number, number] = [loadAtStart, loadavg()[0]!];
    for (const [what, writes] of [['signatures', signed], ['publications', published]] as const) {
      if (writes.failed) log(`  ${writes.failed} ${what} failed, e.g. ${writes.problems.join(' | ')}`);
    }

    const page = await graphql<{ petition: { signatureCount: number } }>(api, operations.page(petitionId!));
    const finalCount = Math.max(page.petition.signatureCount, ...signed.answered.map((s) => s.count));
    const records = await Promise.all(pool.map((p) => p.settle({ finalCount, published: published.answered.map((p) => p.id), timeoutMs: SETTLE_MS })));
    const merged: PoolRecords = { petition: records.flatMap((r) => r.petition), feed: records.flatMap((r) => r.feed), settled: records.every((r) => r.settled) };
    const lastAt = Math.max(signedUntil, ...[...merged.petition, ...merged.feed].map((s) => s.deliveries.at(-1)?.at ?? 0));
    const delivery = deliveryFigures({
      signatures: signed.answered,
      petition: merged.petition,
      finalCount,
      feed: merged.feed,
      published: published.answered,
      window: { from, to: lastAt },
    });
    const live: LiveFigures = {
      ...delivery,
      options,
      city: CITY,
      signatures: signed.answered.length,
      signaturesFailed: signed.failed,
      signaturesPerSecond: signed.answered.length / (windowMs / 1000),
      signP50Ms: signed.roundTripP50Ms,
      signP99Ms: signed.roundTripP99Ms,
      published: published.answered.length,
      publishesFailed: published.failed,
      finalCount,
      settled: merged.settled,
      gatewayRssAtEndMB,
      gatewayPeakRssMB: gatewayUsed.maxRssMB,
      gatewayWorkers: ours.workers,
      gatewayCpuPercent: gatewayUsed.cpuPercent,
      loadCpuPercent: loadUsed.map((u) => u.cpuPercent),
      writersCpuPercent: ((writers.user + writers.system) / 1000 / windowMs) * 100,
      subgraphCpuPercent,
      loadAverage,
      cores: availableParallelism(),
      missed: missedOf(delivery),
    };
    for (const line of describeLive(live)) log(`    ${line}`);
    const row: GatewayFigures = {
      name: 'ours',
      workers: ours.workers,
      rps: live.deliveredPerSecond,
      p50Ms: live.commitToDelivery.p50Ms,
      p99Ms: live.commitToDelivery.p99Ms,
      rssMB: live.gatewayPeakRssMB,
      cpuPercent: live.gatewayCpuPercent,
      // Per delivered event: what the gateway's CPU over the window cost each one.
      cpuMsPerRequest: live.delivered > 0 ? gatewayUsed.cpuMs / live.delivered : NaN,
      requests: live.delivered,
      failures: live.missed + live.signaturesFailed + live.publishesFailed,
      loadGeneratorCpuPercent: Math.max(...live.loadCpuPercent, live.writersCpuPercent),
      sameAnswer: true,
    };
    return { workloads: [{ name: liveName(options.petitionSubscribers, options.feedSubscribers), gateways: [row] }], live };
  } finally {
    await Promise.all(pool.map((p) => p.stop()));
    await gateway?.stop();
    await Promise.all(services.map((service) => service.stop()));
  }
}

/** Each petition filed by the same author, waiting in moderation; their ids in order. */
async function fileInModeration(api: Endpoint, submit: (i: number) => string, author: string, run: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const data = await graphql<{ submitPetition: { petition: { id: string } } }>(api, submit(i), author);
    ids.push(data.submitPetition.petition.id);
  }
  if (new Set(ids).size !== count) throw new Error(`submissions of run ${run} returned the same petition twice`);
  return ids;
}

/** The client operations the workload sends, from the persisted-operation manifest (the safelist is on). */
function operationBodies(root: string) {
  const manifest = [...loadManifest(join(root, 'schema/persisted-operations.json')).values()];
  const body = (name: string) => {
    const operation = manifest.find((op) => op.name === name);
    if (!operation) throw new Error(`${name} is not in schema/persisted-operations.json (npm run compose writes it from schema/operations)`);
    return (variables: Record<string, unknown>) => JSON.stringify({ query: operation.body, operationName: name, variables });
  };
  const [petitionLive, cityFeed, sign, submit, moderate, page] = ['PetitionLive', 'CityFeed', 'SignPetition', 'SubmitPetition', 'ModeratePetition', 'PetitionPage'].map(body) as [
    ReturnType<typeof body>,
    ReturnType<typeof body>,
    ReturnType<typeof body>,
    ReturnType<typeof body>,
    ReturnType<typeof body>,
    ReturnType<typeof body>,
  ];
  const stamp = Date.now().toString(36);
  return {
    petitionLive: (id: string) => petitionLive({ id }),
    cityFeed: (city: string) => cityFeed({ city }),
    sign: (id: string) => sign({ id, channel: 'MOBILE_APP' }),
    moderate: (id: string) => moderate({ id, decision: 'ADMIT' }),
    page: (id: string) => page({ id }),
    submit: (i: number) =>
      submit({
        input: {
          city: CITY,
          title: `Живі оновлення: петиція ${i + 1} (${stamp})`,
          body: 'Подана навантажувальним тестом живих оновлень: модератор допускає її під час вимірювання, і стрічка міста сповіщає про неї всіх підписників.',
        },
      }),
  };
}
