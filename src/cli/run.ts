import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { CONFIG_VARIABLE, encodeConfig, type LoaderConfig } from '../loader/config';
import { includesPossibleEsModules } from '../loader/es-module-scan';
import { commandEnvironment } from '../loader/node-options';
import { checkWritableFile } from '../file-system';
import { markedRunning } from '../profile/parts';
import { counted } from '../render/format';
import { UserError } from './errors';
import type { RunOptions } from './options';
import { resolveIncludes, resolvePackageDirectory } from './paths';
import type * as RunOutputsModule from './run-outputs';
import type { RunOutputs } from './run-outputs';
import { runCommand, type CommandOutcome } from './spawn-command';
import { checkTarget, pictureTarget, prepareTargets } from './outputs';

/**
 * What happens after the command: merging, the picture, the exports. Loaded
 * while the command runs (tsprof has nothing else to do then), not before it
 * starts.
 */
const afterTheCommand = (): typeof RunOutputsModule => require('./run-outputs');

function say(message: string): void {
  process.stderr.write(`tsprof: ${message}\n`);
}

const NOT_RAISED_AGAIN: NodeJS.Signals[] = ['SIGPIPE', 'SIGUSR1'];

/** Ends tsprof the way the command ended: same exit code, or the same signal. */
function passThrough(outcome: CommandOutcome, fallbackCode: number, stoppedByDuration: boolean): void {
  if (outcome.signal === 'SIGTERM' && stoppedByDuration) {
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

/**
 * Signals a process cannot catch (SIGKILL) or that mean it crashed: it died
 * without writing its part. SIGINT, SIGTERM and SIGHUP are caught by the
 * preload, which writes the part first.
 */
const KILLING_SIGNALS = new Set<NodeJS.Signals>(['SIGKILL', 'SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT', 'SIGQUIT']);

function killingSignal(outcome: CommandOutcome): NodeJS.Signals | null {
  return outcome.signal && KILLING_SIGNALS.has(outcome.signal) ? outcome.signal : null;
}

export async function runProfiled(options: RunOptions): Promise<void> {
  if (options.command.length === 0) throw new UserError('no command to profile; usage: tsprof [options] -- <command> [args...]');
  const cwd = process.cwd();
  const include = [
    ...resolveIncludes(options.include, cwd),
    ...options.includePackage.map((name) => resolvePackageDirectory(name, cwd)),
  ];
  if (include.length === 0) throw new UserError('nothing to instrument; give --include <path> (e.g. --include src)');
  const exclude = options.exclude.map((pattern) => resolve(cwd, pattern));
  const instrumented: InstrumentedFiles = { include, exclude, esModules: includesPossibleEsModules(include, exclude) };
  const output = resolve(cwd, options.output);
  const profileFile = resolve(cwd, options.profile);
  checkTarget(pictureTarget(output));
  checkWritableFile(profileFile, 'profile');
  const exports = options.exports.map((target) => ({ ...target, file: resolve(cwd, target.file) }));
  for (const target of exports) checkTarget(target);

  const profileFiles = repeatedProfileFiles(profileFile, options.repeat);
  for (const [index, file] of profileFiles.entries()) {
    if (profileFiles.length > 1) say(`run ${index + 1} of ${profileFiles.length}`);
    const outputs: RunOutputs = index === 0 ? { profileFile: file, output, exports } : { profileFile: file, exports: [] };
    const run = await profileOnce(options, instrumented, outputs, cwd);
    // A failed run ends the series: tsprof ends the way that run's command did.
    if (run.failed || index === profileFiles.length - 1) {
      run.endLikeTheCommand();
      return;
    }
  }
}

/** `out/profile.json` once, or `out/profile.1.json` … `out/profile.N.json` with --repeat N. */
export function repeatedProfileFiles(profileFile: string, repeat: number): string[] {
  if (repeat <= 1) return [profileFile];
  const extension = extname(profileFile);
  const stem = profileFile.slice(0, profileFile.length - extension.length);
  return Array.from({ length: repeat }, (_, index) => `${stem}.${index + 1}${extension || '.json'}`);
}

interface ProfiledRun {
  /** The command failed or was killed, or nothing was written. */
  failed: boolean;
  /** Sets tsprof's exit code or re-raises the signal, as the command ended; called after cleaning up. */
  endLikeTheCommand: () => void;
}

/** What every run instruments, decided once. */
type InstrumentedFiles = Pick<LoaderConfig, 'include' | 'exclude' | 'esModules'>;

/** One run of the command: its profile, and the picture and report when `output` is given (the first run). */
async function profileOnce(options: RunOptions, instrumented: InstrumentedFiles, outputs: RunOutputs, cwd: string): Promise<ProfiledRun> {
  const { output } = outputs;
  const partsDirectory = mkdtempSync(join(tmpdir(), 'tsprof-parts-'));
  const startedAt = new Date().toISOString();
  const config: LoaderConfig = {
    ...instrumented,
    partsDirectory,
    command: options.command,
    startedAt,
    children: options.children,
    flushIntervalMs: options.flushInterval * 1000,
    maxContexts: options.maxContexts,
  };
  const environment = { ...commandEnvironment(process.env), [CONFIG_VARIABLE]: encodeConfig(config) };
  // tsprof ends the way the command did only after cleaning up: a re-raised SIGKILL ends it at once.
  let endLikeTheCommand = (): void => undefined;
  let failed = true;
  try {
    const running = runCommand(options.command, environment, {
      durationMs: options.duration * 1000,
      killAfterMs: options.killAfter * 1000,
      say,
      descendants: () => processesWithEnvironment(partsDirectory) ?? [],
    });
    try {
      afterTheCommand();
      if (output) prepareTargets([pictureTarget(output)]);
    } catch (error) {
      // Not before the command has ended: it must not be left running, nor its parts deleted under it.
      await running.catch(() => undefined);
      throw error;
    }
    const outcome = await running;
    await waitForProcessesLeft(partsDirectory);
    const profile = afterTheCommand().mergedProfile(partsDirectory, options.command, startedAt, outcome.wallMs, say);
    const killedBy = killingSignal(outcome);
    if (profile.files.length === 0) {
      const given = [...options.include, ...options.includePackage].join(', ');
      const reason = killedBy
        ? `the command was killed by ${killedBy}, so no profile could be written; --flush-interval <seconds> keeps periodic snapshots that survive it`
        : `--include ${given} matched no file that the command loaded; nothing was written${holdsTypeScript(instrumented.include) ? ' (for TypeScript compiled ahead of time, include the directory of the JavaScript that runs, e.g. dist)' : ''}`;
      if (!outcome.signal) throw new UserError(reason, outcome.code || 1);
      say(reason);
      endLikeTheCommand = () => passThrough(outcome, 1, false);
    } else {
      if (killedBy && profile.fromSnapshots) say(`the command was killed by ${killedBy}; the profile is built from the last snapshots written before that`);
      await afterTheCommand().writeOutputs(profile, options, outputs, cwd, say);
      const stoppedByDuration = options.duration > 0 && outcome.wallMs >= options.duration * 1000;
      endLikeTheCommand = () => passThrough(outcome, 1, stoppedByDuration);
      failed = (outcome.signal !== null && !(outcome.signal === 'SIGTERM' && stoppedByDuration)) || (outcome.code ?? 0) !== 0;
    }
  } finally {
    removeTemporary(partsDirectory);
  }
  return { failed, endLikeTheCommand };
}

/** Whether an included directory holds TypeScript sources at its top (compiled elsewhere, perhaps). */
function holdsTypeScript(include: string[]): boolean {
  return include.some((entry) => {
    try {
      return readdirSync(entry).some((name) => /\.(?:[cm]?ts|tsx)$/.test(name) && !name.endsWith('.d.ts'));
    } catch {
      return /\.(?:[cm]?ts|tsx)$/.test(entry);
    }
  });
}

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
 * end after their primary, when the IPC channel closes (also when --duration
 * stopped the primary). tsprof waits for those still alive, for a while,
 * rather than merge without them; one that outlives the wait is named and
 * left out, and a signal to tsprof (Ctrl-C) ends the wait at once. They are
 * the processes that marked themselves running and have not yet written their
 * last part (profile/parts.ts); on Linux only those whose environment holds
 * this run's parts directory (/proc/<pid>/environ: a reused pid is not
 * mistaken for one), and for a short while also those with that environment
 * and no mark yet (a worker forked but not yet at the preload).
 */
async function waitForProcessesLeft(partsDirectory: string): Promise<void> {
  const started = Date.now();
  let told = false;
  let listening = false;
  let interrupted = false;
  const interrupt = (): void => {
    interrupted = true;
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  try {
    for (;;) {
      const waited = Date.now() - started;
      const environment = processesWithEnvironment(partsDirectory);
      const marked = markedRunning(partsDirectory).filter((pid) => (environment ? environment.includes(pid) : true));
      const unmarked = waited < UNMARKED_WAIT_MS && environment ? environment.filter((pid) => !marked.includes(pid)) : [];
      const left = [...marked, ...unmarked].filter(isAlive);
      if (left.length === 0) return;
      if (!listening) {
        for (const signal of signals) process.on(signal, interrupt);
        listening = true;
      }
      const pids = left.slice(0, 5).join(', ') + (left.length > 5 ? ', ...' : '');
      if (waited >= PROCESSES_LEFT_WAIT_MS || interrupted) {
        say(`${counted(left.length, 'process', 'processes')} the command started still running${interrupted ? '' : ` after ${PROCESSES_LEFT_WAIT_MS / 1000} s`} (pid ${pids}): not in the profile`);
        return;
      }
      if (!told && waited >= 1000) {
        say(`waiting for ${counted(left.length, 'process', 'processes')} the command started to end and write ${left.length === 1 ? 'its profile' : 'their profiles'} (pid ${pids})`);
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    for (const signal of signals) process.removeListener(signal, interrupt);
  }
}

/**
 * Linux: the pids whose initial environment holds `text` (compared as bytes: a
 * temp directory may have any name); null where /proc cannot be read.
 */
function processesWithEnvironment(text: string): number[] | null {
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

/** The parts directory, gone; a process still writing into it (one that outlived the wait) must not make that an error. */
function removeTemporary(directory: string): void {
  try {
    rmSync(directory, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
  } catch {
    // Left in the temp directory for the OS to clean.
  }
}

/** Alive and not a zombie (Linux: state Z in /proc/<pid>/stat, a process that ended but was not reaped). */
function isAlive(pid: number): boolean {
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
