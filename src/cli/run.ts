import { readdirSync } from 'node:fs';
import { writeFileAtomic } from '../file-system';
import { CONFIG_VARIABLE, encodeConfig, type LoaderConfig } from '../loader/config';
import { commandEnvironment } from '../loader/node-options';
import { newPartsDirectory, removePartsDirectory, uninstrumentedNotes } from '../profile/parts';
import { counted } from '../render/format';
import { say } from '../messages';
import { takeEarlyCommand } from './early-command';
import { UserError } from './errors';
import { pictureTarget, prepareTargets } from './outputs';
import type { RunOptions } from './run-options';
import { resolveRunInputs, type InstrumentedFiles } from './run-inputs';
import type * as RunOutputsModule from './run-outputs';
import type { RunOutputs } from './run-outputs';
import { endedAsAsked, endLikeTheCommand, runSupervised, type CommandOutcome } from './supervised-command';

/**
 * `tsprof run`: the inputs resolved and checked (run-inputs.ts), then for each
 * run the command with its supervision (supervised-command.ts), its processes'
 * parts merged, and the outputs written (run-outputs.ts).
 */

/**
 * What happens after the command: merging, the picture, the exports. Loaded
 * while the command runs (tsprof has nothing else to do then), not before it
 * starts.
 */
const afterTheCommand = (): typeof RunOutputsModule => require('./run-outputs');


export async function runProfiled(options: RunOptions): Promise<void> {
  const cwd = process.cwd();
  const { instrumented, runs } = resolveRunInputs(options, cwd);
  for (const [index, outputs] of runs.entries()) {
    if (runs.length > 1) say(`run ${index + 1} of ${runs.length}`);
    const run = await profileOnce(options, instrumented, outputs, cwd, index === 0);
    // A failed run ends the series: tsprof ends the way that run's command did.
    if (run.failed || index === runs.length - 1) {
      run.endLikeTheCommand();
      return;
    }
  }
}

interface ProfiledRun {
  /** The command failed or was killed, or nothing was written. */
  failed: boolean;
  /** Sets tsprof's exit code or re-raises the signal, as the command ended; called after cleaning up. */
  endLikeTheCommand: () => void;
}

/** One run of the command: its profile, and the picture and report when `output` is given (the first run). */
async function profileOnce(options: RunOptions, instrumented: InstrumentedFiles, outputs: RunOutputs, cwd: string, first: boolean): Promise<ProfiledRun> {
  // The first run's command may have been started already, waiting for its configuration (early-command.ts).
  const early = first ? takeEarlyCommand(options.command) : undefined;
  const partsDirectory = early?.partsDirectory ?? newPartsDirectory();
  const startedAt = new Date().toISOString();
  const config: LoaderConfig = {
    ...instrumented,
    partsDirectory,
    command: options.command,
    startedAt,
    children: options.children,
    flushIntervalMs: options.flushInterval * 1000,
    maxContexts: options.maxContexts,
    ...(options.sampleHot !== undefined ? { sampleHot: options.sampleHot } : {}),
    // Without async parents in the view, the run does not pay for recording them (promise hooks).
    asyncParents: options.view.asyncParents,
    ...(options.flows ? { flows: true } : {}),
  };
  // Processes that outlived the wait may still write their parts: their directory is left for the OS to clean.
  let left: number[] = [];
  try {
    try {
      // What the command waits for: from here on it runs.
      if (early) writeFileAtomic(early.configFile, encodeConfig(config), { durable: false });
    } catch (error) {
      early?.discard();
      throw error;
    }
    const command = early?.started ?? { command: options.command, environment: { ...commandEnvironment(process.env), [CONFIG_VARIABLE]: encodeConfig(config) } };
    const running = runSupervised(command, { partsDirectory, durationMs: options.duration * 1000, killAfterMs: options.killAfter * 1000, say });
    try {
      afterTheCommand();
      if (outputs.output) prepareTargets([pictureTarget(outputs.output)]);
    } catch (error) {
      // Not before the command has ended: it must not be left running, nor its parts deleted under it.
      await running.then(
        (outcome) => (left = outcome.left),
        () => undefined,
      );
      throw error;
    }
    const outcome = await running;
    left = outcome.left;
    const profile = afterTheCommand().mergedProfile(partsDirectory, options.command, startedAt, outcome.wallMs, say);
    const killedBy = killingSignal(outcome);
    if (profile.files.length === 0) {
      if (uninstrumentedNotes(partsDirectory).length > 0 && !outcome.signal) {
        // The lines above say which runner and why; tsprof does not turn a passing suite into a failure.
        say('nothing was profiled: the test runner could not be instrumented (see above); tsprof ends as the command did');
        return { failed: !endedAsAsked(outcome), endLikeTheCommand: () => endLikeTheCommand(outcome, 1) };
      }
      const reason = nothingWritten(options, instrumented, outcome, killedBy);
      if (!outcome.signal) throw new UserError(reason, outcome.code || 1);
      say(reason);
      // Nothing was profiled: even a stop by --duration is a failure then.
      return { failed: true, endLikeTheCommand: () => endLikeTheCommand({ ...outcome, stoppedByDuration: false }, 1) };
    }
    if (killedBy && profile.fromSnapshots) say(`the command was killed by ${killedBy}; the profile is built from the last snapshots written before that`);
    await afterTheCommand().writeOutputs(profile, options, outputs, cwd, say);
    return { failed: !endedAsAsked(outcome), endLikeTheCommand: () => endLikeTheCommand(outcome, 1) };
  } finally {
    if (left.length === 0) removePartsDirectory(partsDirectory);
  }
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

/** Why no process wrote a part: killed, still running, or nothing included was loaded. */
function nothingWritten(options: RunOptions, instrumented: InstrumentedFiles, outcome: CommandOutcome, killedBy: NodeJS.Signals | null): string {
  if (killedBy) return `the command was killed by ${killedBy}, so no profile could be written; --flush-interval <seconds> keeps periodic snapshots that survive it`;
  if (outcome.left.length > 0) {
    const stop = options.duration > 0 && options.killAfter === 0 ? '; --kill-after <seconds> stops them after --duration' : '';
    return `nothing was written: no process that ended had loaded an included file, and the ${counted(outcome.left.length, 'process', 'processes')} still running were left out${stop}`;
  }
  const given = [...options.include, ...options.includePackage].join(', ');
  return `--include ${given} matched no file that the command loaded; nothing was written${holdsTypeScript(instrumented.include) ? ' (for TypeScript compiled ahead of time, include the directory of the JavaScript that runs, e.g. dist)' : ''}`;
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

