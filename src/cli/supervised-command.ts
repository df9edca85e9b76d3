import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { constants } from 'node:os';
import { markedRunning } from '../profile/parts';
import { counted } from '../render/format';
import { clock } from '../runtime/intrinsics';
import { STOPPING_SIGNALS } from '../signals';
import { startCommand, type StartedCommand } from './command-process';
import { UserError } from './errors';
import { isAlive, parentPid, pidList, processesWithEnvironment, signalEach } from './processes';

/**
 * The profiled command from start to end: spawned with inherited stdio,
 * signals to tsprof passed on, stopped by --duration and --kill-after, and
 * waited for with the processes it started that outlive it. tsprof then ends
 * the way the command did (endLikeTheCommand).
 */

export interface CommandOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  /** --duration's SIGTERM was sent. */
  stoppedByDuration: boolean;
  /** Processes the command started still running when tsprof stopped waiting: not in the profile, and they may still write a part. */
  left: number[];
}

export interface Supervision {
  /** The run's parts directory: in the environment of every process the command starts, and where each marks itself running (profile/parts.ts). */
  partsDirectory: string;
  /** --duration: SIGTERM to the command's processes after this long (0 = never). */
  durationMs: number;
  /** --kill-after: SIGKILL to those still running this long after the SIGTERM (0 = never). */
  killAfterMs: number;
  say: (message: string) => void;
}

/** Supervises the command from here on: `command` is spawned now, or was before (early-command.ts) and runs from now on. */
export async function runSupervised(command: StartedCommand | { command: string[]; environment: NodeJS.ProcessEnv }, supervision: Supervision): Promise<CommandOutcome> {
  const started = 'child' in command ? command : startCommand(command.command, command.environment);
  const { child } = started;
  forwardSignals(child);
  const stopping = scheduleStop(child, supervision);
  try {
    const { code, signal } = await started.ended.catch((error: NodeJS.ErrnoException) => {
      throw cannotStart(started.command, error);
    });
    const wallMs = clock() - started.spawnedAtMs;
    const left = await waitForProcessesLeft(supervision, stopping);
    return { code, signal, wallMs, stoppedByDuration: stopping.stopped(), left };
  } finally {
    stopping.cancel();
  }
}

function cannotStart(command: string[], error: NodeJS.ErrnoException): UserError {
  const reason = error.code === 'ENOENT' ? 'command not found' : error.code === 'EACCES' ? 'permission denied' : error.message;
  return new UserError(`cannot run ${command[0]}: ${reason}`, error.code === 'ENOENT' ? 127 : 126);
}

/**
 * Whether this process has a controlling terminal, whose Ctrl-C sends SIGINT
 * to the whole foreground process group, the command included: then SIGINT is
 * not passed on, or the command would get it twice (programs that force-quit
 * on a second Ctrl-C would). Stdin alone does not tell: `tsprof … < file` in a
 * terminal still gets Ctrl-C. bin/tsprof.js asks the same question.
 */
function hasControllingTerminal(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'r'));
    return true;
  } catch {
    return false;
  }
}

/**
 * The command stays in tsprof's process group: a terminal's Ctrl-C reaches it
 * once, from the terminal, and whoever stops tsprof's group (a CI job's
 * timeout, `kill -- -<pgid>`) stops the command with it, as without tsprof.
 * Signals sent to tsprof alone are passed on to the command.
 */
function forwardSignals(child: ChildProcess): void {
  // Started early (early-command.ts), it may have failed to start or ended already.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const inTerminal = hasControllingTerminal();
  const forward = (signal: NodeJS.Signals): void => {
    if (signal === 'SIGINT' && inTerminal) return;
    child.kill(signal);
  };
  const stopForwarding = (): void => {
    for (const signal of STOPPING_SIGNALS) process.removeListener(signal, forward);
  };
  for (const signal of STOPPING_SIGNALS) process.on(signal, forward);
  child.once('exit', stopForwarding).once('error', stopForwarding);
}

interface Stop {
  /** --duration's SIGTERM has been sent. */
  stopped: () => boolean;
  /** --kill-after's SIGKILL is still to come. */
  killPending: () => boolean;
  cancel: () => void;
}

/**
 * --duration stops a consumer the way a deployment stops it, SIGTERM and,
 * when that has not ended it killAfterMs later, SIGKILL (as `timeout
 * --kill-after` does), and it stops all of the command: what a wrapper (npx,
 * tsx, npm, sh) runs too. The SIGTERM goes to the command's process, and on
 * to each process of the run whose parent is not one (found through /proc,
 * Linux): a wrapper that relays it (npm, tsx) passes it to its child, which so
 * gets it once, not twice (a second SIGTERM may force-quit a graceful
 * shutdown, and tsx, which relays unless its child reports the signal within
 * 30 ms, SIGKILLs a child that does not report the relayed one in 30 ms more);
 * one that dies of it without relaying (sh) leaves its children without a
 * parent of the run, and they get it next. The SIGKILL goes to every process
 * of the run at once.
 */
