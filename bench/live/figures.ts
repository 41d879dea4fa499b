/**
 * The live workload's figures, computed from what its clients recorded: the signers' answers
 * (the count each signature's answer showed, and when it arrived) and every subscriber's
 * deliveries. Pure, so the harness's tests can check the arithmetic on made-up records.
 */

/** Milliseconds on a clock every process of the benchmark shares (wall-clock origin, monotonic since). */
export const clock = (): number => performance.timeOrigin + performance.now();

/** A signature whose mutation was answered: the count its answer showed, when the request left and when its answer arrived (the commit is between). */
export interface AnsweredWrite {
  count: number;
  sentAt: number;
  answeredAt: number;
}

/** One `next` a petition subscriber received: when, the stream position it reflects (SSE `id:`) and the count it showed. */
export interface PetitionDelivery {
  at: number;
  id: string;
  count: number;
}

/** One `next` a city-feed subscriber received: when, its position, and the petition it published (if it was a `PetitionPublished`). */
export interface FeedDelivery {
  at: number;
  id: string;
  published?: string;
}

/** A published petition: its id and when the moderator's answer arrived. */
export interface PublishedPetition {
  id: string;
  answeredAt: number;
}

/** What one subscriber's stream recorded until the end of the run. */
export interface StreamRecord<D> {
  deliveries: D[];
  /** `next` messages carrying errors, or not of the expected shape. */
  errors: number;
  /** Those by their first error's code (`unexpected shape` for the others). */
  errorCodes?: Record<string, number>;
  /** Why the stream ended before the benchmark closed it, if it did. */
  ended?: string;
}

export interface Spread {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
}

export interface DeliveryFigures {
  /** Per signature and petition subscriber: the first delivery showing at least the signature's count, less the time its answer arrived (at least 0). */
  commitToDelivery: Spread;
  /** How many of those were clamped at 0 (the update arrived before the mutation's answer). */
  clampedAtZero: number;
  /** The same deliveries timed from when the sign request left: an upper bound of commit → delivery, as the other is a lower bound. */
  requestToDelivery: Spread;
  /** Per update (one SSE id): first to last arrival among the subscribers that received it. */
  fanOut: Spread;
  /** Subscribers that received each update, on average. */
  subscribersPerUpdate: number;
  /** Messages each petition subscriber received in the window, on average (the coalescing shows here). */
  updatesPerSubscriber: number;
  /** Petition subscribers whose last count was not the final count. */
  staleSubscribers: number;
  /** (signature, subscriber) pairs never covered by any delivery. */
  uncovered: number;
  /** Feed: per published petition and feed subscriber, its `PetitionPublished` less the moderator's answer (at least 0). */
  feedDelivery: Spread;
  /** Feed: per published petition, first to last arrival of its `PetitionPublished`. */
  feedFanOut: Spread;
  /** (published petition, feed subscriber) pairs that never arrived. */
  feedMissed: number;
  /** Streams that ended (or failed) before the benchmark closed them, and `next` messages with errors. */
  streamsEnded: number;
  streamErrors: number;
  /** The streams' error messages by code, and why streams ended early, with counts. */
  streamProblems: Record<string, number>;
  /** Every `next` of every stream in the window, and per second of the window. */
  delivered: number;
  deliveredPerSecond: number;
}

