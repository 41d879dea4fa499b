import cluster from 'node:cluster';

/**
 * How a server process (a subgraph, the gateway) talks to `npm start`, which supervises it
 * (scripts/supervisor.ts) over the IPC channel it opens: a message once the process serves,
 * and a distinct exit code when its port is taken, so the supervisor says so in one line
 * instead of restarting it. Without a supervisor (docker, a test) nothing is sent and a
 * taken port is one line on stderr.
 */

/** EADDRINUSE's number on Linux; any other exit is a crash. */
export const PORT_IN_USE_EXIT_CODE = 98;

export interface ListeningMessage {
  kind: 'listening';
  service: string;
  pid: number;
}

export function isListeningMessage(message: unknown): message is ListeningMessage {
  return typeof message === 'object' && message !== null && (message as ListeningMessage).kind === 'listening';
}

/** The environment variable that moves a service's port. */
export function portVariable(service: string): string {
  return service === 'gateway' ? 'PORT' : `${service.toUpperCase()}_PORT`;
}

export function portInUseMessage(service: string, port: number): string {
  const whose = service === 'gateway' ? '' : ` (${service})`;
  return `Port ${port} is in use${whose}; set ${portVariable(service)} to another port.`;
}

/** Tells the supervisor, if any, that this process now serves. Call it once the SIGTERM handler is in place. */
export function reportListening(service: string): void {
  if (!process.send) return;
  // The supervisor killed outright: stop as on SIGTERM rather than hold the port with no one
  // to stop us. (A cluster worker already leaves when its primary does.)
  if (!cluster.isWorker) {
    if (!process.connected) return void process.emit('SIGTERM', 'SIGTERM');
    process.once('disconnect', () => process.emit('SIGTERM', 'SIGTERM'));
  }
  const message: ListeningMessage = { kind: 'listening', service, pid: process.pid };
  // A supervisor that left meanwhile is handled above; its closed channel is no error here.
  process.send(message, undefined, {}, () => {});
}

/** For a failed `listen`: a taken port ends the process with its one line (or exit code); anything else is rethrown. */
export function exitIfPortInUse(error: unknown, service: string, port: number): never {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== 'EADDRINUSE') throw error;
  // Supervised (by `npm start` or a cluster primary): the supervisor says it, once.
  if (!process.send) console.error(portInUseMessage(service, port));
  process.exit(PORT_IN_USE_EXIT_CODE);
}
