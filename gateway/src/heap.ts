/*
 * How a gateway worker's V8 heap is sized. A request of the overhead workload allocates
 * about 1.5 MB, nearly all of it garbage once answered; with 32 in flight much of it
 * outlives a scavenge and is promoted, and by default V8 lets the old generation grow to
 * four times what the last full collection kept (about 60 MB) before collecting again:
 * 340–370 MB RSS per worker under that load, though a forced collection leaves 55 MB of
 * heap, the same after 1,400 requests as after 200 (garbage, not a leak). With these
 * flags, 230–240 MB, and less CPU per request: fewer scavenges outweigh more full
 * collections.
 */

/** V8 flags a forked worker starts with (V8 reads them only at start). */
export const WORKER_HEAP_FLAGS = [
  // The old generation grows by half what the last full collection kept, not up to four times.
  '--heap-growing-percent=50',
  // Twice V8's 16 MB: half the scavenges, and fewer of a request's objects live long enough to be promoted.
  '--max-semi-space-size=32',
  // V8 otherwise sets its first full collection at half its maximum heap, lowered only as scavenges see
  // objects die; a worker that had not collected yet reached 150 MB of old generation before its first.
  '--initial-old-space-size=64',
];

/** Whether the operator set this V8 flag themselves (V8 spells flags with `-` or `_`); theirs wins. */
function isSet(flag: string, args: readonly string[]): boolean {
  const name = flag.slice(0, flag.indexOf('='));
  return args.some((arg) => {
    const spelled = arg.replaceAll('_', '-');
    return spelled === name || spelled.startsWith(`${name}=`);
  });
}

/**
 * The command line of a forked worker: its primary's flags, plus the heap flags the
 * operator did not set (Node reads NODE_OPTIONS before the command line, so one set there
 * is kept rather than overridden). A single process (GATEWAY_WORKERS=1) forks nothing:
 * start it with WORKER_HEAP_FLAGS for the same heap.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): string[] {
  const operator = [...execArgv, ...nodeOptions.split(/\s+/)];
  return [...execArgv, ...WORKER_HEAP_FLAGS.filter((flag) => !isSet(flag, operator))];
}
