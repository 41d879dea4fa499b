import type { OurExecutor } from '../gateways.js';
import type { DeliveryFigures } from './figures.js';

export interface LiveOptions {
  /** SSE subscriptions to the one petition (`PetitionLive`, anonymous). */
  petitionSubscribers: number;
  /** SSE subscriptions to its city's feed (`CityFeed`, anonymous). */
  feedSubscribers: number;
  /** Residents signing per second, each a new one. */
  signaturesPerSecond: number;
  /** Petitions a moderator admits per second (each a `PetitionPublished` in the feed). */
  publishesPerSecond: number;
  /** The measured signing, in seconds. */
  seconds: number;
  /** Signing at the same pace before it, not counted. */
  warmupSeconds: number;
  /** Processes holding the subscriptions. */
  loadProcesses: number;
  /** Our gateway's executor (GATEWAY_EXECUTOR); its own default when not given. */
  executor?: OurExecutor;
}

/** The issue's sizes. */
export const LIVE_DEFAULTS = { petitionSubscribers: 1000, feedSubscribers: 200, signaturesPerSecond: 50, publishesPerSecond: 2, loadProcesses: 2 } as const;

/** What the live workload measured, as written to bench/results/latest.json (`live`) and printed under the table. */
export interface LiveFigures extends DeliveryFigures {
  options: LiveOptions;
  city: string;
  signatures: number;
  signaturesFailed: number;
  /** Signatures answered per second of the measured window. */
  signaturesPerSecond: number;
  /** The sign mutation's round trip (request to answer). */
  signP50Ms: number;
  signP99Ms: number;
  published: number;
  publishesFailed: number;
  /** The petition's count once everything was answered, and whether every stream showed what it should in time. */
  finalCount: number;
  settled: boolean;
  /** Gateway processes' resident sets when the signing ended, every stream still open (primary and workers). */
  gatewayRssAtEndMB: number[];
  /** The largest gateway process at any sample of the window. */
  gatewayPeakRssMB: number;
  gatewayWorkers: number;
  gatewayCpuPercent: number;
  /** Each subscriber process's CPU, and the signers' and moderator's (this process), in percent of one core. */
  loadCpuPercent: number[];
  writersCpuPercent: number;
  /** Each subgraph process's CPU over the window, in percent of one core. */
  subgraphCpuPercent: Record<string, number>;
  /** The machine's one-minute load average as the window started and ended: this run's own dozen processes count in it, so far above the cores means other work competed. */
  loadAverage: [number, number];
  cores: number;
  /** Updates and feed events that did not arrive, and streams that ended early or carried errors. */
  missed: number;
}

/** The live figures in words: printed as the workload ends and under the table. */
export function describeLive(l: LiveFigures): string[] {
  const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : '-');
  const cpu = (n: number) => `${n.toFixed(0)} %`;
  return [
    `${l.signatures} signatures answered (${l.signaturesPerSecond.toFixed(1)}/s, ${l.signaturesFailed} failed; sign mutation p50 ${ms(l.signP50Ms)}, p99 ${ms(l.signP99Ms)}), final count ${l.finalCount}; ${l.published} petitions published (${l.publishesFailed} failed)`,
    `commit → delivery over ${l.commitToDelivery.samples} (signature, subscriber) pairs: p50 ${ms(l.commitToDelivery.p50Ms)}, p99 ${ms(l.commitToDelivery.p99Ms)}, max ${ms(l.commitToDelivery.maxMs)} ` +
      `(from the sign mutation's answer to the first update showing its count or more; updates are coalesced per petition by design, so one covers many signatures; ${l.clampedAtZero} arrived before the answer and count as 0); ` +
      `timed from the sign request instead (the commit is between the two): p50 ${ms(l.requestToDelivery.p50Ms)}, p99 ${ms(l.requestToDelivery.p99Ms)}`,
    `fan-out of one update (first to last subscriber): p50 ${ms(l.fanOut.p50Ms)}, p99 ${ms(l.fanOut.p99Ms)}, max ${ms(l.fanOut.maxMs)} over ${l.fanOut.samples} updates reaching ${l.subscribersPerUpdate.toFixed(0)} subscribers each on average (each gateway worker executes and sends its own); ${l.updatesPerSubscriber.toFixed(0)} updates per petition subscriber`,
    `feed: PetitionPublished moderation answer → delivery p50 ${ms(l.feedDelivery.p50Ms)}, p99 ${ms(l.feedDelivery.p99Ms)}; fan-out p50 ${ms(l.feedFanOut.p50Ms)}, max ${ms(l.feedFanOut.maxMs)}`,
    `missed: ${l.missed} (${l.staleSubscribers} petition subscribers not at the final count, ${l.uncovered} signature updates never covered, ${l.feedMissed} feed events not delivered, ${l.streamsEnded} streams ended early, ${l.streamErrors} messages with errors)${l.settled ? '' : ' — not settled within the wait'}` +
      (Object.keys(l.streamProblems).length ? `; ${Object.entries(l.streamProblems).map(([problem, count]) => `${count} × ${problem}`).join(', ')}` : ''),
    `delivered ${l.delivered} messages, ${l.deliveredPerSecond.toFixed(0)}/s; gateway CPU ${cpu(l.gatewayCpuPercent)}, RSS per process at the end ${l.gatewayRssAtEndMB.map((mb) => mb.toFixed(0)).join(', ')} MB (peak ${l.gatewayPeakRssMB.toFixed(0)} MB)`,
    `subgraphs' CPU: ${Object.entries(l.subgraphCpuPercent).map(([name, percent]) => `${name} ${cpu(percent)}`).join(', ')}; the machine's load average ${l.loadAverage.map((n) => n.toFixed(1)).join(' → ')} (start → end of the window, this run's processes included; ${l.cores} cores)`,
    `load generator CPU: subscriber processes ${l.loadCpuPercent.map(cpu).join(', ')}, signers and moderator ${cpu(l.writersCpuPercent)}${Math.max(...l.loadCpuPercent, l.writersCpuPercent) > 90 ? ' — near a full core: the load generator may have set the pace' : ''}`,
  ];
}

