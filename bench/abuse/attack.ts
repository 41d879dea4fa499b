import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

/** The validation attack of issue 15: one anonymous client, lanes of unique wide documents, as fast as answers come. */
export interface AttackOptions {
  url: string;
  /** Parallel connections, each sending its next document when the last is answered. */
  lanes: number;
  seconds: number;
  /** Root fields per document (`cities { id }` repeated): far over the limit, within the token limit. */
  rootFields: number;
}

export interface AttackFigures extends AttackOptions {
  requests: number;
  rps: number;
  /** Answers by HTTP status: 400 refused by a limit, 429 refused by the rate limit. */
  statuses: Record<string, number>;
}

/** Each body a document never seen before: the same fields, a different comment. */
export function attackBodies(rootFields: number): () => string {
  const fields = 'cities { id } '.repeat(rootFields);
  let sent = 0;
  return () => `{"query":"# ${sent++} ${Math.random().toString(36).slice(2)}\\n{ ${fields}}"}`;
}

export async function attack(options: AttackOptions): Promise<AttackFigures> {
  const next = attackBodies(options.rootFields);
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    url: options.url,
    connections: options.lanes,
    duration: options.seconds,
    pipelining: 1,
    timeout: 30,
    requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (request) => ({ ...request, body: next() }) }],
  });
  instance.on('response', (_client: unknown, status: number) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const started = performance.now();
  await instance;
  // Counted here: on a worker thread autocannon leaves its result unaggregated (for its own workers to merge).
  const requests = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return { ...options, requests, rps: requests / ((performance.now() - started) / 1000), statuses };
}

/**
 * Runs the attack on a thread of its own (the built `dist/bench/abuse/attack.js`), so that
 * making its bodies does not delay the measured client's requests on this thread's loop.
 */
export function attackFromWorker(root: string, options: AttackOptions): Promise<AttackFigures> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(root, 'dist/bench/abuse/attack.js'), { workerData: { attack: options } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the attack's thread exited (${code}) without figures`)));
  });
}

if (!isMainThread && (workerData as { attack?: AttackOptions } | undefined)?.attack) {
  parentPort!.postMessage(await attack((workerData as { attack: AttackOptions }).attack));
}
