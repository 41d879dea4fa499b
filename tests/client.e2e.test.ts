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
import { request, subscribe, PetitionsDocument, PetitionLiveDocument, SignPetitionDocument, MyParticipationDocument, type PetitionStatus, type SignatureChannel } from '@participation-graph/client';

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

/** A petition's count as it changes, with where to resume; \`onOpen\` once the gateway took the subscription. */
export async function* watchPetition(endpoint: string, id: string, options: { lastEventId?: string; onOpen?: () => void } = {}) {
  const live = subscribe(endpoint, PetitionLiveDocument, { id }, {
    lastEventId: options.lastEventId,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      options.onOpen?.();
      return response;
    },
  });
  for await (const { data, errors } of live) {
    const signatures: number | undefined = data?.petitionChanged?.signatureCount;
    yield { signatures, codes: errors?.map((error) => error.extensions?.code), lastEventId: live.lastEventId };
  }
}

export async function signedByMe(endpoint: string, token: string) {
  // No variables to give: they may be left out.
  const { data } = await request(endpoint, MyParticipationDocument, undefined, { headers: { authorization: 'Bearer ' + token } });
  return data?.me?.signedPetitions.edges.map(({ node }) => node.id) ?? [];
}
`;

/** Mistakes the types must catch: each line marked `// refused` must fail to compile, and no other. */
const MISTAKES = `
import { request, subscribe, PetitionLiveDocument, PetitionPageDocument, PetitionsDocument, SignPetitionDocument } from '@participation-graph/client';

export async function mistakes(endpoint: string) {
  await request(endpoint, PetitionPageDocument, { id: null }); // refused: the id is required
  await request(endpoint, PetitionsDocument, { city: 'kyiv', status: 'OPENED' }); // refused: not a PetitionStatus
  await request(endpoint, SignPetitionDocument, { id: 'x' }); // refused: the channel is required
  await request(endpoint, PetitionPageDocument); // refused: its variables are required
  await request(endpoint, PetitionPageDocument, { id: 'x', locale: 'uk' }); // refused: no such variable
  const { data } = await request(endpoint, PetitionPageDocument, { id: 'x' });
  subscribe(endpoint, PetitionLiveDocument); // refused: its variables are required
  for await (const { data } of subscribe(endpoint, PetitionLiveDocument, { id: 'x' })) data?.petitionChanged?.title; // refused: not selected by the operation
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
  watchPetition(
    endpoint: string,
    id: string,
    options?: { lastEventId?: string; onOpen?: () => void },
  ): AsyncGenerator<{ signatures?: number; codes?: unknown[]; lastEventId?: string }>;
}

/** The value of `promise`, failing when it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
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

  it('follows a petition over SSE, and resumes after a disconnection with what it missed', async () => {
    const [petition] = await usage.openPetitions(graph.gatewayUrl);
    const sign = async (who: string) => expect((await usage.sign(graph.gatewayUrl, await devToken(`client-live-${who}-${dialect}`), petition!.id)).codes).toBeUndefined();
    const opened = () => {
      let open!: () => void;
      const ready = new Promise<void>((resolve) => (open = resolve));
      return { ready, open };
    };
    // Signatures as they happen, on two subscriptions: one stays, one goes away.
    const stays = opened();
    const staying = usage.watchPetition(graph.gatewayUrl, petition!.id, { onOpen: stays.open });
    const leaves = opened();
    const leaving = usage.watchPetition(graph.gatewayUrl, petition!.id, { onOpen: leaves.open });
    const [stayingFirst, leavingFirst] = [staying.next(), leaving.next()];
    await within(Promise.all([stays.ready, leaves.ready]), 'subscription');
    await sign('a');
    const first = (await within(leavingFirst, 'event')).value!;
    expect(first).toMatchObject({ signatures: petition!.signatures + 1, codes: undefined });
    expect(first.lastEventId).toEqual(expect.any(String));
    expect((await within(stayingFirst, 'event')).value).toMatchObject({ signatures: petition!.signatures + 1 });
    await leaving.return(undefined);

    // Two more while one is away; the one that stayed shows the gateway has them.
    await sign('b');
    await sign('c');
    for (let seen = 0; seen !== petition!.signatures + 3; ) seen = (await within(staying.next(), 'event')).value!.signatures!;
    await staying.return(undefined);

    // Back with its last event id: the state it missed comes first, with no new event needed.
    const back = usage.watchPetition(graph.gatewayUrl, petition!.id, { lastEventId: first.lastEventId });
    expect((await within(back.next(), 'missed event')).value).toMatchObject({ signatures: petition!.signatures + 3, codes: undefined });
    await back.return(undefined);

    // An unknown petition is an answer (NOT_FOUND), and the end.
    const unknown = usage.watchPetition(graph.gatewayUrl, '00000000-0000-4000-8000-000000000000');
    expect((await within(unknown.next(), 'refusal')).value).toMatchObject({ codes: ['NOT_FOUND'] });
    expect((await within(unknown.next(), 'end')).done).toBe(true);
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
