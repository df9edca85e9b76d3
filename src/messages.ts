import { writeSync } from 'node:fs';

/**
 * Every message tsprof prints goes through here: one line on stderr,
 * prefixed `tsprof:`, so the program's own output is never mistaken for
 * tsprof's. The write is synchronous: from the ESM hooks thread, or in a
 * process about to exit, an asynchronous write can be lost.
 */
export function say(message: string): void {
  const line = `tsprof: ${message}\n`;
  try {
    writeSync(2, line);
  } catch {
    // A non-blocking stderr pipe that is full (EAGAIN): let the stream queue it.
    process.stderr.write(line);
  }
}

const said = new Set<string>();

/** `say`, once per `key` in this process: a warning that would otherwise repeat for every file or test. */
export function sayOnce(key: string, message: string): void {
  if (said.has(key)) return;
  said.add(key);
  say(message);
}
