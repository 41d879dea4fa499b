import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../scripts/paths.js';
import { graphql } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

/** Ports away from the defaults, so a developer's running graph does not collide. */
const PORTS = { PORT: 45100, PETITIONS_PORT: 45101, CONSULTATIONS_PORT: 45102, REGISTRY_PORT: 45103, HERITAGE_PORT: 45104 };
const script = fromRoot('dist', 'scripts', 'start.js');

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe.skipIf(!existsSync(script))('`npm start`: the graph as real processes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pg-start-'));
  let child: ChildProcess | undefined;
  let output = '';
  afterAll(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts four subgraphs and the gateway on SQLite with demo data, answers, and stops on SIGTERM', async () => {
    const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...Object.fromEntries(Object.entries(PORTS).map(([k, v]) => [k, String(v)])) };
    child = spawn(process.execPath, [script], { cwd: fromRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 90_000;
    while (!output.includes('The participation graph is running')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const url = `http://127.0.0.1:${PORTS.PORT}/graphql`;
    expect(output).toContain(`Sandbox and endpoint: ${url}`);
    expect(existsSync(join(dataDir, 'petitions.sqlite'))).toBe(true);

    const overview = await graphql(url, OPERATIONS.CityOverview!, { city: 'vinnytsia' });
    expect(overview.errors).toBeUndefined();
    expect(overview.data.city.petitionStats.submitted).toBeGreaterThan(0);
    expect(overview.data.city.heritageStats.total).toBeGreaterThan(0);
    const view = await graphql(url, OPERATIONS.DistrictParticipation!, { city: 'kyiv', district: 'kyiv-pecherskyi' });
    expect(view.errors).toBeUndefined();
    expect(view.data.city.district.heritageObjects.edges[0].node.name).toBeTruthy();

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const port of Object.values(PORTS)) expect(await portOpen(port), `port ${port} closed`).toBe(false);
  });
});
