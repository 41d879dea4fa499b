import type { DestinationStream } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'json' | 'pretty';

/**
 * How a service writes its log lines: `LOG_FORMAT` (`json` or `pretty`) when set;
 * otherwise readable lines for a person at a terminal outside production, and JSON for
 * everything else (a pipe, a file, a container's log collector). `npm start` pipes its
 * children's output, so it passes `LOG_FORMAT=pretty` when its own output is a terminal.
 */
export function logFormat(env: NodeJS.ProcessEnv = process.env, stdoutIsTerminal = process.stdout.isTTY === true): LogFormat {
  const given = env.LOG_FORMAT?.trim();
  if (given === 'json' || given === 'pretty') return given;
  if (given) throw new Error(`LOG_FORMAT must be json or pretty, not "${given}"`);
  return stdoutIsTerminal && env.NODE_ENV !== 'production' ? 'pretty' : 'json';
}

/**
 * Where lines go by default: stdout, as JSON (pino's own), or through pino-pretty. Pretty
 * lines are rendered from the JSON line, after redaction and the serializers.
 */
export function terminalDestination(env: NodeJS.ProcessEnv = process.env): DestinationStream | undefined {
  if (logFormat(env) === 'json') return undefined;
  return pretty({
    // Colours even through `npm start`'s pipe: pretty lines are for a person at a terminal.
    colorize: env.NO_COLOR === undefined,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    // Written before the process exits, as pino's own stdout is.
    sync: true,
  });
}
