import { createServer, type Server } from 'node:net';
import { portInUseMessage, portVariable } from '../lib/supervised.js';

/** A service and the port it is about to listen on. */
export interface PortClaim {
  service: string;
  port: number;
}

/**
 * Why one of `claims` cannot be listened on at `host` right now (another process has it, or
 * two services name the same port), in one line; undefined when all can. Each port is held
 * until every one is checked, so a port named twice is caught too. Port 0 (any) is skipped.
 */
export async function whyPortsCannotOpen(claims: PortClaim[], host: string): Promise<string | undefined> {
  const held: Server[] = [];
  try {
    for (const { service, port } of claims) {
      if (port === 0) continue;
      const server = createServer();
      const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        server.once('error', resolve);
        server.listen({ port, host, exclusive: true }, () => resolve(undefined));
      });
      if (!error) {
        held.push(server);
        continue;
      }
      if (error.code === 'EADDRINUSE') return portInUseMessage(service, port);
      const whose = service === 'gateway' ? '' : ` (${service})`;
      return `Cannot listen on ${host}:${port}${whose} (${error.code ?? error.message}); check HOST and ${portVariable(service)}.`;
    }
    return undefined;
  } finally {
    await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
