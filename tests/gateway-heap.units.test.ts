import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WORKER_HEAP_FLAGS, workerExecArgv } from '../gateway/src/heap.js';

/** V8's heap limit in a fresh Node process started with these flags (it counts the young generation's maximum); fails if Node refuses one. */
function heapLimitWith(flags: string[]): number {
  const child = spawnSync(process.execPath, [...flags, '-p', "require('node:v8').getHeapStatistics().heap_size_limit"], { encoding: 'utf8' });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return Number(child.stdout);
}

const semiSpace = (argv: string[]) => argv.filter((arg) => arg.replaceAll('_', '-').startsWith('--max-semi-space-size'));

describe('gateway worker heap flags', () => {
  it('forks workers with their primary’s flags and the heap flags, which this Node accepts and applies', () => {
    const argv = workerExecArgv(['--enable-source-maps'], '');
    expect(argv).toEqual(['--enable-source-maps', ...WORKER_HEAP_FLAGS]);
    // The young generation is larger than V8's default.
    expect(heapLimitWith(argv) - heapLimitWith(['--enable-source-maps'])).toBeGreaterThanOrEqual(32 * 1024 * 1024);
  });

  it('keeps what the operator chose, on the command line or in NODE_OPTIONS', () => {
    expect(semiSpace(workerExecArgv(['--max_semi_space_size=8'], ''))).toEqual(['--max_semi_space_size=8']);
    expect(semiSpace(workerExecArgv([], '--enable-source-maps --max-semi-space-size=64'))).toEqual([]);
    expect(workerExecArgv(['--heap-growing-percent=20'], '').filter((arg) => arg.startsWith('--heap-growing-percent'))).toEqual(['--heap-growing-percent=20']);
  });
});
