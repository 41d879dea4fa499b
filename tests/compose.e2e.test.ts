import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SERVICES, env, healthTest, listenPort, services } from './support/compose.js';

// docker-compose.yml's health checks, run as Docker runs them (a node process each, so not
// in the fast tier); the rest of the file is checked in compose.test.ts.

describe('docker-compose.yml health-check commands', () => {
  let server: Server;
  let status = 200;
  let port = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === '/ready' ? status : 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // What Docker runs, pointed at a local stand-in: exit 0 only on a 2xx from /ready.
  // (Asynchronously: the stand-in answers from this process.)
  const run = (name: string, target: number): Promise<number | null> => {
    const [, command, ...args] = healthTest(services[name]!);
    const script = args.map((arg) => arg.replace(`127.0.0.1:${listenPort(name, env(name))}`, `127.0.0.1:${target}`));
    return new Promise((resolve, reject) => {
      const child = spawn(command === 'node' ? process.execPath : command!, script, { stdio: 'ignore', timeout: 10_000 });
      child.on('error', reject);
      child.on('exit', (code) => resolve(code));
    });
  };

  it.each(APP_SERVICES)('%s passes when ready and fails otherwise', async (name) => {
    status = 200;
    expect(await run(name, port)).toBe(0);
    status = 503;
    expect(await run(name, port)).toBe(1);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await run(name, closedPort)).toBe(1);
  });
});
