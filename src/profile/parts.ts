import { mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileWriteError } from '../file-system';

/**
 * The parts directory of one `tsprof run`: every profiled process and thread
 * writes its part there as `<pid>-<threadId>.json` (read by read.ts's
 * readParts), and every profiled process keeps `<pid>.running` there from its
 * start until its last part is written, so that tsprof can wait for the
 * processes the command started that outlive it (cluster workers after their
 * primary exits) instead of merging without them.
 */

/** A new, empty parts directory in the temp directory, for one run. */
export function newPartsDirectory(): string {
  try {
    return mkdtempSync(join(tmpdir(), 'tsprof-parts-'));
  } catch (error) {
    throw new FileWriteError(`cannot make a directory in ${tmpdir()} for the processes' parts of the profile (${(error as NodeJS.ErrnoException).code ?? String(error)}); set TMPDIR to a writable directory`, 2, { cause: error });
  }
}

/**
 * A parts directory, gone, whatever it holds; never throws (what cannot be removed is left in the
 * temp directory for the OS). It holds files only: they are removed one by one, and Node's
 * recursive removal, which loads a module of its own (1-2 ms of a process here, at its end), only
 * where that did not empty it: a process still writing a part into it, a file that came back.
 */
export function removePartsDirectory(directory: string): void {
  try {
    for (const name of readdirSync(directory)) unlinkSync(join(directory, name));
    rmdirSync(directory);
  } catch {
    try {
      rmSync(directory, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
    } catch {
      // Left for the OS to clean.
    }
  }
}

/** Where a command started before tsprof had read its options finds its configuration (loader/config.ts): a dot file, which no reader of parts takes for one. */
export function deferredConfigFile(directory: string): string {
  return join(directory, '.config.json');
}

export function partFile(directory: string, pid: number, threadId: number): string {
  return join(directory, `${pid}-${threadId}.json`);
}

const RUNNING = '.running';

export function runningMarker(directory: string, pid: number): string {
  return join(directory, `${pid}${RUNNING}`);
}

/** The pids whose marker is still there: started, last part not yet written. */
export function markedRunning(directory: string): number[] {
  return filesEndingWith(directory, RUNNING)
    .map((name) => name.slice(0, -RUNNING.length))
    .filter((pid) => /^\d+$/.test(pid))
    .map(Number);
}

/** The names in the parts directory that end with `suffix`; none when it cannot be read. */
function filesEndingWith(directory: string, suffix: string): string[] {
  try {
    return readdirSync(directory).filter((name) => name.endsWith(suffix));
  } catch {
    return [];
  }
}

const UNINSTRUMENTED = '.uninstrumented';

/**
 * `<pid>.uninstrumented`: lines a process writes when code it runs could not
 * be instrumented for a reason tsprof knows (a test runner it cannot hook), so
 * that a run in which nothing was profiled for that reason is told apart from
 * an include that matched nothing.
 */
export function uninstrumentedNote(directory: string, pid: number): string {
  return join(directory, `${pid}${UNINSTRUMENTED}`);
}

/** Every line of every process's uninstrumented note, in no particular order. */
export function uninstrumentedNotes(directory: string): string[] {
  return filesEndingWith(directory, UNINSTRUMENTED).flatMap((name) => {
    try {
      return readFileSync(join(directory, name), 'utf8').split('\n').filter((line) => line !== '');
    } catch {
      return [];
    }
  });
}
