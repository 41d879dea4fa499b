import type { BenchResult, WorkloadResult } from './report.js';

/** The participation workload's name for one operation at one scale. */
export const participationName = (scale: number, operation: string) => `participation ×${scale} ${operation}`;

/** The live workload's row: its subscribers, delivered events per second, and commit → delivery. */
export const liveName = (petitionSubscribers: number, feedSubscribers: number) =>
  `live ${petitionSubscribers} PetitionLive + ${feedSubscribers} CityFeed over SSE (delivered/s; commit → delivery)`;

const PARTICIPATION = /^participation ×([\d.]+) (\w+)$/;

/** The abuse workload's name for its measured operation in one phase. */
export const abuseName = (operation: string, phase: 'alone' | 'under attack') => `abuse ${operation} ${phase}`;

/** p99 at the largest scale over p99 at the smallest, per operation and gateway. */
export function scalingOf(workloads: WorkloadResult[], scales: number[]): BenchResult['scaling'] {
  if (scales.length < 2) return [];
  const top = Math.max(...scales);
  const low = Math.min(...scales);
  const byKey = new Map<string, number>();
  for (const w of workloads) {
    const match = PARTICIPATION.exec(w.name);
    if (!match) continue;
    for (const g of w.gateways) byKey.set(`${match[1]}|${match[2]}|${g.name}`, g.p99Ms);
  }
  const scaling: BenchResult['scaling'] = [];
  for (const [key, p99] of byKey) {
    const [scale, operation, gateway] = key.split('|') as [string, string, string];
    if (Number(scale) !== top) continue;
    const lower = byKey.get(`${low}|${operation}|${gateway}`);
    if (lower) scaling.push({ operation: `${operation} ×${top} / ×${low}`, gateway, p99Ratio: p99 / lower });
  }
  return scaling;
}

/** The issue's targets, judged from the figures of this run. */
export function judgeTargets(result: BenchResult, scales: number[]): BenchResult['targets'] {
  const targets: BenchResult['targets'] = [];
  const overhead = result.workloads.find((w) => w.name === 'overhead');
  const ours = overhead?.gateways.find((g) => g.name === 'ours');
  const apollo = overhead?.gateways.find((g) => g.name === 'apollo-gateway');
  const hive = overhead?.gateways.find((g) => g.name === 'hive-gateway');
  if (ours && apollo) {
    const ratio = ours.rps / apollo.rps;
    targets.push({ target: 'overhead: req/s ≥ 3× apollo-gateway', met: ratio >= 3, detail: `${ratio.toFixed(2)}×` });
  }
  if (ours && hive) {
    const ratio = ours.rps / hive.rps;
    targets.push({ target: 'overhead: req/s ≥ 1.2× hive-gateway', met: ratio >= 1.2, detail: `${ratio.toFixed(2)}×` });
  }
  if (ours && (apollo || hive)) {
    const peers = [apollo, hive].filter((g) => g !== undefined);
    const worst = Math.max(...peers.map((p) => ours.p99Ms / p.p99Ms));
    targets.push({ target: 'overhead: p99 no worse than either peer', met: worst <= 1, detail: `ours ${ours.p99Ms.toFixed(2)} ms; ${peers.map((p) => `${p.name} ${p.p99Ms.toFixed(2)} ms`).join(', ')}` });
  }
  const oursScaling = result.scaling.filter((s) => s.gateway === 'ours');
  if (oursScaling.length && scales.length > 1) {
    const worst = oursScaling.reduce((a, b) => (b.p99Ratio > a.p99Ratio ? b : a));
    targets.push({
      target: `participation: p99 at ×${Math.max(...scales)} within 1.5× of ×${Math.min(...scales)}, every operation`,
      met: oursScaling.every((s) => s.p99Ratio <= 1.5),
      detail: `worst ${worst.operation.split(' ')[0]} ${worst.p99Ratio.toFixed(2)}×`,
    });
  }
  const abuse = (phase: 'alone' | 'under attack') =>
    result.workloads.find((w) => w.name.startsWith('abuse ') && w.name.endsWith(` ${phase}`))?.gateways.find((g) => g.name === 'ours');
  const [alone, attacked] = [abuse('alone'), abuse('under attack')];
  if (alone && attacked) {
    const ratio = attacked.p99Ms / alone.p99Ms;
    targets.push({
      target: 'abuse: p99 under attack within 3× of p99 without',
      met: ratio <= 3,
      detail: `${alone.p99Ms.toFixed(2)} ms alone, ${attacked.p99Ms.toFixed(2)} ms under attack (${ratio.toFixed(2)}×)`,
    });
  }
  const live = result.live;
  if (live) {
    const c = live.commitToDelivery;
    targets.push({
      target: 'live: p99 commit → delivery < 250 ms',
      met: c.p99Ms < 250,
      detail: `p99 ${c.p99Ms.toFixed(0)} ms, p50 ${c.p50Ms.toFixed(0)} ms over ${c.samples} (signature, subscriber) pairs; fan-out of one update p50 ${live.fanOut.p50Ms.toFixed(0)} ms, max ${live.fanOut.maxMs.toFixed(0)} ms`,
    });
    targets.push({
      target: 'live: no update missed',
      met: live.missed === 0 && live.signatures > 0,
      detail: live.missed === 0 ? `every subscriber at the final count ${live.finalCount}, every one of ${live.published} publications in every feed` : `${live.missed} missed`,
    });
    const largest = Math.max(live.gatewayPeakRssMB, ...live.gatewayRssAtEndMB);
    targets.push({
      target: `live: RSS < 300 MB per worker with ${live.options.petitionSubscribers + live.options.feedSubscribers} streams open`,
      met: largest < 300,
      detail: `at the end ${live.gatewayRssAtEndMB.map((mb) => mb.toFixed(0)).join(', ')} MB per process; peak ${live.gatewayPeakRssMB.toFixed(0)} MB`,
    });
  }
  const oursRows = result.workloads.flatMap((w) => w.gateways.filter((g) => g.name === 'ours'));
  if (oursRows.length) {
    const peak = Math.max(...oursRows.map((g) => g.rssMB));
    targets.push({ target: 'ours: RSS under load < 300 MB per worker', met: peak < 300, detail: `largest worker ${peak.toFixed(0)} MB` });
  }
  const failed = result.workloads.flatMap((w) => w.gateways.filter((g) => g.failures > 0 || !g.sameAnswer).map((g) => `${w.name}/${g.name}`));
  targets.push({ target: 'every answer whole and the same across gateways', met: failed.length === 0, detail: failed.length ? failed.join(', ') : 'yes' });
  return targets;
}
