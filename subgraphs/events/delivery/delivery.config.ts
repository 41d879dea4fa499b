import { z } from 'zod';

/** How webhooks are checked and delivered: read once from the environment, at the edge. */
export interface WebhookConfig {
  /**
   * Development only: `http://127.0.0.1:<port>/…` and `http://localhost:<port>/…` receivers
   * (a local test receiver) are allowed, at registration and delivery. Off in production.
   */
  allowLoopback: boolean;
  /** One attempt's limit, connection to last byte. */
  timeoutMs: number;
  /** The wait before each retry: the first attempt is immediate, then one per entry; a delivery fails after the last. */
  retryDelaysMs: number[];
  /** A webhook is switched off after this many failed attempts in a row… */
  disableAfterFailures: number;
  /** …once it has been failing for at least this long (a short outage in a burst of events does not switch it off). */
  disableAfterFailingMs: number;
  /** How often the dispatcher looks for due deliveries when nothing wakes it. */
  pollIntervalMs: number;
  /** Attempts in flight at once (over all webhooks). */
  concurrency: number;
  /** A registration retried within this time gets the same answer (the same webhook and secret); later it is CONFLICT. */
  registrationRetryMs: number;
  /** Finished deliveries (and their attempts) are kept this long, then deleted. */
  retainMs: number;
  /** Active webhooks one integrator may have in one city; registering (or reactivating) one more is CONFLICT. */
  maxPerOwner: number;
}

const UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `500ms`, `5s`, `30m`, `2h`, `1d` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!match) throw new Error(`not a duration: ${JSON.stringify(text)} (e.g. 500ms, 5s, 30m, 2h, 1d)`);
  return Math.round(Number(match[1]) * UNITS_MS[match[2] as keyof typeof UNITS_MS]);
}

const duration = z.string().transform((text, ctx) => {
  try {
    return parseDuration(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const durations = z.string().transform((text, ctx) => {
  try {
    const list = text.split(',').map((part) => parseDuration(part));
    if (!list.length || list.length > 20) throw new Error('give 1 to 20 delays');
    return list;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const boolean = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');

/** About a day of retries: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h (eight attempts over some 31 hours). */
export const DEFAULT_RETRY_DELAYS = '5s,5m,30m,2h,5h,10h,14h';

const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  WEBHOOKS_ALLOW_LOOPBACK: boolean.optional(),
  WEBHOOK_TIMEOUT: duration.default(10_000),
  WEBHOOK_RETRY_DELAYS: durations.default(DEFAULT_RETRY_DELAYS.split(',').map(parseDuration)),
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(10),
  WEBHOOK_DISABLE_AFTER_FAILING: duration.default(12 * 3_600_000),
  WEBHOOK_POLL_INTERVAL: duration.default(1_000),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  WEBHOOK_REGISTRATION_RETRY: duration.default(3_600_000),
  WEBHOOK_RETAIN: duration.default(30 * 86_400_000),
  WEBHOOKS_MAX_PER_OWNER: z.coerce.number().int().min(1).max(1_000).default(20),
});

/** Every environment variable the webhooks read (beside the subgraph's own, shared/config.ts, whose `NATS_URL` the feed uses too). */
export const WEBHOOK_ENV_KEYS = Object.keys(envSchema.shape);

/** The webhooks' configuration from the environment, or an error naming what is wrong. */
export function parseWebhookConfig(env: NodeJS.ProcessEnv = process.env): WebhookConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid configuration for webhooks: ${z.prettifyError(parsed.error)}`);
  const values = parsed.data;
  return {
    allowLoopback: values.WEBHOOKS_ALLOW_LOOPBACK ?? values.NODE_ENV !== 'production',
    timeoutMs: values.WEBHOOK_TIMEOUT,
    retryDelaysMs: values.WEBHOOK_RETRY_DELAYS,
    disableAfterFailures: values.WEBHOOK_DISABLE_AFTER_FAILURES,
    disableAfterFailingMs: values.WEBHOOK_DISABLE_AFTER_FAILING,
    pollIntervalMs: values.WEBHOOK_POLL_INTERVAL,
    concurrency: values.WEBHOOK_CONCURRENCY,
    registrationRetryMs: values.WEBHOOK_REGISTRATION_RETRY,
    retainMs: values.WEBHOOK_RETAIN,
    maxPerOwner: values.WEBHOOKS_MAX_PER_OWNER,
  };
}
