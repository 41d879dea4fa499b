/**
 * `npm start`: the whole graph on this machine. Checks that every port is free, starts the
 * subgraphs (lib/subgraphs.ts) and the gateway as separate processes (real HTTP between them, as in
 * production) and keeps them running (scripts/supervisor.ts), prints where the sandbox is
 * once the processes it started are ready, and stops them all on Ctrl-C or SIGTERM.
 */
import { DEFAULT_SUBGRAPH_PORTS, SUBGRAPH_NAMES } from '../lib/subgraphs.js';
import { resolveGatewaySecret } from '../lib/secrets.js';
import { fromRoot } from './paths.js';
import { whyPortsCannotOpen } from './ports.js';
import { supervise, type ServiceSpec } from './supervisor.js';

const env = process.env;
const host = env.HOST ?? '127.0.0.1';
const gatewayPort = Number(env.PORT ?? 4000);
const subgraphPorts = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, Number(env[`${name.toUpperCase()}_PORT`] ?? DEFAULT_SUBGRAPH_PORTS[name])]));

// Before anything starts: a taken port is one line naming the variable that moves it.
const claims = [{ service: 'gateway', port: gatewayPort }, ...SUBGRAPH_NAMES.map((name) => ({ service: name, port: subgraphPorts[name]! }))];
const unusable = await whyPortsCannotOpen(
  claims.filter(({ port }) => Number.isInteger(port)), // a malformed one is the process's to explain
  host,
);
if (unusable) {
  console.error(unusable);
  process.exit(1);
}

// The gateway calls each subgraph where it listens (`<NAME>_URL`, else its port on this machine).
const subgraphUrls = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${subgraphPorts[name]}/graphql`]),
);

// One secret for the gateway and the subgraphs, settled before any of them starts.
const shared = {
  ...env,
  GATEWAY_SECRET: resolveGatewaySecret(env.GATEWAY_SECRET, env.DATA_DIR ?? 'data', env.NODE_ENV === 'production'),
  // The children write into our pipe, not a terminal: they print readable lines when we
  // are in one (and JSON when we are not, or when told otherwise), see lib/log-format.ts.
  ...(process.stdout.isTTY && !env.LOG_FORMAT && env.NODE_ENV !== 'production' ? { LOG_FORMAT: 'pretty' } : {}),
};

const services: ServiceSpec[] = [
  ...SUBGRAPH_NAMES.map((name) => ({ name, script: fromRoot('dist', 'subgraphs', name, 'main.js'), env: shared, port: subgraphPorts[name]! })),
  { name: 'gateway', script: fromRoot('dist', 'gateway', 'src', 'main.js'), env: { ...shared, ...subgraphUrls }, port: gatewayPort },
];

const started = Date.now();
const supervisor = supervise(services, fromRoot());
process.once('SIGINT', () => supervisor.stop(0));
process.once('SIGTERM', () => supervisor.stop(0));
void supervisor.stopped.then((code) => process.exit(code));

// Every process reported that it listens, so the gateway's port is ours: its /ready is our
// gateway's, ready once every subgraph answers.
await Promise.race([supervisor.allListening, supervisor.stopped]);
const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
while (!supervisor.stopping) {
  const ready = await fetch(`http://${shown}:${gatewayPort}/ready`).then((r) => r.ok, () => false);
  if (ready && !supervisor.stopping) {
    console.log(`\nThe participation graph is running (${((Date.now() - started) / 1000).toFixed(1)} s).`);
    console.log(`Sandbox and endpoint: http://${shown}:${gatewayPort}/graphql`);
    console.log('Sign in as a demo resident: npm run --silent token -- --sub demo-resident-kyiv-1 (header Authorization: Bearer <token>)');
    console.log('Press Ctrl-C to stop.\n');
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
}
