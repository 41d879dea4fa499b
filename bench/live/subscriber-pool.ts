import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FeedDelivery, PetitionDelivery, StreamRecord } from './figures.js';

/** The subscriptions one load process holds: so many petition readers and city-feed readers, each its own SSE stream. */
export interface OpenCommand {
  type: 'open';
  url: string;
  petition: { body: string; count: number };
  feed: { body: string; count: number };
  /** Streams being opened at once. */
  concurrency: number;
}

/** Waits until every stream has what the run produced (or the time is up), then closes them and reports. */
export interface SettleCommand {
  type: 'settle';
  finalCount: number;
  published: string[];
  timeoutMs: number;
}

export type PoolCommand = OpenCommand | SettleCommand;

export interface PoolRecords {
  petition: StreamRecord<PetitionDelivery>[];
  feed: StreamRecord<FeedDelivery>[];
  /** Whether every stream had what it should before the time was up. */
  settled: boolean;
}

export type PoolReply = { type: 'opened' } | { type: 'failed'; error: string } | ({ type: 'records' } & PoolRecords);

/**
 * A load process holding subscriptions (`subscriber-process.ts`, built): a child of its
 * own, so its parsing does not delay the signers' clocks nor share their CPU time, and so
 * its CPU can be read on its own.
 */
export class SubscriberProcess {
  private readonly child: ChildProcess;
  private waiting: ((reply: PoolReply) => void) | undefined;
  private exited: string | undefined;

  constructor(root: string) {
    // Its own numbers of sockets and its own heap: a thousand streams' records stay in it until asked for.
    this.child = fork(join(root, 'dist/bench/live/subscriber-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    // One command at a time, each answered by one reply.
    this.child.on('message', (reply: PoolReply) => {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve?.(reply);
    });
    this.child.once('exit', (code, signal) => {
      this.exited = `a subscriber process exited (${code ?? signal})`;
      this.waiting?.({ type: 'failed', error: this.exited });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Opens its streams; resolves once each has started. */
  async open(command: Omit<OpenCommand, 'type'>): Promise<void> {
    const reply = await this.ask({ type: 'open', ...command });
    if (reply.type !== 'opened') throw new Error(reply.type === 'failed' ? reply.error : `unexpected ${reply.type}`);
  }

  async settle(command: Omit<SettleCommand, 'type'>): Promise<PoolRecords> {
    const reply = await this.ask({ type: 'settle', ...command });
    if (reply.type !== 'records') throw new Error(reply.type === 'failed' ? reply.error : `unexpected ${reply.type}`);
    return reply;
  }

  /** Ends it (and with it any stream still open). */
  async stop(): Promise<void> {
    if (this.exited !== undefined || this.child.exitCode !== null) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await gone;
  }

  private ask(command: PoolCommand): Promise<PoolReply> {
    if (this.exited !== undefined) return Promise.resolve({ type: 'failed', error: this.exited });
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.child.send(command);
    });
  }
}
