import { readdirSync, readFileSync } from 'node:fs';

/**
 * What tsprof asks the operating system about the processes of one run. The
 * processes a command starts inherit its environment, which holds the run's
 * parts directory, so on Linux /proc/<pid>/environ names them all: also those
 * whose parent has ended (a wrapper such as npx or sh killed before what it
 * started), and never a reused pid of some other program.
 */

/**
 * Linux: the pids whose initial environment holds `text` (compared as bytes: a
 * temp directory may have any name); null where /proc cannot be read.
 */
export function processesWithEnvironment(text: string): number[] | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const wanted = Buffer.from(text);
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`).includes(wanted)) pids.push(Number(entry));
    } catch {
      // Gone, or another user's.
    }
  }
  return pids;
}

/** Alive and not a zombie (Linux: state Z in /proc/<pid>/stat, a process that ended but was not reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // pid (comm) state …: the command name may hold spaces and parentheses, the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true;
  }
}

/** The parent's pid (Linux: /proc/<pid>/stat), or null when the process has gone or /proc cannot be read. */
export function parentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid …
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** Sends `signal` to each pid; one that has ended meanwhile is no error. */
export function signalEach(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Ended meanwhile.
    }
  }
}

/** The first pids of a list, for a message. */
export function pidList(pids: number[]): string {
  return pids.slice(0, 5).join(', ') + (pids.length > 5 ? ', ...' : '');
}
