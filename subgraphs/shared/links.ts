import { isIP } from 'node:net';
import { BadInputError } from '../../lib/errors.js';
import { message } from '../../lib/messages/index.js';

/** Longest link accepted, in characters, before and after normalisation. */
export const MAX_LINK_LENGTH = 2_048;

/**
 * Top-level names that resolve inside a network, never to a public host: RFC 6761's
 * `localhost`, RFC 6762's `local` (mDNS), `arpa` (RFC 8375's `home.arpa`, reverse lookups),
 * ICANN's `internal`, and the suffixes private networks commonly use in their place.
 */
const PRIVATE_SUFFIXES = ['localhost', 'local', 'internal', 'arpa', 'localdomain', 'lan', 'home', 'corp', 'intranet', 'private'];

/**
 * A link residents publish (a monument's photographs, an organisation's documents): an
 * absolute `https` URL to a public host, at most 2,048 characters, returned normalised.
 * Links are published and may be followed by staff and by services, so nothing that points
 * inside a network passes: no credentials, no IP literals (the WHATWG parser has already
 * turned `2130706433`, `0x7f.1` or `017700000001` into `127.0.0.1`), no `localhost`, no
 * single-label or special-use names. Refused as BAD_USER_INPUT naming the field.
 */
export function requirePublicLink(field: string, value: string | null | undefined): string {
  const text = (value ?? '').trim();
  if (text.length > MAX_LINK_LENGTH) throw new BadInputError(field, message('link.tooLong', { field, max: MAX_LINK_LENGTH }));
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadInputError(field, message('link.notAbsolute', { field }));
  }
  if (url.protocol !== 'https:') throw new BadInputError(field, message('link.notHttps', { field }));
  if (url.username || url.password) throw new BadInputError(field, message('link.credentials', { field }));
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '').toLowerCase();
  if (isIP(host)) throw new BadInputError(field, message('link.ipAddress', { field }));
  if (!isPublicName(host)) throw new BadInputError(field, message('link.notPublic', { field }));
  const normalised = url.toString();
  if (normalised.length > MAX_LINK_LENGTH) throw new BadInputError(field, message('link.tooLong', { field, max: MAX_LINK_LENGTH }));
  return normalised;
}

/** A dotted name outside the special-use and private suffixes (single labels resolve only inside a network). */
function isPublicName(host: string): boolean {
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((label) => !label)) return false;
  return !PRIVATE_SUFFIXES.includes(labels.at(-1)!);
}
