import { unlinkSync } from 'node:fs';
import { createMarkerFile } from '../file-system';
import { say } from '../messages';
import { STOPPING_SIGNALS } from '../signals';
import { hostname } from 'node:os';
import { isMainThread, threadId } from './thread';
import { partFile as partFileIn, runningMarker } from '../profile/parts';
import { writePart } from '../profile/write';
import { trackAsyncParents } from './async-parents';
import { clock, clockOriginEpochMs, scheduleImmediate } from './intrinsics';
import type { Recorder } from './recorder';
import { snapshotProfile } from './snapshot';
import type { Profile } from '../profile/types';

export interface SessionOptions {
  /** Directory where every process and thread writes its part of the profile. */
  partsDirectory: string;
  command: string[];
  startedAt: string;
  /** Also write a snapshot this often (0 = only at the end), so even SIGKILL loses little. */
  flushIntervalMs: number;
  /** Cap on calling contexts (`--max-contexts`); beyond it new paths are counted under the root. */
  maxContexts?: number;
  /** Whether continuations record the context that scheduled them (`--no-async-parents` turns it off); absent = they do. */
  asyncParents?: boolean;
  /** Time this process spent at its start waiting for tsprof's options (loader/config.ts): left out of its wall time, from its start. */
  waitedMs?: number;
  /**
   * Takes this process's final part (and each later one, which replaces it) instead of the parts
   * directory: the process that merges the profile itself (tsprof/register's first process) has
   * no need to write its part, read it back and check it again. Periodic snapshots are written.
   */
  keepFinalPart?: (part: Profile) => void;
}

/** Taken when the preload loads: at exit the program may have replaced fs's functions (mock-fs). */
const unlink = unlinkSync;

/** Removes a file if it is there (no snapshot written, a marker gone already: nothing to do); never throws. */
function removeFile(file: string): void {
  try {
    unlink(file);
  } catch {
    // Not there.
  }
}

/**
 * Makes sure this process's part is written however it ends: normal exit,
 * process.exit(), uncaught exception, unhandled rejection (all emit 'exit'),
 * and terminating signals the program does not handle itself.
 */
export function startSession(recorder: Recorder, options: SessionOptions): () => void {
  // The program's time starts here. Whatever came between the recorder's making (runtime.ts) and now
  // is tsprof's: the root's self time, like the process's wall time, leaves it out. (When the
  // recorder was made as the preload loaded, a command that waited 30 ms for its options, loader/
  // config.ts, had a root self time 30 ms above its wall time.)
  if (recorder.current === recorder.root) recorder.root.start = recorder.root.resumedAt = recorder.now();
  if (options.maxContexts !== undefined && options.maxContexts > 0) recorder.contexts.limit = options.maxContexts;
  // Only in a process that runs instrumented code: before that no call can schedule anything, and
  // Node's promise hooks slow every promise of a process that loads no included file (a broker child).
  if (options.asyncParents !== false) recorder.onFirstFile = () => trackAsyncParents(recorder);
  const partFile = partFileIn(options.partsDirectory, process.pid, threadId);
  const argv = [...process.argv];
  const host = hostname();
  // The process's span starts when it had its options: a wait for them is tsprof's time, not the program's.
  const waitedMs = options.waitedMs ?? 0;
  const timeOriginMs = clockOriginEpochMs() + waitedMs;
  const flush = (periodic = false): void => {
    try {
      const profile = snapshotProfile(recorder, {
        pid: process.pid,
        threadId,
        host,
        argv,
        command: options.command,
        startedAt: options.startedAt,
        wallMs: clock() - waitedMs,
        timeOriginMs,
        snapshot: periodic,
      });
      // A process that ran no included file has nothing to say, unless it handled or published followed messages.
      if (profile.files.length === 0 && !(profile.flows && profile.flows.length > 0)) return;
      if (options.keepFinalPart && !periodic) {
        options.keepFinalPart(profile);
        // It replaces a snapshot written earlier (a signal the program handles), as a written part would.
        removeFile(partFile);
      } else writePart(partFile, profile);
    } catch (error) {
      say(`could not write profile part ${partFile}: ${(error as Error).message}`);
    }
  };

  const ended = isMainThread ? markRunning(options.partsDirectory) : noop;
  process.on('exit', () => {
    flush();
    ended();
  });
  if (isMainThread) {
    const own = new Set<(...args: unknown[]) => void>();
    hideFromListeners(own);
    for (const signal of STOPPING_SIGNALS) {
      const onSignal = (): void => {
        // When the program listens too, it decides, and its exit will flush; a snapshot now keeps
        // what ran so far should its shutdown be cut short (--kill-after, a supervisor's SIGKILL).
        if (process.listenerCount(signal) > 1) {
          flush(true);
          return;
        }
        flush();
        ended();
        process.removeListener(signal, onSignal);
        own.delete(onSignal);
        process.kill(process.pid, signal);
      };
      own.add(onSignal);
      process.on(signal, onSignal);
    }
    giveLastTurnForSignals();
  }
  if (options.flushIntervalMs > 0) setInterval(() => flush(true), options.flushIntervalMs).unref();
  return () => flush();
}

/**
 * `process.listeners(signal)` as the program would see it without tsprof:
 * signal-exit (under npm, execa, write-file-atomic, …) re-raises a signal only
 * when its own listeners are all there are, so with tsprof's counted the
 * program would outlive SIGTERM. tsx's preflight hides its handler the same
 * way. `listenerCount` stays true: Node's own signal handling reads it.
 */
function hideFromListeners(own: Set<(...args: unknown[]) => void>): void {
  const listeners = process.listeners;
  process.listeners = function (this: NodeJS.Process, ...args: Parameters<NodeJS.Process['listeners']>) {
    return Reflect.apply(listeners, this, args).filter((listener) => !own.has(listener as (...args: unknown[]) => void));
  } as NodeJS.Process['listeners'];
}

/**
 * Node reads a signal on a later turn of the event loop, so once a listener exists
 * (tsprof's, above), a signal the program sends itself as its last act is dropped
 * and the program exits 0 where without tsprof the signal ended it. When the loop is
 * about to end, the terminating signals are tsprof's alone and nobody else listens
 * for 'beforeExit', one more turn lets such a signal arrive; the second 'beforeExit'
 * that follows when none was pending is seen by tsprof only.
 */
function giveLastTurnForSignals(): void {
  let turnGiven = false;
  process.on('beforeExit', () => {
    if (turnGiven) {
      turnGiven = false;
      return;
    }
    if (process.listenerCount('beforeExit') !== 1) return;
    for (const signal of STOPPING_SIGNALS) if (process.listenerCount(signal) !== 1) return;
    turnGiven = true;
    scheduleImmediate(noop);
  });
}

function noop(): void {}

/**
 * Leaves `<pid>.running` in the parts directory until the process has written
 * its last part (see profile/parts.ts); returns what removes it (a second
 * ending finds it gone; tsprof only waits for markers of live processes anyway).
 */
function markRunning(partsDirectory: string): () => void {
  const marker = runningMarker(partsDirectory, process.pid);
  try {
    createMarkerFile(marker);
  } catch {
    return noop;
  }
  return () => removeFile(marker);
}
