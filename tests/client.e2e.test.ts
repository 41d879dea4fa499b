import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../scripts/paths.js';
import { testDialects } from './support/databases.js';
import { devToken, startGraph, type RunningGraph } from './support/graph.js';

// @participation-graph/client as an application gets it: built, installed in another
// project's node_modules, used from TypeScript that tsc checks, and run against the gateway.

const run = promisify(execFile);
const tsc = fromRoot('node_modules', 'typescript', 'bin', 'tsc');
const app = mkdtempSync(join(tmpdir(), 'client-app-'));
afterAll(() => rmSync(app, { recursive: true, force: true }));

/** What an application does with the client: each function returns typed data. */
const USAGE = `
import { request, PetitionsDocument, SignPetitionDocument, MyParticipationDocument, type PetitionStatus, type SignatureChannel } from '@participation-graph/client';

export async function openPetitions(endpoint: string, options: { persisted?: boolean } = {}) {
  const { data, errors } = await request(endpoint, PetitionsDocument, { city: 'kyiv', status: 'OPEN', first: 3 }, options);
  if (!data) throw new Error(errors?.map((error) => error.extensions?.code).join(', '));
  return data.petitions.edges.map(({ node }) => {
    const status: PetitionStatus = node.status;
    return { id: node.id, title: node.title, status, signatures: node.signatureCount };
  });
}

export async function sign(endpoint: string, token: string | null, id: string, options: { persisted?: boolean } = {}) {
  const channel: SignatureChannel = 'MOBILE_APP';
  const headers: Record<string, string> = token ? { authorization: 'Bearer ' + token } : {};
  const { data, errors } = await request(endpoint, SignPetitionDocument, { id, channel }, { ...options, headers });
  return { signatures: data?.signPetition.petition.signatureCount, signed: data?.signPetition.petition.viewerHasSigned, codes: errors?.map((error) => error.extensions?.code) };
}

export async function signedByMe(endpoint: string, token: string) {
  // No variables to give: they may be left out.
  const { data } = await request(endpoint, MyParticipationDocument, undefined, { headers: { authorization: 'Bearer ' + token } });
  return data?.me?.signedPetitions.edges.map(({ node }) => node.id) ?? [];
}
`;

/** Mistakes the types must catch: each line marked `// refused` must fail to compile, and no other. */
const MISTAKES = `
import { request, PetitionPageDocument, PetitionsDocument, SignPetitionDocument } from '@participation-graph/client';

export async function mistakes(endpoint: string) {
  await request(endpoint, PetitionPageDocument, { id: null }); // refused: the id is required
  await request(endpoint, PetitionsDocument, { city: 'kyiv', status: 'OPENED' }); // refused: not a PetitionStatus
  await request(endpoint, SignPetitionDocument, { id: 'x' }); // refused: the channel is required
  await request(endpoint, PetitionPageDocument); // refused: its variables are required
  await request(endpoint, PetitionPageDocument, { id: 'x', locale: 'uk' }); // refused: no such variable
  const { data } = await request(endpoint, PetitionPageDocument, { id: 'x' });
  return data?.petition?.signatures; // refused: not selected by the operation
}
`;

const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [], strict: true, skipLibCheck: false, outDir: 'out' },
};

async function compile(file: string): Promise<{ ok: boolean; errorLines: number[]; output: string }> {
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, files: [file] }));
  const result = await run(process.execPath, [tsc, '-p', join(app, 'tsconfig.json')], { cwd: app }).then(
    ({ stdout }) => ({ ok: true, output: stdout }),
    (error: { stdout: string }) => ({ ok: false, output: error.stdout }),
  );
  const errorLines = [...result.output.matchAll(new RegExp(`${file.replace('.', '\\.')}\\((\\d+),\\d+\\): error`, 'g'))].map((m) => Number(m[1]));
  return { ...result, errorLines: [...new Set(errorLines)].sort((a, b) => a - b) };
}

let usageCompiled: Awaited<ReturnType<typeof compile>>;
beforeAll(async () => {
  // The package as npm would install it: its package.json and its build, under node_modules.
  const installed = join(app, 'node_modules', '@participation-graph', 'client');
  mkdirSync(installed, { recursive: true });
  copyFileSync(fromRoot('client', 'package.json'), join(installed, 'package.json'));
  await run(process.execPath, [tsc, '-p', fromRoot('client', 'tsconfig.json'), '--outDir', join(installed, 'dist')]);
  // Its one dependency (types only).
  symlinkSync(fromRoot('node_modules', '@graphql-typed-document-node'), join(app, 'node_modules', '@graphql-typed-document-node'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(join(app, 'usage.ts'), USAGE);
  writeFileSync(join(app, 'mistakes.ts'), MISTAKES);
  usageCompiled = await compile('usage.ts');
});

describe('the typed client, compiled', () => {
  it('accepts a correct usage', () => {
    const { ok, output } = usageCompiled;
    expect(output).toBe('');
    expect(ok).toBe(true);
  });

  it('refuses wrong variables and unselected fields, each where it is written', async () => {
    const marked = MISTAKES.split('\n').flatMap((line, i) => (line.includes('// refused') ? [i + 1] : []));
    const { ok, errorLines, output } = await compile('mistakes.ts');
    expect(ok).toBe(false);
    expect(errorLines, output).toEqual(marked);
  });
});

/** What usage.ts exports, once compiled. */
interface Usage {
  openPetitions(endpoint: string, options?: { persisted?: boolean }): Promise<{ id: string; title: string; status: string; signatures: number }[]>;
  sign(endpoint: string, token: string | null, id: string, options?: { persisted?: boolean }): Promise<{ signatures?: number; signed?: boolean; codes?: unknown[] }>;
  signedByMe(endpoint: string, token: string): Promise<string[]>;
}

const dialects = await testDialects();

describe.each(dialects)('the typed client against the gateway, on %s', (dialect) => {
  let graph: RunningGraph;
  let usage: Usage;
  beforeAll(async () => {
    graph = await startGraph({ dialect });
    expect(usageCompiled.ok, usageCompiled.output).toBe(true);
    usage = (await import(pathToFileURL(join(app, 'out', 'usage.js')).href)) as Usage;
  });
  afterAll(() => graph?.stop());

  it('answers typed data, signs in and writes', async () => {
    const open = await usage.openPetitions(graph.gatewayUrl);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((petition) => petition.status === 'OPEN' && typeof petition.title === 'string')).toBe(true);
    const [petition] = open;
    const token = await devToken(`client-e2e-${dialect}`);
    expect(await usage.sign(graph.gatewayUrl, token, petition!.id)).toEqual({ signatures: petition!.signatures + 1, signed: true, codes: undefined });
    expect(await usage.signedByMe(graph.gatewayUrl, token)).toEqual([petition!.id]);
    // An error is an answer with its code, not an exception.
    expect((await usage.sign(graph.gatewayUrl, null, petition!.id)).codes).toEqual(['UNAUTHENTICATED']);
  });

  it('works under the production safelist, by text and by persisted id', async () => {
    const { url } = await graph.startGateway({ SAFELIST: 'true' });
    const byText = await usage.openPetitions(url);
    expect(byText.length).toBeGreaterThan(0);
    expect(await usage.openPetitions(url, { persisted: true })).toEqual(byText);
    const [petition] = byText;
    const signed = await usage.sign(url, await devToken(`client-e2e-persisted-${dialect}`), petition!.id, { persisted: true });
    expect(signed).toEqual({ signatures: petition!.signatures + 1, signed: true, codes: undefined });
  });
});
