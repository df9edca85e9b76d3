import { spawn, type ChildProcess } from 'node:child_process';
import { clock } from '../runtime/intrinsics';

/**
 * The profiled command's process, spawned with tsprof's stdio and its end
 * listened for at once: a command started before tsprof has read its options
 * (early-command.ts) may fail to start or end before anyone awaits it, and
 * neither may go unheard. supervised-command.ts supervises it from there and
 * says what a failure to start means (early-command.ts is a bundle of its
 * own, so the errors the CLI recognises are not made here).
 */
export interface StartedCommand {
  command: string[];
  child: ChildProcess;
  /** The clock (runtime/intrinsics.ts) when it was spawned: its wall time counts from there. Not performance.now, whose first read loads perf_hooks (~1 ms) before the command starts. */
  spawnedAtMs: number;
  /** How it ended; rejects with spawn's error when it could not start. */
  ended: Promise<CommandEnd>;
}

export interface CommandEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function startCommand(command: string[], environment: NodeJS.ProcessEnv): StartedCommand {
  const spawnedAtMs = clock();
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: environment });
  const ended = new Promise<CommandEnd>((resolvePromise, rejectPromise) => {
    child.once('error', rejectPromise);
    child.once('exit', (code, signal) => resolvePromise({ code, signal }));
  });
  // Awaited later (supervised-command.ts), or never when tsprof stops first: a failure to start is not unhandled meanwhile.
  ended.catch(() => undefined);
  return { command, child, spawnedAtMs, ended };
}
