import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, devKeyPath, publicJwk } from '../gateway/src/auth/dev-key.js';
import { compiledIfFresh } from '../scripts/fresh-dist.mjs';
import { fromRoot } from '../scripts/paths.js';

// `npm run token` answers without building: the compiled script when dist/ is current for
// it, the sources otherwise; several at once share one development key.

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'token-units-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function verifies(token: string, dataDir: string): Promise<string | undefined> {
  const key = JSON.parse(readFileSync(devKeyPath(dataDir), 'utf8')) as JWK;
  const { payload } = await jwtVerify(token.trim(), createLocalJWKSet({ keys: [publicJwk(key)] }), { issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
  return payload.sub;
}

describe('npm run token', () => {
  it('runs two at once on a fresh data directory, both signed with the one key they create', async () => {
    const dataDir = join(scratch, 'parallel');
    const subjects = ['demo-resident-kyiv-1', 'staff-1'];
    const outputs = await Promise.all(
      subjects.map((sub) => run('npm', ['run', '--silent', 'token', '--', '--sub', sub], { cwd: fromRoot(), env: { ...process.env, DATA_DIR: dataDir } })),
    );
    for (const [i, { stdout }] of outputs.entries()) {
      expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      expect(await verifies(stdout, dataDir)).toBe(subjects[i]);
    }
  });

  it('runs from the sources when there is no current build', async () => {
    // The entry as it is, in a tree whose dist/ is missing; its sources are the project's.
    const tree = join(scratch, 'unbuilt');
    mkdirSync(join(tree, 'scripts'), { recursive: true });
    for (const file of ['token-entry.mjs', 'fresh-dist.mjs']) copyFileSync(fromRoot('scripts', file), join(tree, 'scripts', file));
    symlinkSync(fromRoot('scripts', 'token.ts'), join(tree, 'scripts', 'token.ts'));
    symlinkSync(fromRoot('node_modules'), join(tree, 'node_modules'));
    const dataDir = join(scratch, 'unbuilt-data');
    const { stdout } = await run(process.execPath, [join(tree, 'scripts', 'token-entry.mjs'), '--sub', 'demo-resident-vinnytsia-1', '--role', 'moderator'], {
      env: { ...process.env, DATA_DIR: dataDir },
    });
    expect(await verifies(stdout, dataDir)).toBe('demo-resident-vinnytsia-1');
  });

  it('still refuses a bad option with exit code 2 and nothing on stdout', async () => {
    const failure = await run(process.execPath, [fromRoot('scripts', 'token-entry.mjs'), '--sub', 'x', '--role', 'mayor'], {
      env: { ...process.env, DATA_DIR: join(scratch, 'refused') },
    }).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr).toMatch(/mayor/);
  });
});

describe('whether dist/ is current for a script', () => {
  // A tree of sources and their compiled files, with chosen modification times.
  const tree = join(scratch, 'tree');
  const file = (path: string, text: string, time: number) => {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), text);
    utimesSync(join(tree, path), time, time);
  };
  const build = (times: { main: number; lib: number; mainJs: number; libJs: number }) => {
    file('scripts/main.ts', "import { x } from '../lib/x.js';", times.main);
    file('lib/x.ts', 'export const x = 1;', times.lib);
    file('dist/scripts/main.js', "import { x } from '../lib/x.js';\nimport { y } from 'some-package';", times.mainJs);
    file('dist/lib/x.js', 'export const x = 1;', times.libJs);
  };
  const check = () => compiledIfFresh(join(tree, 'scripts', 'main.ts'), tree);

  it('is the compiled script when it and what it imports were compiled after their sources changed', () => {
    build({ main: 100, lib: 100, mainJs: 200, libJs: 200 });
    expect(check()).toBe(join(tree, 'dist', 'scripts', 'main.js'));
  });

  it('is null when the script or a module it imports changed since, or was never compiled', () => {
    build({ main: 300, lib: 100, mainJs: 200, libJs: 200 });
    expect(check()).toBeNull();
    build({ main: 100, lib: 300, mainJs: 200, libJs: 200 });
    expect(check()).toBeNull();
    build({ main: 100, lib: 100, mainJs: 200, libJs: 200 });
    rmSync(join(tree, 'dist', 'lib', 'x.js'));
    expect(check()).toBeNull();
  });
});
