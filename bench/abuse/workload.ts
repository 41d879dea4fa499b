import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ensureDevSigningKey, signDevToken } from '../../gateway/src/auth/dev-key.js';
import { parseGatewayConfig } from '../../gateway/src/config.js';
import { loadManifest } from '../../gateway/src/persisted/manifest.js';
import { GATEWAYS, OUR_DATA_DIR, type OurExecutor } from '../gateways.js';
import { driveLoad, type LoadResult } from '../load.js';
import { freePort, gatewayFigures, type GatewayFigures } from '../measure.js';
import { sampleTree, type Service } from '../processes.js';
import { seedScale, variablePools } from '../participation/data.js';
import { GATEWAY_SECRET, startSubgraphs, supergraphFor, variablesFor } from '../participation/workload.js';
import type { WorkloadResult } from '../report.js';
import { abuseName } from '../targets.js';
import { attackFromWorker, type AttackFigures } from './attack.js';

/** The measured client's operation, and the scale of the data it reads. */
const OPERATION = 'PetitionPage';
const SCALE = 0.1;
/** The measured client: a signed-in resident reading petitions at a steady pace, on a few connections. */
const CLIENT_CONNECTIONS = 4;
const CLIENT_RATE = 10;
/** The attack of issue 15: four lanes of unique documents with 700 root fields each. */
const ATTACK_LANES = 4;
const ATTACK_ROOT_FIELDS = 700;

export interface AbuseOptions {
  warmupSeconds: number;
  /** Length of each measured phase (the client alone, then under attack). */
  seconds: number;
  /** Our gateway's executor (GATEWAY_EXECUTOR); its own default when not given. */
  executor?: OurExecutor;
}

/**
 * Workload 3, abuse: what one anonymous client sending documents far over the limits (and
 * each new, so no cache helps) does to everyone else. Our gateway only, as deployed, with
 * its rate limits on at their defaults (they are part of the defence) and the safelist off
 * (with it, as in production, such documents are refused before they are even parsed).
 * A signed-in resident reads petition pages at a steady pace, alone, then while the attack
 * runs; its p99 in both phases is the figure.
 */
export async function runAbuse(root: string, options: AbuseOptions, log: (line: string) => void): Promise<{ workloads: WorkloadResult[]; attack: AttackFigures }> {
  log(`Workload 3, abuse: ${OPERATION} by a signed-in resident, alone and under a validation attack`);
  const dataDir = join(root, 'bench', '.data', `scale-${SCALE}`);
  seedScale(root, dataDir, SCALE, log);
  const pools = variablePools(dataDir);
  const persisted = [...loadManifest(join(root, 'schema/persisted-operations.json')).values()].find((op) => op.name === OPERATION)!;
  const next = variablesFor(OPERATION, pools, 2000);
  const body = (variables: Record<string, unknown>) => JSON.stringify({ query: persisted.body, operationName: OPERATION, variables });
  const sampleBody = body(variablesFor(OPERATION, pools, 7)());

  // Each phase's resident has an allowance of its own and spends at most 4/5 of it per window: its own limit never refuses it.
  const { points, windowSeconds } = parseGatewayConfig({ GATEWAY_SECRET }).rateLimit;
  const rate = Math.max(1, Math.min(CLIENT_RATE, Math.floor((0.8 * points) / Math.min(options.seconds, windowSeconds))));
  const key = await ensureDevSigningKey(OUR_DATA_DIR(root));
  const resident = async (phase: string) => ({ authorization: `Bearer ${await signDevToken(key, { sub: `bench-resident-${phase}-${Date.now()}`, grants: [], expiresIn: '1h' })}` });

  const { services, urls } = await startSubgraphs(root, dataDir);
  let gateway: Service | undefined;
  try {
    const supergraphPath = join(root, 'bench', '.data', `abuse-supergraph-${SCALE}.graphql`);
    writeFileSync(supergraphPath, supergraphFor(root, urls));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/graphql`;
    const ours = GATEWAYS.find((g) => g.name === 'ours')!;
    log(`  starting ours (${ours.workers} worker${ours.workers > 1 ? 's' : ''}), rate limits on, safelist off`);
    gateway = await ours.start({
      root,
      port,
      supergraphPath,
      gatewaySecret: GATEWAY_SECRET,
      manifestPath: join(root, 'schema/persisted-operations.json'),
      safelist: false,
      env: { RATE_LIMIT: 'true' },
      ...(options.executor ? { executor: options.executor } : {}),
    });
    const answer = async () => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await resident('sample')) }, body: sampleBody });
      return (await response.json()) as { data?: unknown; errors?: unknown[] };
    };
    const sample = await answer();
    if (sample.errors?.length || !sample.data) throw new Error(`ours answered ${OPERATION}'s sample with errors: ${JSON.stringify(sample).slice(0, 500)}`);

    const client = async (phase: string, seconds: number) =>
      driveLoad({ url, connections: CLIENT_CONNECTIONS, overallRate: rate, seconds, headers: await resident(phase), nextBody: () => body(next()), inspectBodies: true });
    if (options.warmupSeconds > 0) await client('warmup', options.warmupSeconds);

    const measured = async <T>(run: () => Promise<T>) => {
      const usage = sampleTree(gateway!.child.pid!);
      const result = await run();
      return { result, used: usage.stop() };
    };
    const row = (load: LoadResult, used: { maxRssMB: number; cpuPercent: number; cpuMs: number }, sameAnswer: boolean): GatewayFigures =>
      gatewayFigures('ours', ours.workers, load, used, sameAnswer);
    const print = (name: string, r: GatewayFigures) =>
      log(`    ${name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, gateway CPU ${r.cpuPercent.toFixed(0)} %, ${r.failures} failed`);

    log(`  the resident alone, ${rate} req/s for ${options.seconds} s`);
    const alone = await measured(() => client('alone', options.seconds));
    const aloneRow = row(alone.result, alone.used, true);
    print(abuseName(OPERATION, 'alone'), aloneRow);

    log(`  the resident under attack: ${ATTACK_LANES} lanes of unique ${ATTACK_ROOT_FIELDS}-root-field documents from one anonymous client, ${options.seconds} s`);
    const attacked = await measured(() =>
      Promise.all([client('attacked', options.seconds), attackFromWorker(root, { url, lanes: ATTACK_LANES, seconds: options.seconds, rootFields: ATTACK_ROOT_FIELDS })]),
    );
    const [underAttack, attack] = attacked.result;
    // The same answer after the attack as before it: nothing degraded.
    const after = await answer();
    const attackedRow = row(underAttack, attacked.used, !after.errors?.length && isDeepStrictEqual(after.data, sample.data));
    print(abuseName(OPERATION, 'under attack'), attackedRow);
    log(`    attacker: ${attack.requests} requests (${attack.rps.toFixed(0)}/s), by status ${JSON.stringify(attack.statuses)}`);
    return {
      workloads: [
        { name: abuseName(OPERATION, 'alone'), gateways: [aloneRow] },
        { name: abuseName(OPERATION, 'under attack'), gateways: [attackedRow] },
      ],
      attack,
    };
  } finally {
    await gateway?.stop();
    await Promise.all(services.map((service) => service.stop()));
  }
}
