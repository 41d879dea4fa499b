/**
 * `npm start`: the whole graph on this machine. Starts the four subgraphs and the gateway
 * as separate processes (real HTTP between them, as in production), prints where the
 * sandbox is once everything is ready, and stops them all on Ctrl-C or SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DEFAULT_SUBGRAPH_PORTS, SUBGRAPH_NAMES } from '../subgraphs/shared/config.js';
import { resolveGatewaySecret } from '../subgraphs/shared/secrets.js';
import { fromRoot } from './paths.js';

// The gateway calls each subgraph where it listens (`<NAME>_PORT`, else its default port).
const subgraphUrls = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => {
    const port = process.env[`${name.toUpperCase()}_PORT`] ?? DEFAULT_SUBGRAPH_PORTS[name];
    return [`${name.toUpperCase()}_URL`, process.env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${port}/graphql`];
  }),
);

// One secret for the gateway and the subgraphs, settled before any of them starts.
const shared = {
  ...process.env,
  GATEWAY_SECRET: resolveGatewaySecret(process.env.GATEWAY_SECRET, process.env.DATA_DIR ?? 'data', process.env.NODE_ENV === 'production'),
};

const processes = [
  ...SUBGRAPH_NAMES.map((name) => ({ name, script: fromRoot('dist', 'subgraphs', name, 'main.js'), env: shared })),
  { name: 'gateway', script: fromRoot('dist', 'gateway', 'src', 'main.js'), env: { ...shared, ...subgraphUrls } },
];

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const deadline = setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }, 5000);
  deadline.unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() => process.exit(code));
}

for (const { name, script, env } of processes) {
  const child = spawn(process.execPath, ['--enable-source-maps', script], { cwd: fromRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`[${name.padEnd(13)}] ${line}`));
  }
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[${name}] exited (${signal ?? code}); stopping the graph`);
    stopAll(1);
  });
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

// Ready when the gateway answers /ready (every subgraph migrated, seeded and answering).
const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';
const started = Date.now();
while (!stopping) {
  const ready = await fetch(`http://${host}:${port}/ready`).then((r) => r.ok, () => false);
  if (ready) {
    const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/graphql`;
    console.log(`\nThe participation graph is running (${((Date.now() - started) / 1000).toFixed(1)} s).`);
    console.log(`Sandbox and endpoint: ${url}`);
    console.log('Sign in as a demo resident: npm run --silent token -- --sub demo-resident-kyiv-1 (header Authorization: Bearer <token>)');
    console.log('Press Ctrl-C to stop.\n');
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
}
