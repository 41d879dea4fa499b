import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A development secret kept in the data directory: read when present, else created once.
 * Several processes may start together (`npm start`), so the file appears atomically: it
 * is written in full under a temporary name and hard-linked into place, which fails for
 * all but the first writer; the others read the winner's file.
 */
export function readOrCreateFile(path: string, create: () => string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, create(), { mode: 0o600 });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readFileSync(path, 'utf8');
}

/**
 * The secret the gateway signs subgraph requests with: `GATEWAY_SECRET` when set (required
 * in production), else a random one generated into the data directory on first start, so
 * a local gateway and local subgraphs agree with no setup.
 */
export function resolveGatewaySecret(configured: string | undefined, dataDir: string, production: boolean): string {
  if (configured) return configured;
  if (production) throw new Error('GATEWAY_SECRET must be set in production (at least 32 characters, shared by the gateway and the subgraphs)');
  return readOrCreateFile(join(dataDir, 'gateway-secret'), () => randomBytes(32).toString('base64url')).trim();
}
