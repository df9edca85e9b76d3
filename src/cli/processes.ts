import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * What tsprof asks the operating system about the processes of one run. The
 * processes a command starts inherit its environment, which holds the run's
 * parts directory, so on Linux /proc/<pid>/environ names them all: also those
 * whose parent has ended (a wrapper such as npx or sh killed before what it
 * started), and never a reused pid of some other program.
 */

/**
 * The newest pid the kernel has handed out, when /proc is this process's own
 * (pid namespace) and says; null otherwise.
 */
function newestPid(): number | null {
  try {
    if (Number(readlinkSync('/proc/self')) !== process.pid) return null;
    const newest = Number(readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8'));
    return Number.isInteger(newest) && newest > 0 ? newest : null;
  } catch {
    return null;
  }
}

/**
 * Whether `pid` was handed out after this process's own, given the newest:
 * pids go up and wrap around at pid_max, so those after ours are above it, or,
 * once the count has wrapped, above it or up to the newest.
 */
function handedOutAfterOurs(pid: number, newest: number): boolean {
  const own = process.pid;
  return newest >= own ? pid > own && pid <= newest : pid > own || pid <= newest;
}

/**
 * Linux: the pids whose initial environment holds `text` (compared as bytes: a
 * temp directory may have any name); null where /proc cannot be read. Only
 * processes started after this one are looked at (every process of a run is):
 * reading each process's environment costs some 70 µs here, which on a
 * machine running hundreds of processes is tens of milliseconds a look.
 */
export function processesWithEnvironment(text: string): number[] | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const newest = newestPid();
  const wanted = Buffer.from(text);
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid || (newest !== null && !handedOutAfterOurs(pid, newest))) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`).includes(wanted)) pids.push(pid);
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
