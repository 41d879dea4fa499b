import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../scripts/paths.js';
import { logFormat } from '../lib/log-format.js';

// Readable log lines for a person at a terminal, JSON for machines; redaction either way.

const run = promisify(execFile);

/**
 * A service's logger in a process of its own, its stdout a pipe (as under `npm start` or a
 * collector): one line as it starts, then one from a logger made with LOG_FORMAT=pretty.
 */
async function logLines(): Promise<{ plain: string; pretty: string }> {
  const script = `
    const { createLogger } = await import(${JSON.stringify(pathToFileURL(fromRoot('lib', 'log.ts')).href)});
    const line = (logger) => logger.info({ url: 'http://127.0.0.1:4001/graphql', authorization: 'Bearer secret-token' }, 'petitions ready');
    line(createLogger({ name: 'petitions', level: 'info' }));
    Object.assign(process.env, { LOG_FORMAT: 'pretty', NO_COLOR: '1' });
    line(createLogger({ name: 'petitions', level: 'info' }));
  `;
  const { LOG_FORMAT: _format, NODE_ENV: _env, NO_COLOR: _color, ...inherited } = process.env;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: fromRoot(), env: inherited });
  const newline = stdout.indexOf('\n');
  return { plain: stdout.slice(0, newline), pretty: stdout.slice(newline + 1) };
}

describe('the log format', () => {
  it('is LOG_FORMAT when given, else readable at a terminal outside production, else JSON', () => {
    expect(logFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormat({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(logFormat({ LOG_FORMAT: 'pretty', NODE_ENV: 'production' }, false)).toBe('pretty');
    expect(logFormat({}, true)).toBe('pretty');
    expect(logFormat({ NODE_ENV: 'development' }, true)).toBe('pretty');
    expect(logFormat({ NODE_ENV: 'production' }, true)).toBe('json');
    expect(logFormat({}, false)).toBe('json');
    expect(() => logFormat({ LOG_FORMAT: 'yaml' }, true)).toThrowError(/LOG_FORMAT.*yaml/);
  });

  it('writes JSON lines through a pipe by default, readable ones with LOG_FORMAT=pretty, redacted alike', async () => {
    const { plain, pretty: output } = await logLines();
    expect(JSON.parse(plain)).toMatchObject({ level: 30, name: 'petitions', msg: 'petitions ready', authorization: '[redacted]' });
    expect(() => JSON.parse(output)).toThrow();
    expect(output).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(petitions\): petitions ready\n/);
    expect(output).toContain('url: "http://127.0.0.1:4001/graphql"');
    expect(output).toContain('[redacted]');
    expect(output).not.toContain('secret-token');
  });
});
