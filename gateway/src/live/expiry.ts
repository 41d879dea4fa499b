/**
 * Runs `onExpired` at an instant (epoch ms), however far off: a token may live up to
 * `JWT_MAX_LIFETIME_S` (30 days at most), beyond what one Node timer can wait (about 24.8
 * days; a longer delay fires at once). Waits in steps, and never keeps the process alive.
 * Returns the cancel; an instant already past runs `onExpired` on the next turn.
 */
export function atInstant(epochMs: number, onExpired: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const wait = () => {
    const left = epochMs - Date.now();
    if (left <= 0) {
      timer = undefined;
      onExpired();
      return;
    }
    timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  timer = setTimeout(wait, 0);
  timer.unref();
  return () => clearTimeout(timer);
}

/** The longest delay a Node timer takes as given (2^31 − 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;