/** The p-th percentile of sorted values (nearest rank); NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function spreadOf(values: Float64Array): Spread {
  const sorted = values.sort();
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.length ? sorted[sorted.length - 1]! : NaN, samples: sorted.length };
}

/** Index of the first element of a non-decreasing array that is ≥ `value`, or its length. */
function firstAtLeast(values: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface DeliveryInput {
  /** The measured signatures (not the warm-up's). */
  signatures: AnsweredWrite[];
  petition: StreamRecord<PetitionDelivery>[];
  /** The petition's count once every signature was answered. */
  finalCount: number;
  feed: StreamRecord<FeedDelivery>[];
  published: PublishedPetition[];
  /** The measured window: deliveries from `from` count towards the delivered figures, over `to - from`. */
  window: { from: number; to: number };
}

export function deliveryFigures(input: DeliveryInput): DeliveryFigures {
  const { signatures, petition, feed, published, finalCount, window } = input;
  const latencies = new Float64Array(signatures.length * petition.length);
  const fromRequest = new Float64Array(signatures.length * petition.length);
  let samples = 0;
  let clampedAtZero = 0;
  let uncovered = 0;
  let staleSubscribers = 0;
  let delivered = 0;
  let measuredUpdates = 0;
  const arrivals = new Map<string, { first: number; last: number; subscribers: number }>();

  for (const stream of petition) {
    const { deliveries } = stream;
    // A later message could show a lower count (two executions racing): what the subscriber has seen is the highest so far.
    const seen = new Float64Array(deliveries.length);
    let highest = -Infinity;
    deliveries.forEach((delivery, i) => {
      highest = Math.max(highest, delivery.count);
      seen[i] = highest;
      if (delivery.at >= window.from) {
        delivered++;
        measuredUpdates++;
      }
      const arrival = arrivals.get(delivery.id);
      if (arrival) {
        arrival.first = Math.min(arrival.first, delivery.at);
        arrival.last = Math.max(arrival.last, delivery.at);
        arrival.subscribers++;
      } else {
        arrivals.set(delivery.id, { first: delivery.at, last: delivery.at, subscribers: 1 });
      }
    });
    if (deliveries.at(-1)?.count !== finalCount) staleSubscribers++;
    for (const signature of signatures) {
      const index = firstAtLeast(seen, signature.count);
      if (index === deliveries.length) {
        uncovered++;
        continue;
      }
      const latency = deliveries[index]!.at - signature.answeredAt;
      if (latency < 0) clampedAtZero++;
      fromRequest[samples] = deliveries[index]!.at - signature.sentAt;
      latencies[samples++] = Math.max(0, latency);
    }
  }

  const fanOuts = new Float64Array(arrivals.size);
  let updates = 0;
  let reached = 0;
  for (const { first, last, subscribers } of arrivals.values()) {
    if (first < window.from) continue;
    fanOuts[updates++] = last - first;
    reached += subscribers;
  }

  const feedLatencies = new Float64Array(published.length * feed.length);
  let feedSamples = 0;
  let feedMissed = 0;
  const feedSpreads = new Float64Array(published.length);
  const publishedAt = new Map(published.map((p) => [p.id, p.answeredAt]));
  const feedArrivals = new Map<string, { first: number; last: number; subscribers: number }>();
  for (const stream of feed) {
    const firstSeen = new Map<string, number>();
    for (const delivery of stream.deliveries) {
      if (delivery.at >= window.from) delivered++;
      if (delivery.published !== undefined && publishedAt.has(delivery.published) && !firstSeen.has(delivery.published)) firstSeen.set(delivery.published, delivery.at);
    }
    for (const { id, answeredAt } of published) {
      const at = firstSeen.get(id);
      if (at === undefined) {
        feedMissed++;
        continue;
      }
      feedLatencies[feedSamples++] = Math.max(0, at - answeredAt);
      const arrival = feedArrivals.get(id);
      if (arrival) {
        arrival.first = Math.min(arrival.first, at);
        arrival.last = Math.max(arrival.last, at);
        arrival.subscribers++;
      } else feedArrivals.set(id, { first: at, last: at, subscribers: 1 });
    }
  }
  let feedUpdates = 0;
  for (const { first, last } of feedArrivals.values()) feedSpreads[feedUpdates++] = last - first;

  const streams = [...petition, ...feed];
  const seconds = Math.max(0.001, (window.to - window.from) / 1000);
  return {
    commitToDelivery: spreadOf(latencies.subarray(0, samples)),
    clampedAtZero,
    requestToDelivery: spreadOf(fromRequest.subarray(0, samples)),
    fanOut: spreadOf(fanOuts.subarray(0, updates)),
    subscribersPerUpdate: updates ? reached / updates : 0,
    updatesPerSubscriber: petition.length ? measuredUpdates / petition.length : 0,
    staleSubscribers,
    uncovered,
    feedDelivery: spreadOf(feedLatencies.subarray(0, feedSamples)),
    feedFanOut: spreadOf(feedSpreads.subarray(0, feedUpdates)),
    feedMissed,
    streamsEnded: streams.filter((s) => s.ended !== undefined).length,
    streamErrors: streams.reduce((sum, s) => sum + s.errors, 0),
    streamProblems: problemsOf(streams),
    delivered,
    deliveredPerSecond: delivered / seconds,
  };
}

function problemsOf(streams: StreamRecord<unknown>[]): Record<string, number> {
  const problems: Record<string, number> = {};
  for (const stream of streams) {
    for (const [code, count] of Object.entries(stream.errorCodes ?? {})) problems[code] = (problems[code] ?? 0) + count;
    if (stream.ended !== undefined) problems[`ended: ${stream.ended}`] = (problems[`ended: ${stream.ended}`] ?? 0) + 1;
  }
  return problems;
}

/** Updates, feed events and streams that did not arrive or arrived broken: zero when none was missed. */
export function missedOf(figures: DeliveryFigures): number {
  return figures.staleSubscribers + figures.uncovered + figures.feedMissed + figures.streamsEnded + figures.streamErrors;
}
