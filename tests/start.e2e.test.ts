import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../scripts/paths.js';
import { graphql } from './support/graph.js';
import { SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import { OPERATIONS } from './support/operations.js';

/** Ports away from the defaults (and from each other's tests), so a developer's running graph does not collide. */
type PortVariable = 'PORT' | `${Uppercase<(typeof SUBGRAPH_NAMES)[number]>}_PORT`;
type Ports = Record<PortVariable, number>;
/** The gateway on `base`, each subgraph of the one list on the ports after it. */
const portsFrom = (base: number): Ports =>
  Object.fromEntries([['PORT', base], ...SUBGRAPH_NAMES.map((name, i) => [`${name.toUpperCase()}_PORT`, base + 1 + i])]) as Ports;
/** Every port of `ports` but `taken`'s: nothing may be left listening on them. */
const otherPorts = (ports: Ports, taken: PortVariable): number[] => Object.entries(ports).filter(([name]) => name !== taken).map(([, port]) => port);
const script = fromRoot('dist', 'scripts', 'start.js');
const RUNNING = 'The participation graph is running';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, state = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${state()}`);
    await sleep(100);
  }
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** Running (a zombie, dead but not yet reaped by a stopped parent, is not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2)[0]!);
  } catch {
    return false;
  }
}

/** `npm start` as a user runs it (the built script), on its own ports and data directory. */
class StartCommand {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;

  constructor(ports: Ports, dataDir: string) {
    // No response cache: answers while a subgraph is down must come from the subgraphs, not from before.
    const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', GATEWAY_WORKERS: '2', RESPONSE_CACHE: 'false', ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
    this.child = spawn(process.execPath, [script], { cwd: fromRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk) => (this.output += chunk));
    this.child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** The pid the supervisor logged when it (re)started `service`, the latest one. */
  pid(service: string): number | undefined {
    const pids = [...this.output.matchAll(new RegExp(`\\] ${service} (?:re)?started \\(pid (\\d+)\\)`, 'g'))].map((m) => Number(m[1]));
    return pids.at(-1);
  }

  waitForOutput(text: string | RegExp, timeoutMs = 90_000): Promise<true> {
    return waitFor(
      `${text}`,
      () => {
        if (typeof text === 'string' ? this.output.includes(text) : text.test(this.output)) return true;
        if (this.child.exitCode !== null) throw new Error(`npm start exited (${this.child.exitCode}) first:\n${this.output}`);
        return undefined;
      },
      timeoutMs,
      () => this.output,
    );
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

const withTimeout = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, sleep(ms).then(() => 'timeout' as const)]);

/** Lines of a stack trace, which no port message may come with. */
const STACK_LINE = /^\s+at /m;

describe.skipIf(!existsSync(script))('`npm start`: the graph as real processes, supervised', () => {
  const dataDirs: string[] = [];
  const commands: StartCommand[] = [];
  const holders: Server[] = [];
  const start = (ports: Ports) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pg-start-'));
    dataDirs.push(dataDir);
    const command = new StartCommand(ports, dataDir);
    commands.push(command);
    return command;
  };
  /** Another process's port: a plain listener on `port`. */
  const occupy = async (port: number, server: Server = createServer()) => {
    holders.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  };
  afterAll(async () => {
    for (const command of commands) command.kill();
    await Promise.all(holders.map((server) => new Promise((resolve) => server.close(resolve))));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  describe('a running graph', () => {
    const PORTS = portsFrom(45100);
    const url = `http://127.0.0.1:${PORTS.PORT}/graphql`;
    const ready = () => fetch(`http://127.0.0.1:${PORTS.PORT}/ready`).then(async (r) => ({ status: r.status, body: (await r.json()) as { subgraphs: Record<string, string> } }));
    let graph: StartCommand;

    beforeAll(async () => {
      graph = start(PORTS);
      await graph.waitForOutput(RUNNING);
    });

    it('starts every subgraph and the gateway on SQLite with demo data, and answers', async () => {
      expect(graph.output).toContain(`Sandbox and endpoint: ${url}`);
      expect(existsSync(join(dataDirs[0]!, 'petitions.sqlite'))).toBe(true);
      for (const service of [...SUBGRAPH_NAMES, 'gateway']) expect(alive(graph.pid(service)!), service).toBe(true);

      const overview = await graphql(url, OPERATIONS.CityOverview!, { city: 'vinnytsia' });
      expect(overview.errors).toBeUndefined();
      expect(overview.data.city.petitionStats.submitted).toBeGreaterThan(0);
      expect(overview.data.city.heritageStats.total).toBeGreaterThan(0);
      const view = await graphql(url, OPERATIONS.DistrictParticipation!, { city: 'kyiv', district: 'kyiv-pecherskyi' });
      expect(view.errors).toBeUndefined();
      expect(view.data.city.district.heritageObjects.edges[0].node.name).toBeTruthy();
    });

    it('restarts a subgraph that dies; meanwhile the gateway answers the rest, and /ready names the dead one', { timeout: 150_000 }, async () => {
      const whole = await graphql(url, OPERATIONS.CityOverview!, { city: 'kyiv' });
      expect(whole.errors).toBeUndefined();
      const victim = graph.pid('heritage')!;
      // Held still, the supervisor cannot restart heritage until we have looked at the graph without it.
      process.kill(graph.child.pid!, 'SIGSTOP');
      try {
        process.kill(victim, 'SIGKILL');
        await waitFor('heritage to be gone', async () => (alive(victim) || (await portOpen(PORTS.HERITAGE_PORT)) ? undefined : true), 10_000);

        const partial = await graphql(url, OPERATIONS.CityOverview!, { city: 'kyiv' });
        expect(partial.data.city.id).toBe('kyiv');
        expect(partial.data.city.petitionStats).toEqual(whole.data.city.petitionStats);
        expect(partial.data.city.consultationStats).toEqual(whole.data.city.consultationStats);
        expect(partial.data.city.registryStats).toEqual(whole.data.city.registryStats);
        expect(partial.data.city.heritageStats).toBeNull();
        expect(partial.errors).toContainEqual(expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', service: 'heritage' }) }));
        for (const error of partial.errors ?? []) expect(error.extensions?.service).toBe('heritage');

        const meanwhile = await ready();
        expect(meanwhile.status).toBe(503);
        expect(meanwhile.body.subgraphs).toEqual(Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, name === 'heritage' ? 'unreachable' : 'ready'])));
      } finally {
        process.kill(graph.child.pid!, 'SIGCONT');
      }

      await graph.waitForOutput(`heritage (pid ${victim}) exited (SIGKILL); restarting in 0.5 s.`, 10_000);
      await graph.waitForOutput(/heritage serves again \(pid \d+\)/);
      const successor = graph.pid('heritage')!;
      expect(successor).not.toBe(victim);
      expect(alive(successor)).toBe(true);
      await waitFor('/ready 200', async () => ((await ready()).status === 200 ? true : undefined), 30_000, () => graph.output);
      expect((await ready()).body.subgraphs.heritage).toBe('ready');
      const again = await graphql(url, OPERATIONS.CityOverview!, { city: 'kyiv' });
      expect(again.errors).toBeUndefined();
      expect(again.data).toEqual(whole.data);
    });

    it('restarts the gateway when it dies', { timeout: 150_000 }, async () => {
      const victim = graph.pid('gateway')!;
      process.kill(victim, 'SIGKILL');
      await graph.waitForOutput(`gateway (pid ${victim}) exited (SIGKILL); restarting in 0.5 s.`, 10_000);
      await graph.waitForOutput(/gateway serves again \(pid \d+\)/);
      expect(graph.pid('gateway')).not.toBe(victim);
      const answer = await graphql(url, OPERATIONS.CityOverview!, { city: 'kyiv' });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.city.heritageStats.total).toBeGreaterThan(0);
    });

    it('stops every process on SIGTERM, exits 0 and restarts nothing', async () => {
      const pids = [...SUBGRAPH_NAMES, 'gateway'].map((service) => graph.pid(service)!);
      const before = graph.output.length;
      graph.child.kill('SIGTERM');
      expect(await withTimeout(graph.exited, 20_000), graph.output).toBe(0);
      expect(graph.output.slice(before)).not.toMatch(/restart/);
      for (const pid of pids) expect(alive(pid), `pid ${pid} still running`).toBe(false);
      for (const port of Object.values(PORTS)) expect(await portOpen(port), `port ${port} closed`).toBe(false);
    });
  });

  it('refuses a taken subgraph port in one line naming the port and its variable, before starting anything', async () => {
    const ports = portsFrom(45110);
    await occupy(ports.CONSULTATIONS_PORT);
    // A server of a test running beside this one may have been given one of these ports by the
    // system (port 0 draws from the same range): only ports free now must stay free.
    const freeBefore = [];
    for (const port of otherPorts(ports, 'CONSULTATIONS_PORT')) if (!(await portOpen(port))) freeBefore.push(port);
    const command = start(ports);
    expect(await withTimeout(command.exited, 20_000), command.output).toBe(1);
    expect(command.output).toBe(`Port ${ports.CONSULTATIONS_PORT} is in use (consultations); set CONSULTATIONS_PORT to another port.\n`);
    // Nothing was started: no other port is held.
    for (const port of freeBefore) expect(await portOpen(port), `port ${port}`).toBe(false);
  });

  it('refuses a gateway port held by another graph that answers /ready, and never says it is running', async () => {
    const ports = portsFrom(45120);
    // Another stack on the gateway's port, ready by its own account.
    const impostor = createHttpServer((request, response) => {
      response.writeHead(request.url === '/ready' ? 200 : 404, { 'content-type': 'application/json' });
      response.end('{"status":"ready"}');
    });
    await occupy(ports.PORT, impostor as unknown as Server);
    expect((await fetch(`http://127.0.0.1:${ports.PORT}/ready`)).status).toBe(200);
    const command = start(ports);
    expect(await withTimeout(command.exited, 20_000), command.output).toBe(1);
    expect(command.output).toBe(`Port ${ports.PORT} is in use; set PORT to another port.\n`);
    expect(command.output).not.toContain(RUNNING);
  });

  it('stops in one line when a port is taken after the check, while its subgraph starts', { timeout: 150_000 }, async () => {
    const ports = portsFrom(45130);
    const command = start(ports);
    // Spawned after the check; a subgraph migrates and seeds a fresh database before it listens.
    await command.waitForOutput('registry started (pid', 20_000);
    await occupy(ports.REGISTRY_PORT);
    expect(await withTimeout(command.exited, 60_000), command.output).toBe(1);
    const line = `Port ${ports.REGISTRY_PORT} is in use (registry); set REGISTRY_PORT to another port.`;
    expect(command.output.split('\n').filter((l) => l === line)).toHaveLength(1);
    expect(command.output).not.toMatch(STACK_LINE);
    expect(command.output).not.toContain('EADDRINUSE');
    expect(command.output).not.toContain(RUNNING);
    expect(command.output).not.toMatch(/restarting/);
    for (const port of otherPorts(ports, 'REGISTRY_PORT')) expect(await portOpen(port)).toBe(false);
  });

  it.each([
    ['a subgraph', ['subgraphs', 'heritage', 'main.js'], { HERITAGE_PORT: '45141' }, 45141, 'Port 45141 is in use (heritage); set HERITAGE_PORT to another port.'],
    ['the gateway, one process', ['gateway', 'src', 'main.js'], { PORT: '45142', GATEWAY_WORKERS: '1' }, 45142, 'Port 45142 is in use; set PORT to another port.'],
    ['the gateway, two workers', ['gateway', 'src', 'main.js'], { PORT: '45143', GATEWAY_WORKERS: '2' }, 45143, 'Port 45143 is in use; set PORT to another port.'],
  ])('%s run on its own says a taken port in one line', async (_what, path, portEnv, port, line) => {
    await occupy(port);
    const dataDir = mkdtempSync(join(tmpdir(), 'pg-start-'));
    dataDirs.push(dataDir);
    const child = spawn(process.execPath, [fromRoot('dist', ...path)], {
      cwd: fromRoot(),
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...portEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    expect(await withTimeout(exited, 120_000), output).toBe(98);
    expect(output).toBe(`${line}\n`);
  }, 150_000);
});
