/**
 * A load process of the live workload (started by `SubscriberProcess`): holds its share of
 * the SSE subscriptions on raw undici streams and records every delivery with the time its
 * bytes arrived, until told to settle; then it sends back what each stream recorded.
 */
import { Agent } from 'undici';
import { clock, type FeedDelivery, type PetitionDelivery, type StreamRecord } from './figures.js';
import type { OpenCommand, PoolCommand, PoolReply, SettleCommand } from './subscriber-pool.js';
import { subscribeSse, type SseSubscription } from './sse-stream.js';

interface Held<D> {
  record: StreamRecord<D>;
  subscription: SseSubscription;
}

const petitionStreams: Held<PetitionDelivery>[] = [];
const feedStreams: Held<FeedDelivery>[] = [];
let closing = false;
// Keep-alive sockets, as many as there are streams (undici's default: no limit per origin).
const dispatcher = new Agent({ pipelining: 1, connect: { timeout: 30_000 } });

const reply = (message: PoolReply) => process.send!(message);

function hold<D>(url: string, body: string, list: Held<D>[], read: (data: Record<string, unknown>) => Omit<D, 'at' | 'id'> | undefined): Held<D> {
  const record: StreamRecord<D> = { deliveries: [], errors: 0 };
  const subscription = subscribeSse(
    dispatcher,
    url,
    body,
    (payload, id, at) => {
      const fields = !payload.errors?.length && payload.data ? read(payload.data) : undefined;
      if (fields === undefined) {
        record.errors++;
        const first = payload.errors?.[0] as { extensions?: { code?: unknown } } | undefined;
        const code = first ? String(first.extensions?.code ?? 'no code') : 'unexpected shape';
        record.errorCodes = { ...record.errorCodes, [code]: (record.errorCodes?.[code] ?? 0) + 1 };
      } else record.deliveries.push({ ...fields, at, id: id ?? '' } as D);
    },
    clock,
  );
  void subscription.ended.then((reason) => {
    if (!closing) record.ended = reason;
  });
  const held = { record, subscription };
  list.push(held);
  return held;
}

const readPetition = (data: Record<string, unknown>): Omit<PetitionDelivery, 'at' | 'id'> | undefined => {
  const count = (data.petitionChanged as { signatureCount?: unknown } | null)?.signatureCount;
  return typeof count === 'number' ? { count } : undefined;
};

const readFeed = (data: Record<string, unknown>): Omit<FeedDelivery, 'at' | 'id'> | undefined => {
  const event = data.participationEvents as { __typename?: unknown; petition?: { id?: unknown } } | null;
  if (!event || typeof event.__typename !== 'string') return undefined;
  const id = event.petition?.id;
  return event.__typename === 'PetitionPublished' && typeof id === 'string' ? { published: id } : {};
}

async function open(command: OpenCommand): Promise<void> {
  const pending: (() => Held<unknown>)[] = [
    ...Array.from({ length: command.petition.count }, () => () => hold(command.url, command.petition.body, petitionStreams, readPetition) as Held<unknown>),
    ...Array.from({ length: command.feed.count }, () => () => hold(command.url, command.feed.body, feedStreams, readFeed) as Held<unknown>),
  ];
  // A few at a time: the gateway admits each (token, limits, first execution) before its stream starts.
  const lane = async () => {
    for (let next = pending.shift(); next; next = pending.shift()) await next().subscription.opened;
  };
  await Promise.all(Array.from({ length: Math.max(1, command.concurrency) }, lane));
}

async function settle(command: SettleCommand): Promise<void> {
  const caughtUp = () =>
    petitionStreams.every(({ record }) => record.ended !== undefined || record.deliveries.at(-1)?.count === command.finalCount) &&
    feedStreams.every(({ record }) => record.ended !== undefined || command.published.every((id) => record.deliveries.some((d) => d.published === id)));
  const deadline = Date.now() + command.timeoutMs;
  let settled = caughtUp();
  while (!settled && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    settled = caughtUp();
  }
  closing = true;
  const all = [...petitionStreams, ...feedStreams];
  for (const { subscription } of all) subscription.close();
  await Promise.all(all.map(({ subscription }) => subscription.ended));
  reply({ type: 'records', petition: petitionStreams.map((s) => s.record), feed: feedStreams.map((s) => s.record), settled });
}

process.on('message', (command: PoolCommand) => {
  const run = command.type === 'open' ? open(command).then(() => reply({ type: 'opened' })) : settle(command);
  run.catch((error: unknown) => reply({ type: 'failed', error: error instanceof Error ? error.message : String(error) }));
});
// The benchmark went away: so does this process, and its streams with it.
process.on('disconnect', () => process.exit(0));
