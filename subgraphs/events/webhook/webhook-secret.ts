import { randomBytes } from 'node:crypto';

/**
 * A Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64 (the
 * specification asks for 24 to 64). The `standardwebhooks` package signs and verifies with it.
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
