import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../gateway/src/config.js';
import { createGateway, type Gateway } from '../gateway/src/gateway.js';
import { fromRoot } from '../scripts/paths.js';
import { SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import { graphql, startGraph, TEST_GATEWAY_ENV, type RunningGraph } from './support/graph.js';
import { OPERATIONS } from './support/operations.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, describeState = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${describeState()}`);
    await sleep(100);
  }
}

/** A port free right now (bound to port 0, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** Live (not zombie) child processes of `ppid`, from /proc. */
function childPids(ppid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // pid (comm) state ppid ...; comm may contain spaces and parentheses.
    const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(parent) === ppid && state !== 'Z' && state !== 'X') children.push(Number(entry));
  }
  return children.sort((a, b) => a - b);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One POST on a connection of its own, so the cluster primary hands each to the next worker. */
function postOnNewConnection(url: string, body: unknown): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = httpRequest(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode!, json: JSON.parse(text) });
        } catch (error) {
          reject(new Error(`HTTP ${res.statusCode}: ${text}`, { cause: error }));
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function getOnNewConnection(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The sum of every `graphql_requests_total` series of a Prometheus text. */
function requestsTotal(text: string): number {
  let total = 0;
  for (const [, value] of text.matchAll(/^graphql_requests_total(?:\{[^}]*\})?\s+(\S+)$/gm)) total += Number(value);
  return total;
}

const CITY_OVERVIEW = { query: OPERATIONS.CityOverview, variables: { city: 'kyiv' } };
const MANIFEST_OPERATIONS = (JSON.parse(readFileSync(fromRoot('schema', 'persisted-operations.json'), 'utf8')) as { operations: unknown[] }).operations.length;

describe('gateway processes', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph({ dialect: 'sqlite' });
  });
  afterAll(async () => {
    await graph?.stop();
  });

  const main = fromRoot('dist', 'gateway', 'src', 'main.js');
  describe.skipIf(!existsSync(main))('GATEWAY_WORKERS=2: a cluster primary and two workers sharing the port', () => {
    let child: ChildProcess | undefined;
    let output = '';
    let port: number;
    let url: string;
    const logLines = () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, any>);
    const state = () => `children: ${child?.pid ? childPids(child.pid).join(',') : '-'}\noutput:\n${output}`;
    let workersAtStart: number[] = [];

    beforeAll(async () => {
      port = await freePort();
      url = `http://127.0.0.1:${port}/graphql`;
      const env: Record<string, string> = {
        ...TEST_GATEWAY_ENV,
        PORT: String(port),
        GATEWAY_WORKERS: '2',
        LOG_LEVEL: 'info',
        ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, graph.subgraphUrls[name]])),
      };
      child = spawn(process.execPath, [main], { cwd: fromRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      await waitFor(
        'GET /ready to answer 200',
        async () => {
          if (child!.exitCode !== null) throw new Error(`the gateway exited with ${child!.exitCode}\n${output}`);
          const ready = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined);
          return ready?.status === 200 ? true : undefined;
        },
        60_000,
        state,
      );
    });
    afterAll(() => {
      if (child?.pid && child.exitCode === null && child.signalCode === null) {
        for (const pid of childPids(child.pid)) process.kill(pid, 'SIGKILL');
        child.kill('SIGKILL');
      }
    });

    it('runs two worker processes under the primary, each logging that it is ready', async () => {
      workersAtStart = await waitFor('two workers', () => (childPids(child!.pid!).length === 2 ? childPids(child!.pid!) : undefined), 30_000, state);
      expect(workersAtStart).not.toContain(child!.pid);
      const ready = await waitFor('both workers ready', () => {
        const pids = logLines().filter((l) => l.msg?.startsWith('gateway ready')).map((l) => l.pid as number);
        return workersAtStart.every((pid) => pids.includes(pid)) ? pids : undefined;
      }, 30_000, state);
      expect(ready).not.toContain(child!.pid);
      expect(logLines().find((l) => l.msg === 'gateway primary started its workers')?.workers).toBe(2);
    });

    it('answers 40 concurrent requests, and /metrics adds up every worker\u02bcs counters', async () => {
      const results = await Promise.all(Array.from({ length: 40 }, () => postOnNewConnection(url, CITY_OVERVIEW)));
      for (const { status, json } of results) {
        expect(status).toBe(200);
        expect(json.errors).toBeUndefined();
        expect(json.data.city.id).toBe('kyiv');
      }
      // Connections alternate between the workers, so neither holds 40 alone: each /metrics
      // answer (from whichever worker) must be the cluster's total.
      for (let i = 0; i < 2; i++) {
        const metrics = await getOnNewConnection(`http://127.0.0.1:${port}/metrics`);
        expect(metrics.status).toBe(200);
        expect(metrics.text).toContain('# TYPE graphql_requests_total counter');
        expect(requestsTotal(metrics.text)).toBeGreaterThanOrEqual(40);
        const cityOverviews = /^graphql_requests_total\{operation="CityOverview",outcome="ok"\} (\d+)$/m.exec(metrics.text);
        expect(Number(cityOverviews?.[1])).toBe(40);
      }
    });

    it('replaces a worker killed with SIGKILL, and keeps answering', async () => {
      const [victim, survivor] = workersAtStart;
      process.kill(victim!, 'SIGKILL');
      // Once the primary has seen it die, the survivor alone answers while the replacement starts.
      await waitFor('the primary to notice', () => (logLines().some((l) => l.msg === 'a gateway worker died; starting another') ? true : undefined), 5000, state);
      const meanwhile = await Promise.all(Array.from({ length: 6 }, () => postOnNewConnection(url, CITY_OVERVIEW)));
      for (const { status, json } of meanwhile) {
        expect(status).toBe(200);
        expect(json.data.city.id).toBe('kyiv');
      }
      const replaced = await waitFor('a new worker', () => {
        const pids = childPids(child!.pid!);
        return pids.length === 2 && !pids.includes(victim!) && pids.includes(survivor!) ? pids : undefined;
      }, 15_000, state);
      const newcomer = replaced.find((pid) => pid !== survivor)!;
      expect(alive(victim!)).toBe(false);
      const died = logLines().find((l) => l.msg === 'a gateway worker died; starting another');
      expect(died).toMatchObject({ pid: victim, signal: 'SIGKILL', level: 50 });
      await waitFor('the new worker ready', () => (logLines().some((l) => l.msg?.startsWith('gateway ready') && l.pid === newcomer) ? true : undefined), 30_000, state);

      const results = await Promise.all(Array.from({ length: 10 }, () => postOnNewConnection(url, CITY_OVERVIEW)));
      for (const { status, json } of results) {
        expect(status).toBe(200);
        expect(json.data.city.id).toBe('kyiv');
      }
      expect(childPids(child!.pid!)).toEqual(replaced);
    });

    it('on SIGTERM lets the workers finish and exits 0, closing the port', async () => {
      const workers = childPids(child!.pid!);
      expect(workers).toHaveLength(2);
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child!.once('exit', (code, signal) => resolve({ code, signal })),
      );
      child!.kill('SIGTERM');
      const timeout = sleep(10_000).then(() => 'timeout' as const);
      const outcome = await Promise.race([exited, timeout]);
      expect(outcome, state()).not.toBe('timeout');
      expect(outcome).toEqual({ code: 0, signal: null });
      expect(await portOpen(port)).toBe(false);
      for (const pid of workers) expect(alive(pid), `worker ${pid} still running`).toBe(false);
      // A stop is not a crash: no worker was "replaced" while stopping.
      expect(logLines().filter((l) => l.msg === 'a gateway worker died; starting another')).toHaveLength(1);
    });
  });

  describe('supergraph reload (WATCH_SUPERGRAPH)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-supergraph-'));
    const file = join(dir, 'supergraph.graphql');
    const deployed = readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8');
    // Before the deploy the graph has no `Query.cities` (no client operation uses it); the
    // deploy adds it, so every answer tells which schema gave it.
    const CITIES_FIELD = '  """Every city served by this graph."""\n  cities: [City!]!\n\n';
    const previous = deployed.replace(CITIES_FIELD, '');
    /** Cross-subgraph data that both schemas answer alike, and the root fields of the schema that answered. */
    const PROBE = `query ReloadProbe($city: ID!) {
      city(id: $city) { id name petitionStats { submitted signatures } consultationStats { total } registryStats { registered } heritageStats { total } }
      __type(name: "Query") { fields { name } }
    }`;
    const lines: string[] = [];
    const logged = (msg: string) => lines.map((l) => JSON.parse(l) as Record<string, any>).filter((l) => l.msg === msg);
    let gateway: Gateway;
    let url: string;

    /** Writes the whole file next to it, then renames it into place (what a deploy does). */
    const replaceFile = (text: string) => {
      const temp = join(dir, `.supergraph-${Math.random().toString(36).slice(2)}.tmp`);
      writeFileSync(temp, text);
      renameSync(temp, file);
    };
    const cities = () => graphql(url, '{ cities { id } }');

    beforeAll(async () => {
      expect(deployed).toContain(CITIES_FIELD);
      writeFileSync(file, previous);
      const stream = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          callback();
        },
      });
      gateway = await createGateway(
        { ...parseGatewayConfig({ ...TEST_GATEWAY_ENV, WATCH_SUPERGRAPH: 'true', SUPERGRAPH_PATH: file }), subgraphUrls: graph.subgraphUrls },
        pino({ level: 'info' }, stream),
      );
      url = await gateway.listen();
    });
    afterAll(async () => {
      await gateway?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('plans every client operation ahead at start', async () => {
      expect(MANIFEST_OPERATIONS).toBeGreaterThan(0);
      expect(await gateway.warmedUp()).toBe(MANIFEST_OPERATIONS);
      expect(logged('query-plan cache warmed with the client operations')[0]?.planned).toBe(MANIFEST_OPERATIONS);
      const refused = await cities();
      expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('reloads a changed file under load without failing a request, each answer from the right schema, and keeps serving through a broken file', async () => {
      const reference = await graphql(url, PROBE, { city: 'kyiv' });
      expect(reference.errors).toBeUndefined();
      expect(reference.data.city.heritageStats.total).toBeGreaterThan(0);

      // Two clients, each sending its next request once the last answered: each one's answers
      // are in order, so a schema swap shows as old answers, then new ones, never old again.
      let running = true;
      const failures: string[] = [];
      const clients: ('old' | 'new')[][] = [[], []];
      const load = async (schemas: ('old' | 'new')[]) => {
        while (running) {
          try {
            const result = await graphql(url, PROBE, { city: 'kyiv' });
            if (result.errors || JSON.stringify(result.data?.city) !== JSON.stringify(reference.data.city)) failures.push(JSON.stringify(result));
            else schemas.push((result.data.__type.fields as { name: string }[]).some((f) => f.name === 'cities') ? 'new' : 'old');
          } catch (error) {
            failures.push(String(error));
          }
          await sleep(3);
        }
      };
      const newAnswers = (schemas: ('old' | 'new')[]) => schemas.filter((schema) => schema === 'new').length;
      const loops = clients.map(load);
      try {
        await waitFor('answers before the deploy', () => (clients.every((c) => c.length >= 5) ? true : undefined), 20_000);

        const answeredBeforeDeploy = clients.map((c) => c.length);
        replaceFile(deployed);
        await waitFor('the deployed schema', async () => ((await cities()).data?.cities ? true : undefined), 10_000, () => lines.join('\n'));
        const answer = await cities();
        expect(answer.errors).toBeUndefined();
        expect(answer.data.cities.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['kyiv', 'vinnytsia']));
        expect(logged('supergraph reloaded').some((l) => l.path === file)).toBe(true);
        expect(await gateway.warmedUp()).toBe(MANIFEST_OPERATIONS);
        expect(logged('query-plan cache warmed with the client operations').map((l) => l.planned)).toEqual([MANIFEST_OPERATIONS, MANIFEST_OPERATIONS]);
        // Everything answered before the file changed came from the previous schema.
        clients.forEach((schemas, i) => expect(schemas.slice(0, answeredBeforeDeploy[i])).toEqual(Array(answeredBeforeDeploy[i]).fill('old')));
        await waitFor('both clients on the deployed schema', () => (clients.every((c) => newAnswers(c) >= 5) ? true : undefined), 20_000);

        replaceFile('not a supergraph');
        await waitFor('the broken file refused', () => (logged('the changed supergraph was refused; still serving the previous one').length ? true : undefined), 10_000, () => lines.join('\n'));
        const newBeforeRefusal = clients.map(newAnswers);
        await waitFor('answers after the refusal', () => (clients.every((c, i) => newAnswers(c) >= newBeforeRefusal[i]! + 5) ? true : undefined), 20_000);
        expect((await cities()).data?.cities).toEqual(answer.data.cities);
        expect(await gateway.warmedUp()).toBe(MANIFEST_OPERATIONS);
        const result = await graphql(url, OPERATIONS.PetitionPage!, { id: '00000000-0000-4000-8000-000000000000' });
        expect(result.errors).toBeUndefined();
        expect(result.data.petition).toBeNull();
      } finally {
        running = false;
        await Promise.all(loops);
      }
      expect(failures).toEqual([]);
      for (const schemas of clients) {
        // The previous schema until the swap, the deployed one from then on.
        const firstNew = schemas.indexOf('new');
        expect(firstNew).toBeGreaterThan(0);
        expect(schemas.slice(firstNew)).not.toContain('old');
      }
    });
  });
});
