import { TsprofError } from './errors';
import { accessSync, closeSync, constants, fsync, fsyncSync, lstatSync, mkdirSync, openSync, readlinkSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The one place tsprof writes files from: outputs, profile parts and the
 * transform cache. A leaf module (it imports nothing of tsprof) so every stage
 * may use it. Synchronous on purpose, since profile parts are written inside
 * process 'exit' handlers, but for the wait for the disk where a caller has
 * other work meanwhile (writeFileAtomicFlushingAside).
 */

/** A file cannot be written; the message is one line that says what to do. */
export class FileWriteError extends TsprofError {
  override name = 'FileWriteError';
}

const MAX_SYMLINK_HOPS = 40;

/**
 * The path a write to `file` must land on: symbolic links are followed to
 * their target (which may not exist yet), so a link keeps pointing at what it
 * pointed at and the target gets the new contents.
 */
export function writeTarget(file: string): string {
  let current = resolve(file);
  for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop++) {
    let link: Stats;
    try {
      link = lstatSync(current);
    } catch {
      return current;
    }
    if (!link.isSymbolicLink()) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new FileWriteError(`cannot write ${file}: too many levels of symbolic links`);
}

/** What kind of existing file `stats` is, for messages; null for a regular file. */
function notRegularKind(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Throws unless `target` (already through its links) is missing or a regular
 * file: tsprof replaces its own outputs, never a device, pipe, socket or directory.
 */
export function checkReplaceable(file: string, target: string, what = ''): void {
  let stats: Stats;
  try {
    stats = statSync(target);
  } catch {
    return;
  }
  const kind = notRegularKind(stats);
  if (kind) {
    const through = target === resolve(file) ? '' : ` (through a link to ${target})`;
    throw new FileWriteError(`cannot write ${what}${file}: it is ${kind}${through}, not a regular file; choose a file path`);
  }
}

/**
 * `mkdir -p`, one level at a time: Node 20's recursive mkdir spins forever on
 * paths under /proc and similar, where the parent exists but refuses children.
 * Returns the directories it made, outermost first.
 */
export function makeDirectories(directory: string): string[] {
  const missing: string[] = [];
  for (let current = resolve(directory); ; current = dirname(current)) {
    let stats: Stats | null = null;
    try {
      stats = statSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(current) === current) throw error;
    }
    if (stats) {
      if (!stats.isDirectory()) throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(current);
  }
  const created: string[] = [];
  for (const level of missing) {
    try {
      mkdirSync(level);
      created.push(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return created;
}

function errorCode(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}

/**
 * Checks, before any work is done, that `file` can be written: its directory
 * can be made and is writable — missing directories are created for the check
 * and removed again, and made for good when the file is written, so a run
 * that writes nothing leaves no empty directory behind — and the file is
 * missing or a regular file (links followed). `what` names it in the message
 * ("output").
 */
export function checkWritableFile(file: string, what: string): void {
  const target = writeTarget(file);
  const directory = dirname(target);
  let created: string[] = [];
  try {
    created = makeDirectories(directory);
    accessSync(directory, constants.W_OK);
  } catch (error) {
    throw new FileWriteError(`cannot write ${what} ${file}: ${directory} is not writable (${errorCode(error)}); choose another path`);
  } finally {
    for (const level of created.reverse()) {
      try {
        rmdirSync(level);
      } catch {
        // Someone else put something there meanwhile: theirs now.
      }
    }
  }
  checkReplaceable(file, target, `${what} `);
}

/**
 * Writes `contents` to `file` so that readers see either the old file or the
 * complete new one, never a torn write: a temp file beside the target, then
 * rename. Symbolic links are written through; devices, pipes and sockets are
 * refused rather than replaced. `makeDirectories`: the user's outputs, whose
 * missing directories checkWritableFile checked and removed again; never for
 * a profile part, whose directory gone means its run has ended. `durable`
 * (the default) flushes the contents to disk before the rename, so that a
 * crash of the machine leaves the old file or the new one; files tsprof reads
 * back itself and can do without (profile parts, transform cache entries,
 * which a damaged read only turns into a miss) skip it: about 1.6 ms a file
 * here, more than transforming a small one.
 */
export function writeFileAtomic(file: string, contents: string | Uint8Array, { makeDirectories: makeMissing = false, durable = true } = {}): void {
  const pending = writeTemporary(file, contents, makeMissing);
  try {
    if (durable) fsyncSync(pending.descriptor);
  } catch (error) {
    abandon(pending, error);
  }
  putInPlace(pending);
}

/**
 * writeFileAtomic's durable write, with the wait for the disk's flush (2-15 ms
 * a file on this machine's disk) in libuv's pool instead of the main thread:
 * the contents are in the temp file when this returns, and what cannot be
 * written so far is thrown here, as writeFileAtomic throws it; the promise
 * renames the file into place once the disk has it. For a caller that has
 * work to do meanwhile (`tsprof run` draws its picture while the profile's
 * flush runs) and awaits the promise before it ends.
 */
export function writeFileAtomicFlushingAside(file: string, contents: string | Uint8Array, { makeDirectories: makeMissing = false } = {}): Promise<void> {
  const pending = writeTemporary(file, contents, makeMissing);
  return new Promise<void>((settle, fail) => {
    fsync(pending.descriptor, (error) => {
      try {
        if (error) abandon(pending, error);
        putInPlace(pending);
        settle();
      } catch (failure) {
        fail(failure);
      }
    });
  });
}

/** A write under way: the contents in a temp file beside the target, still open. */
interface PendingWrite {
  file: string;
  target: string;
  temporary: string;
  descriptor: number;
}

function writeTemporary(file: string, contents: string | Uint8Array, makeMissing: boolean): PendingWrite {
  const target = writeTarget(file);
  checkReplaceable(file, target);
  const pending = { file, target, temporary: join(dirname(target), `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`), descriptor: -1 };
  try {
    if (makeMissing) makeDirectories(dirname(target));
    pending.descriptor = openSync(pending.temporary, 'wx', existingMode(target));
    writeSync(pending.descriptor, typeof contents === 'string' ? Buffer.from(contents) : contents);
  } catch (error) {
    abandon(pending, error);
  }
  return pending;
}

function putInPlace(pending: PendingWrite): void {
  try {
    closeSync(pending.descriptor);
    pending.descriptor = -1;
    renameSync(pending.temporary, pending.target);
  } catch (error) {
    abandon(pending, error);
  }
}

/** The temp file gone, and the error as the one line a user reads. */
function abandon(pending: PendingWrite, error: unknown): never {
  if (pending.descriptor >= 0) closeSync(pending.descriptor);
  pending.descriptor = -1;
  try {
    unlinkSync(pending.temporary);
  } catch {
    // nothing was created
  }
  throw new FileWriteError(`cannot write ${pending.file}: ${errorCode(error)}; check the path and free disk space`, 2, { cause: error });
}

/** A replaced file keeps its permissions; a new one gets the usual 0666 & ~umask. */
function existingMode(target: string): number {
  try {
    return statSync(target).mode & 0o7777;
  } catch {
    return 0o666;
  }
}

/** An empty file whose presence is the message (a process's running marker); nothing reads its bytes, so no atomic rename. */
export function createMarkerFile(file: string): void {
  writeFileSync(file, '');
}
