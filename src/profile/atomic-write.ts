import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `contents` to `file` so that readers see either the old file or the
 * complete new one, never a torn write: write a temp file beside it, then rename.
 * Synchronous on purpose: it also runs inside process 'exit' handlers.
 */
export function writeFileAtomic(file: string, contents: string | Uint8Array): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  let descriptor = -1;
  try {
    descriptor = openSync(temporary, 'w');
    writeSync(descriptor, typeof contents === 'string' ? Buffer.from(contents) : contents);
    fsyncSync(descriptor);
    closeSync(descriptor);
    descriptor = -1;
    renameSync(temporary, file);
  } catch (error) {
    if (descriptor >= 0) closeSync(descriptor);
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was created
    }
    throw error;
  }
}
