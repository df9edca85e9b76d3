import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isAlive } from '../cli/processes';
import { clock } from '../runtime/intrinsics';

/**
 * What the CLI tells every profiled process, through one environment variable
 * so that it reaches child processes and worker threads unchanged.
 */
export interface LoaderConfig {
  /** Absolute paths (files or directories) and absolute glob patterns to instrument. */
  include: string[];
  /** Absolute glob patterns never to instrument. */
  exclude: string[];
  /** Where each process/thread writes its part of the profile. */
  partsDirectory: string;
  command: string[];
  startedAt: string;
  /** Whether child processes are profiled too. */
  children: boolean;
  flushIntervalMs: number;
  /** Cap on calling contexts per process (`--max-contexts`); absent = the runtime's default. */
  maxContexts?: number;
  /** Time about one call in this many of hot short functions (`--sample-hot`, runtime/sampling.ts); absent = every call. */
  sampleHot?: number;
  /** Whether continuations record their async parent (runtime/async-parents.ts); absent = they do. */
  asyncParents?: boolean;
  /**
   * Whether an included file may load as an ES module (es-module-scan.ts);
   * false lets processes skip the off-thread module hooks. Absent = it may.
   */
  esModules?: boolean;
  /** Follow messages from publish to handler (`--flows`, runtime/flows/); absent = no client is patched. */
  flows?: boolean;
}

export const CONFIG_VARIABLE = 'TSPROF_CONFIG';
/** What tsprof/register instruments (register.ts), when no CONFIG_VARIABLE says it already. */
export const REGISTER_INCLUDE_VARIABLE = 'TSPROF_INCLUDE';
/** Set only while the main thread registers the ESM hooks, so the hooks thread can tell it is one. */
export const HOOKS_THREAD_VARIABLE = 'TSPROF_HOOKS_THREAD';

export function encodeConfig(config: LoaderConfig): string {
  return JSON.stringify(config);
}

export function readConfig(environment: NodeJS.ProcessEnv): LoaderConfig | null {
  const text = environment[CONFIG_VARIABLE]?.startsWith(DEFERRED_MARK) ? settleDeferredConfig(environment) : environment[CONFIG_VARIABLE];
  if (!text) return null;
  try {
    return JSON.parse(text) as LoaderConfig;
  } catch {
    return null;
  }
}

/**
 * A command that `tsprof run` starts while it is still reading its own
 * options (cli/early-command.ts) is told where its configuration will be
 * rather than what it is: `@<pid of tsprof>:<file>`. JSON never starts with @.
 * The configuration's first reader in that process waits for the file (written
 * whole, by a rename) and puts what it holds into the variable, so that the
 * processes and threads the command starts inherit the configuration itself.
 */
const DEFERRED_MARK = '@';
/** How long the command sleeps between looks for its configuration; tsprof usually has written it before the command asks. */
const DEFERRED_POLL_MS = 2;

export function deferredConfig(tsprofPid: number, file: string): string {
  return `${DEFERRED_MARK}${tsprofPid}:${file}`;
}

/** How long this process waited for its deferred configuration: time that is tsprof's, not the program's (runtime/session.ts leaves it out). */
let waitedForConfigMs = 0;

export function timeWaitedForConfig(): number {
  return waitedForConfigMs;
}

/**
 * The deferred configuration, once tsprof has written it. tsprof writes it
 * when its options are good; while it has not, the command waits, its own
 * code not yet started. When the options are refused tsprof kills the command
 * and removes the file's directory, and when tsprof is gone (killed while
 * reading its options) nobody will write it: either way the command ends
 * before any code of its own has run, as it would never have started without
 * the early start; it says why only in the second case, as the first is
 * tsprof's own doing, said by tsprof. tsprof is looked for by its pid, not as
 * this process's parent: a `node` that is a wrapper (a version manager's shim,
 * `node --watch`) starts the real one as its child. A tsprof that ended but
 * is not yet reaped (a zombie) counts as gone, as the supervision counts it.
 */
function settleDeferredConfig(environment: NodeJS.ProcessEnv): string {
  const value = environment[CONFIG_VARIABLE] ?? '';
  const separator = value.indexOf(':');
  const tsprofPid = Number(value.slice(DEFERRED_MARK.length, separator));
  const file = value.slice(separator + 1);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const asked = clock();
  for (;;) {
    try {
      const text = readFileSync(file, 'utf8');
      environment[CONFIG_VARIABLE] = text;
      waitedForConfigMs = clock() - asked;
      return text;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        process.stderr.write(`tsprof: cannot read the options tsprof wrote for this command, ${file} (${code ?? String(error)}); the command does not run\n`);
        process.exit(1);
      }
      if (!existsSync(dirname(file))) process.exit(1);
      if (!isAlive(tsprofPid)) {
        process.stderr.write(`tsprof: the tsprof that started this command (pid ${tsprofPid}) ended before its options were read; the command does not run\n`);
        process.exit(1);
      }
    }
    Atomics.wait(pause, 0, 0, DEFERRED_POLL_MS);
  }
}

