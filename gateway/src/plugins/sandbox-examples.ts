import { existsSync, readFileSync } from 'node:fs';
import type { Role } from '../../../lib/identity.js';

/** Someone the sandbox's sign-in panel signs in as (development only). */
export interface SandboxIdentity {
  /** Stable key, named by `SandboxExample.signIn`. */
  id: string;
  label: string;
  /** The token's subject. */
  sub: string;
  /** Staff roles; every signed-in caller is a resident without one. */
  roles: Role[];
  /** The city the roles hold in; every city without it. */
  city?: string;
}

/** A client operation's example: what its tab runs with, as whom. */
export interface SandboxExample {
  operation: string;
  /** The identity it runs as against the demo data; null when anyone may run it. */
  signIn: string | null;
  variables: Record<string, unknown>;
}

/**
 * schema/sandbox-examples.json, written by `npm run compose` (scripts/sandbox-examples.ts)
 * from the demo data, so the gateway never imports the demo data itself. Operations are in
 * the order a newcomer reads the graph.
 */
export interface SandboxExamples {
  identities: SandboxIdentity[];
  operations: SandboxExample[];
}

/** The examples file; none (every tab with empty variables) when it is missing. */
export function readSandboxExamples(path: string): SandboxExamples {
  if (!existsSync(path)) return { identities: [], operations: [] };
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<SandboxExamples>;
  if (!Array.isArray(parsed.identities) || !Array.isArray(parsed.operations)) {
    throw new Error(`${path} is not a sandbox examples file (identities and operations): run \`npm run compose\``);
  }
  return { identities: parsed.identities, operations: parsed.operations };
}
