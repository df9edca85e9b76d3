import { spawn, type ChildProcess } from 'node:child_process';
import { UserError } from './errors';

/**
 * The profiled command's process, spawned with tsprof's stdio and its end
 * listened for at once: a command started before tsprof has read its options
 * (early-command.ts) may fail to start or end before anyone awaits it, and
 * neither may go unheard. supervised-command.ts supervises it from there.
 */
export interface StartedCommand {
  command: string[];
  child: ChildProcess;
  /** How it ended; rejects with a UserError when it could not start. */
  ended: Promise<CommandEnd>;
}

export interface CommandEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function startCommand(command: string[], environment: NodeJS.ProcessEnv): StartedCommand {
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: environment });
  const ended = new Promise<CommandEnd>((resolvePromise, rejectPromise) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ENOENT' ? 'command not found' : error.code === 'EACCES' ? 'permission denied' : error.message;
      rejectPromise(new UserError(`cannot run ${command[0]}: ${reason}`, error.code === 'ENOENT' ? 127 : 126));
    });
    child.once('exit', (code, signal) => resolvePromise({ code, signal }));
  });
  // Awaited later (supervised-command.ts), or never when tsprof stops first: a failure to start is not unhandled meanwhile.
  ended.catch(() => undefined);
  return { command, child, ended };
}
