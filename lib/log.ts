import type { GraphQLError } from 'graphql';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { terminalDestination } from './log-format.js';

/**
 * What every service logs, and what it never logs. Lines are JSON (pino); none carries
 * personal data at any level: no token, subject, variable, document, body or query
 * string, no SQL value and no error message (drivers put the statement with its values,
 * and the key that clashed, into theirs). Errors are logged by type, code, location and,
 * for a failed SQL statement, its fingerprint; the request id joins the lines of one request
 * across the gateway and the subgraphs.
 */
export interface LoggerOptions {
  name: string;
  level: Level | 'silent';
  /** Where lines go; stdout when omitted, as JSON or readable lines (see log-format.ts); tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/** Fields that could carry a token, a subject or free text, wherever a caller might log them. */
const REDACTED = [
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers',
  'request.headers',
  'viewer',
  '*.viewer',
  'sub',
  'token',
  '*.token',
  'variables',
  '*.variables',
  'body',
  '*.body',
  'query',
  'req.query',
];

/** The logger of every service (gateway, workers' primary, subgraphs): pino with the redaction and serializers above. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      redact: { paths: REDACTED, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError, req: serializeRequest, res: serializeReply },
      hooks: {
        // `log.error(error)` would make the error's message the line's `msg`.
        logMethod(args, method) {
          const [first, second] = args as unknown[];
          if (first instanceof Error && typeof second !== 'string') return method.call(this, { err: first }, errorType(first));
          return method.apply(this, args);
        },
      },
    },
    options.destination ?? terminalDestination(),
  );
}

/** A request as a log line may show it: the method and the path, never the query string (GET variables) or headers. */
function serializeRequest(request: { method?: string; url?: string }): Record<string, unknown> {
  return { method: request.method, path: typeof request.url === 'string' ? request.url.split('?')[0] : undefined };
}

function serializeReply(reply: { statusCode?: number }): Record<string, unknown> {
  return { statusCode: reply.statusCode };
}

/** Codes, SQL states and identifiers (a constraint, a table): short and free of spaces, so never a sentence. */
const SAFE_TOKEN = /^[\w.:@/-]{1,100}$/;
const TOKEN_FIELDS = ['code', 'sqlState', 'syscall', 'constraint', 'table', 'column', 'schema', 'routine', 'reason', 'service', 'serviceName', 'statement'];
const NUMBER_FIELDS = ['errno', 'status', 'statusCode'];
const MAX_DEPTH = 3;

/**
 * An error as a log line may show it: its type, codes, GraphQL path, stack frames and
 * causes, never its message or other properties (a pg error's `detail` names the key
 * values that clashed; `where`, `parameters`, a jose error's `payload`: the token's claims).
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: error === null ? 'null' : typeof error };
  const fields = error as unknown as Record<string, unknown>;
  const safe: Record<string, unknown> = { type: errorType(error) };
  for (const key of TOKEN_FIELDS) {
    const value = fields[key];
    if (typeof value === 'string' && SAFE_TOKEN.test(value)) safe[key] = value;
  }
  for (const key of NUMBER_FIELDS) if (typeof fields[key] === 'number') safe[key] = fields[key];
  if (isGraphQLError(error)) {
    if (error.path) safe.path = error.path;
    const extensions: Record<string, unknown> = {};
    for (const key of ['code', 'field', 'service', 'serviceName', 'reason']) {
      const value = error.extensions?.[key];
      if (typeof value === 'string' && SAFE_TOKEN.test(value)) extensions[key] = value;
    }
    if (Object.keys(extensions).length) safe.extensions = extensions;
  }
  const frames = stackFrames(error);
  if (frames) safe.stack = frames;
  if (depth < MAX_DEPTH) {
    const cause = isGraphQLError(error) ? error.originalError : error.cause;
    if (cause instanceof Error && cause !== error) safe.cause = serializeError(cause, depth + 1);
    if (error instanceof AggregateError) safe.errors = error.errors.slice(0, 5).map((inner) => serializeError(inner, depth + 1));
  }
  return safe;
}

/**
 * By name, not `instanceof`: Apollo's packages load graphql's CommonJS build, code run as ES
 * modules under a bundler (vitest) may get its ES build, and the two classes differ.
 */
function isGraphQLError(error: Error): error is GraphQLError {
  return error.name === 'GraphQLError';
}

function errorType(error: Error): string {
  const name = error.constructor?.name && error.constructor.name !== 'Object' ? error.constructor.name : error.name;
  return SAFE_TOKEN.test(name) ? name : 'Error';
}

/**
 * The stack's own frames, without its first line (the message, which may run over several
 * lines). When the header is not the error's current `name: message` (a library rewrote
 * the message after the stack was taken), the frames cannot be told from the message, so
 * none are kept.
 */
function stackFrames(error: Error): string[] | undefined {
  const stack = typeof error.stack === 'string' ? error.stack : '';
  const header = error.message ? `${error.name}: ${error.message}` : error.name;
  if (!stack.startsWith(`${header}\n`)) return undefined;
  // MikroORM appends the driver error's frames after a blank line, filtered from a stack that holds its message too.
  const own = stack.slice(header.length + 1).split('\n\n')[0]!;
  const frames = own.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('at '));
  return frames.length ? frames.slice(0, 20) : undefined;
}

// The request's scope (its id, language and failed statement) lives in request-scope.ts, which errors.ts reads without loading pino.
export { failedStatementFields, noteFailedStatement, requestLocale, requestLogFields, runInRequestScope } from './request-scope.js';

/**
 * A logger for libraries that log sentences (Apollo Server, @apollo/gateway): each keeps
 * its first clause, before any colon or line break, since what follows is an error's
 * message or a query plan (which holds the document's literals). Errors go to `err`.
 */
export function libraryLogger(logger: Logger, source: string) {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (message?: unknown) => {
    if (message instanceof Error) return logger[level]({ source, err: message }, `${source}: ${errorType(message)}`);
    const text = typeof message === 'string' ? message.split(/[:\n]/)[0]!.trim() : '';
    logger[level]({ source }, text || `${source} logged a value`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