function scheduleStop(child: ChildProcess, { partsDirectory, durationMs, killAfterMs, say }: Supervision): Stop {
  let stopped = false;
  let killTimer: NodeJS.Timeout | null = null;
  let carryTimer: NodeJS.Timeout | null = null;
  const isRunning = (): boolean => child.exitCode === null && child.signalCode === null;
  const terminated = new Set<number>();
  const terminateTopmost = (): void => {
    if (child.pid !== undefined && !terminated.has(child.pid) && isRunning()) child.kill('SIGTERM');
    if (child.pid !== undefined) terminated.add(child.pid);
    const run = new Set((processesWithEnvironment(partsDirectory) ?? []).filter(isAlive));
    const topmost = [...run].filter((pid) => !terminated.has(pid) && !run.has(parentPid(pid) ?? -1));
    signalEach(topmost, 'SIGTERM');
    for (const pid of topmost) terminated.add(pid);
  };
  const stopTimer =
    durationMs > 0
      ? setTimeout(() => {
          stopped = true;
          terminateTopmost();
          carryTimer = setInterval(terminateTopmost, CARRY_INTERVAL_MS);
          if (killAfterMs <= 0) return;
          killTimer = setTimeout(() => {
            killTimer = null;
            if (carryTimer) clearInterval(carryTimer);
            const run = (processesWithEnvironment(partsDirectory) ?? []).filter(isAlive);
            if (run.length === 0 && !isRunning()) return;
            say(`the command has not ended ${killAfterMs / 1000} s after --duration's SIGTERM; killing it (--kill-after)`);
            if (isRunning()) child.kill('SIGKILL');
            signalEach(run, 'SIGKILL');
          }, killAfterMs);
        }, durationMs)
      : null;
  return {
    stopped: () => stopped,
    killPending: () => killTimer !== null,
    cancel: () => {
      for (const timer of [stopTimer, killTimer]) if (timer) clearTimeout(timer);
      if (carryTimer) clearInterval(carryTimer);
    },
  };
}

/** How often --duration's SIGTERM is carried on to processes whose parent has ended. */
const CARRY_INTERVAL_MS = 50;

/** How long tsprof waits for processes the command started that are still ending after it. */
const PROCESSES_LEFT_WAIT_MS = 10_000;

/**
 * How long a process that has the run's settings but has not marked itself
 * running (not yet at tsprof's preload) counts as one to wait for: a Node
 * process reaches the preload well within it; a daemon that is not Node
 * (watchman started by jest, a git credential cache) never does.
 */
const UNMARKED_WAIT_MS = 2_000;

/**
 * The command's process may end before processes it started: cluster workers
 * end after their primary, when the IPC channel closes; what a wrapper (npx,
 * sh) ran outlives the wrapper when --duration stopped both. tsprof waits for
 * those still alive, for a while (and, when --kill-after is still to come,
 * until it has come) rather than merge without them; one that outlives the
 * wait is named and left out, and a signal to tsprof (Ctrl-C) ends the wait
 * at once. They are the processes that marked themselves running and have not
 * yet written their last part (profile/parts.ts); on Linux only those whose
 * environment holds this run's parts directory (a reused pid is not mistaken
 * for one), and for a short while also those with that environment and no
 * mark yet (a worker forked but not yet at the preload).
 */
async function waitForProcessesLeft({ partsDirectory, say }: Supervision, stopping: Stop): Promise<number[]> {
  const started = Date.now();
  let told = false;
  let listening = false;
  let interrupted = false;
  const interrupt = (): void => {
    interrupted = true;
  };
  try {
    for (;;) {
      const waited = Date.now() - started;
      const environment = processesWithEnvironment(partsDirectory);
      const marked = markedRunning(partsDirectory).filter((pid) => (environment ? environment.includes(pid) : true));
      const unmarked = waited < UNMARKED_WAIT_MS && environment ? environment.filter((pid) => !marked.includes(pid)) : [];
      const left = [...marked, ...unmarked].filter(isAlive);
      if (left.length === 0) return [];
      if (!listening) {
        for (const signal of STOPPING_SIGNALS) process.on(signal, interrupt);
        listening = true;
      }
      if ((waited >= PROCESSES_LEFT_WAIT_MS && !stopping.killPending()) || interrupted) {
        say(`${counted(left.length, 'process', 'processes')} the command started still running${interrupted ? '' : ` after ${PROCESSES_LEFT_WAIT_MS / 1000} s`} (pid ${pidList(left)}): not in the profile`);
        return left;
      }
      if (!told && waited >= 1000) {
        say(`waiting for ${counted(left.length, 'process', 'processes')} the command started to end and write ${left.length === 1 ? 'its profile' : 'their profiles'} (pid ${pidList(left)})`);
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    for (const signal of STOPPING_SIGNALS) process.removeListener(signal, interrupt);
  }
}

const SIGTERM_EXIT_CODE = 128 + constants.signals.SIGTERM;

/**
 * The command ended as asked: by itself with 0, or by --duration's SIGTERM,
 * which a wrapper (npx, tsx) reports as a shell does, 128 + its number.
 */
export function endedAsAsked(outcome: CommandOutcome): boolean {
  if (outcome.stoppedByDuration && (outcome.signal === 'SIGTERM' || outcome.code === SIGTERM_EXIT_CODE)) return true;
  return outcome.signal === null && outcome.code === 0;
}

const NOT_RAISED_AGAIN: NodeJS.Signals[] = ['SIGPIPE', 'SIGUSR1'];

/** Ends tsprof the way the command ended: same exit code, or the same signal; 0 when --duration stopped it. */
export function endLikeTheCommand(outcome: CommandOutcome, fallbackCode: number): void {
  if (endedAsAsked(outcome)) {
    process.exitCode = 0;
    return;
  }
  if (outcome.signal) {
    // As a shell reports such a death: 128 + the signal's number. That is all
    // for the signals Node does not die by: it ignores SIGPIPE, and SIGUSR1
    // opens its debugger. bin/tsprof.js ends the same way.
    process.exitCode = 128 + (constants.signals[outcome.signal] ?? 0);
    if (!NOT_RAISED_AGAIN.includes(outcome.signal)) process.kill(process.pid, outcome.signal);
    return;
  }
  process.exitCode = outcome.code ?? fallbackCode;
}
