import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONFIG_VARIABLE, encodeConfig, type LoaderConfig } from '../loader/config';
import { nodeOptionsWithPreload } from '../loader/node-options';
import { checkWritableFile } from '../file-system';
import { checkOutputFile, formatForFile, prepareRenderer } from '../render/output';
import { mergeProfiles } from '../profile/merge';
import { readParts } from '../profile/read';
import { writeProfile } from '../profile/write';
import type { Profile } from '../profile/types';
import { UserError } from './errors';
import type { RunOptions } from './options';
import { resolveIncludes, resolvePackageDirectory } from './paths';
import { runCommand, type CommandOutcome } from './spawn-command';
import { displayPath, pictureGraph, reportGraph, reportText, writePicture } from './view';

const PRELOAD_PATH = join(__dirname, '..', 'loader', 'preload.js');

function say(message: string): void {
  process.stderr.write(`tsprof: ${message}\n`);
}

/** Ends tsprof the way the command ended: same exit code, or the same signal. */
function passThrough(outcome: CommandOutcome, fallbackCode: number, stoppedByDuration: boolean): void {
  if (outcome.signal === 'SIGTERM' && stoppedByDuration) {
    process.exitCode = 0;
    return;
  }
  if (outcome.signal) {
    process.kill(process.pid, outcome.signal);
    return;
  }
  process.exitCode = outcome.code ?? fallbackCode;
}

/**
 * The profile, the picture and the report, and one line saying what was written.
 */
async function writeOutputs(profile: Profile, options: RunOptions, profileFile: string, output: string, cwd: string): Promise<void> {
  if (profile.foldedCalls > 0) {
    say(`${profile.foldedCalls} calls took paths beyond --max-contexts ${options.maxContexts} and were counted directly under (root); raise --max-contexts to keep their paths`);
  }
  writeProfile(profileFile, profile);
  const profileName = displayPath(profileFile, cwd);
  await writePicture(pictureGraph(profile, options.view, profileName), output, options.view, cwd);
  if (options.report) process.stdout.write(reportText(reportGraph(profile, options.view, profileName), options.report, cwd));
  const calls = profile.contexts.reduce((sum, context) => sum + context.calls, 0);
  say(`${profile.functions.length - 1} functions called ${calls} times in ${profile.files.length} files; wrote ${displayPath(output, cwd)} and ${displayPath(profileFile, cwd)}`);
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
  const output = resolve(cwd, options.output);
  const profileFile = resolve(cwd, options.profile);
  checkOutputFile(output);
  checkWritableFile(profileFile, 'profile');

  const partsDirectory = mkdtempSync(join(tmpdir(), 'tsprof-parts-'));
  const startedAt = new Date().toISOString();
  const config: LoaderConfig = {
    include,
    exclude: options.exclude.map((pattern) => resolve(cwd, pattern)),
    partsDirectory,
    command: options.command,
    startedAt,
    children: options.children,
    flushIntervalMs: options.flushInterval * 1000,
    maxContexts: options.maxContexts,
  };
  const environment = {
    ...process.env,
    NODE_OPTIONS: nodeOptionsWithPreload(process.env.NODE_OPTIONS, PRELOAD_PATH),
    [CONFIG_VARIABLE]: encodeConfig(config),
  };
  // tsprof ends the way the command did only after cleaning up: a re-raised SIGKILL ends it at once.
  let endLikeTheCommand = (): void => undefined;
  try {
    const running = runCommand(options.command, environment, options.duration * 1000);
    prepareRenderer(formatForFile(output));
    const outcome = await running;
    const profile = mergeProfiles(readParts(partsDirectory, say), options.command, startedAt, outcome.wallMs);
    const killedBy = killingSignal(outcome);
    if (profile.files.length === 0) {
      const given = [...options.include, ...options.includePackage].join(', ');
      const reason = killedBy
        ? `the command was killed by ${killedBy}, so no profile could be written; --flush-interval <seconds> keeps periodic snapshots that survive it`
        : `--include ${given} matched no file that the command loaded; nothing was written`;
      if (!outcome.signal) throw new UserError(reason, outcome.code || 1);
      say(reason);
      endLikeTheCommand = () => passThrough(outcome, 1, false);
    } else {
      if (killedBy && profile.fromSnapshots) say(`the command was killed by ${killedBy}; the profile is built from the last periodic snapshots`);
      await writeOutputs(profile, options, profileFile, output, cwd);
      endLikeTheCommand = () => passThrough(outcome, 1, options.duration > 0 && outcome.wallMs >= options.duration * 1000);
    }
  } finally {
    rmSync(partsDirectory, { recursive: true, force: true });
  }
  endLikeTheCommand();
}
