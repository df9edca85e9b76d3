import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { UserError } from './errors';

export interface CommandOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
}

const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

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
 * `--duration`: stop the command with SIGTERM after durationMs (0 = never),
 * and with SIGKILL killAfterMs later (0 = never) if it is still running, and
 * then its descendants too (`npm start` dies, the node it started would not).
 */
export interface Stopping {
  durationMs: number;
  killAfterMs: number;
  say: (message: string) => void;
  descendants: () => number[];
}

const NO_STOPPING: Stopping = { durationMs: 0, killAfterMs: 0, say: () => undefined, descendants: () => [] };

/**
 * Runs the profiled command with inherited stdio and waits for it. Signals sent
 * to tsprof are passed on, and tsprof itself stays alive until the command has
 * ended and written its profile. In a terminal, Ctrl-C already reaches the whole
 * process group, so SIGINT is not sent a second time there.
 */
export function runCommand(command: string[], environment: NodeJS.ProcessEnv, stopping: Stopping = NO_STOPPING): Promise<CommandOutcome> {
  const started = performance.now();
  return new Promise((resolvePromise, rejectPromise) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: environment });
    const inTerminal = hasControllingTerminal();
    const forward = (signal: NodeJS.Signals): void => {
      if (signal === 'SIGINT' && inTerminal) return;
      child.kill(signal);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    // --duration: a long-running consumer is stopped the way a deployment stops it, SIGTERM and,
    // when its handler does not end it, SIGKILL (as `timeout --kill-after` does).
    let killTimer: NodeJS.Timeout | null = null;
    const stopTimer =
      stopping.durationMs > 0
        ? setTimeout(() => {
            child.kill('SIGTERM');
            if (stopping.killAfterMs <= 0) return;
            killTimer = setTimeout(() => {
              stopping.say(`the command has not ended ${stopping.killAfterMs / 1000} s after --duration's SIGTERM; killing it (--kill-after)`);
              const others = stopping.descendants().filter((pid) => pid !== child.pid);
              child.kill('SIGKILL');
              for (const pid of others) {
                try {
                  process.kill(pid, 'SIGKILL');
                } catch {
                  // Ended meanwhile.
                }
              }
            }, stopping.killAfterMs);
          }, stopping.durationMs)
        : null;
    const stopForwarding = (): void => {
      if (stopTimer) clearTimeout(stopTimer);
      if (killTimer) clearTimeout(killTimer);
      for (const signal of FORWARDED_SIGNALS) process.removeListener(signal, forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      stopForwarding();
      const reason = error.code === 'ENOENT' ? 'command not found' : error.code === 'EACCES' ? 'permission denied' : error.message;
      rejectPromise(new UserError(`cannot run ${command[0]}: ${reason}`, error.code === 'ENOENT' ? 127 : 126));
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      resolvePromise({ code, signal, wallMs: performance.now() - started });
    });
  });
}
