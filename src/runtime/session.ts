import { hostname } from 'node:os';
import { join } from 'node:path';
import { threadId, isMainThread } from 'node:worker_threads';
import { writePart } from '../profile/write';
import { clock } from './intrinsics';
import type { Recorder } from './recorder';
import { snapshotProfile } from './snapshot';

export interface SessionOptions {
  /** Directory where every process and thread writes its part of the profile. */
  partsDirectory: string;
  command: string[];
  startedAt: string;
  /** Also write a snapshot this often (0 = only at the end), so even SIGKILL loses little. */
  flushIntervalMs: number;
  /** Cap on calling contexts (`--max-contexts`); beyond it new paths are counted under the root. */
  maxContexts?: number;
}

const TERMINATING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Makes sure this process's part is written however it ends: normal exit,
 * process.exit(), uncaught exception, unhandled rejection (all emit 'exit'),
 * and terminating signals the program does not handle itself.
 */
export function startSession(recorder: Recorder, options: SessionOptions): () => void {
  if (options.maxContexts !== undefined && options.maxContexts > 0) recorder.contexts.limit = options.maxContexts;
  const partFile = join(options.partsDirectory, `${process.pid}-${threadId}.json`);
  const argv = [...process.argv];
  const host = hostname();
  const timeOriginMs = performance.timeOrigin;
  const flush = (periodic = false): void => {
    try {
      const profile = snapshotProfile(recorder, {
        pid: process.pid,
        threadId,
        host,
        argv,
        command: options.command,
        startedAt: options.startedAt,
        wallMs: clock(),
        timeOriginMs,
        snapshot: periodic,
      });
      if (profile.files.length === 0) return;
      writePart(partFile, profile);
    } catch (error) {
      process.stderr.write(`tsprof: could not write profile part ${partFile}: ${(error as Error).message}\n`);
    }
  };

  process.on('exit', () => flush());
  if (isMainThread) {
    for (const signal of TERMINATING_SIGNALS) {
      const onSignal = (): void => {
        // When the program listens too, it decides; its exit will flush.
        if (process.listenerCount(signal) > 1) return;
        flush();
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      };
      process.on(signal, onSignal);
    }
  }
  if (options.flushIntervalMs > 0) setInterval(() => flush(true), options.flushIntervalMs).unref();
  return () => flush();
}
