import { appendFileSync } from 'node:fs';
import { sayOnce } from '../../messages';
import { uninstrumentedNote } from '../../profile/parts';

/**
 * A test runner whose module system tsprof cannot hook runs its tests
 * uninstrumented: one line says why, and a note in the run's parts directory
 * tells `tsprof run`, so that a run in which nothing could be profiled for
 * that reason ends as the tests did (a passing suite stays passing) instead of
 * as an include that matched nothing.
 */

let notesDirectory: string | null = null;

/** Called once by the preload with the run's parts directory. */
export function keepUninstrumentedNotesIn(directory: string): void {
  notesDirectory = directory;
}

export function runsUninstrumented(key: string, message: string): void {
  sayOnce(key, message);
  if (notesDirectory === null) return;
  try {
    appendFileSync(uninstrumentedNote(notesDirectory, process.pid), `${message}\n`);
  } catch {
    // The line on stderr is what the user sees; without the note tsprof reports the empty include.
  }
}
