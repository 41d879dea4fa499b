import cluster from 'node:cluster';
import { parseGatewayConfig } from './config.js';
import { runPrimary } from './workers.js';
import { exitIfPortInUse, reportListening } from '../../lib/supervised.js';

const config = parseGatewayConfig();
if (config.workers > 1 && cluster.isPrimary) {
  runPrimary(config);
} else {
  // Loaded here only: a cluster primary serves nothing, and the gateway's libraries cost it 80 MB of RSS.
  const { createGateway } = await import('./gateway.js');
  const gateway = await createGateway(config);
  const url = await gateway.listen().catch((error: unknown) => exitIfPortInUse(error, 'gateway', config.port));
  gateway.app.log.info({ url, pid: process.pid }, `gateway ready${config.sandbox ? `; sandbox at ${url}` : ''}`);
  const stop = async () => {
    await gateway.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  reportListening('gateway');
}
