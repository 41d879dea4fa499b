import { BadInputError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { MAX_LINK_LENGTH, requirePublicLink } from '../../shared/links.js';

/** The loopback names development may use for a local receiver. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a URL is a local development receiver: http(s) on a loopback host. */
export function isLoopbackReceiver(url: URL): boolean {
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
}

/**
 * A webhook's URL, normalised, or BAD_USER_INPUT naming `field`: an https URL of a public
 * host name, without credentials, at most 2,048 characters (the rule of every published
 * link, shared/links.ts: no IP literals, no `localhost`, no private or special-use names).
 * With `allowLoopback` (development only) a local receiver on 127.0.0.1, localhost or
 * [::1] passes too, over http. Where the name resolves is checked again at each delivery.
 */
export function requireWebhookUrl(field: string, value: string, allowLoopback: boolean): string {
  if (allowLoopback) {
    const text = value.trim();
    let url: URL | null = null;
    try {
      url = text.length <= MAX_LINK_LENGTH ? new URL(text) : null;
    } catch {
      url = null;
    }
    if (url && isLoopbackReceiver(url)) {
      if (url.username || url.password) throw new BadInputError(field, message('link.credentials', { field }));
      return url.toString();
    }
  }
  return requirePublicLink(field, value);
}
