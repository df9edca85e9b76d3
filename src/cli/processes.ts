import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * What tsprof asks the operating system about the processes of one run. The
 * processes a command starts inherit its environment, which holds the run's
 * parts directory, so on Linux /proc/<pid>/environ names them all: also those
 * whose parent has ended (a wrapper such as npx or sh killed before what it
 * started), and never a reused pid of some other program.
 */

/** A number from a /proc file (the first match of `pattern`'s group, or the whole text); null where it does not say. */
function procNumber(file: string, pattern?: RegExp): number | null {
  try {
    const text = readFileSync(file, 'utf8');
    const value = Number(pattern ? pattern.exec(text)?.[1] : text);
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/** Processes and threads created since boot (/proc/stat's `processes`), across every pid namespace. */
const forksSinceBoot = (): number | null => procNumber('/proc/stat', /^processes (\d+)$/m);

/** When tsprof (this module) started: every pid of a run is handed out after it. */
const FORKS_AT_START = forksSinceBoot();

/** pid_max, read on the first look (the kernel's setting, which a run does not change). */
let pidMax: number | null | undefined;

/** What decides which pids can belong to a run: this process's pid, the newest handed out, how many since this process started, pid_max. */
export interface PidClock {
  own: number;
  newest: number | null;
  forksSinceStart: number | null;
  pidMax: number | null;
}

/**
 * Whether `pid` may have been handed out after this process's own. Pids go up
 * and wrap around at pid_max, so those after ours are above it, or, once the
 * count has wrapped, above it or up to the newest; which is only sure while
 * fewer pids than a lap have been handed out since (every pid counts in
 * /proc/stat's forks; a lap is pid_max less the few kept low, taken as half to
 * be safe). Otherwise, or where /proc does not say, any pid may.
 */
export function mayBeAfterOurs(pid: number, { own, newest, forksSinceStart, pidMax }: PidClock): boolean {
  if (newest === null || forksSinceStart === null || pidMax === null || forksSinceStart >= pidMax / 2) return true;
  return newest >= own ? pid > own && pid <= newest : pid > own || pid <= newest;
}

/** The pid clock now; newest is null when /proc is not this process's pid namespace's. */
function pidClock(): PidClock {
  const forks = forksSinceBoot();
  let newest: number | null = null;
  try {
    if (Number(readlinkSync('/proc/self')) === process.pid) newest = procNumber('/proc/sys/kernel/ns_last_pid');
  } catch {
    // no /proc/self: every pid is read
  }
  return {
    own: process.pid,
    newest,
    forksSinceStart: forks === null || FORKS_AT_START === null ? null : forks - FORKS_AT_START,
    pidMax: pidMax === undefined ? (pidMax = procNumber('/proc/sys/kernel/pid_max')) : pidMax,
  };
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
  const clock = pidClock();
  const wanted = Buffer.from(text);
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid || !mayBeAfterOurs(pid, clock)) continue;
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
