import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { CONFIG_VARIABLE, encodeConfig, type LoaderConfig } from '../loader/config';
import { nodeOptionsWithPreload } from '../loader/node-options';
import { writeFileAtomic } from '../profile/atomic-write';
import { mergeProfiles } from '../profile/merge';
import { readParts } from '../profile/read';
import { UserError } from './errors';
import type { RunOptions } from './options';
import { ensureWritable, resolveIncludes, resolvePackageDirectory } from './paths';
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
  ensureWritable(output, 'output');
  ensureWritable(profileFile, 'profile');

  const profileFiles = repeatedProfileFiles(profileFile, options.repeat);
  for (const [index, file] of profileFiles.entries()) {
    if (options.repeat > 1) say(`run ${index + 1} of ${options.repeat}`);
    const outcome = await profileOnce(options, include, file, index === 0 ? output : undefined);
    const stoppedByDuration = options.duration > 0 && outcome.wallMs >= options.duration * 1000;
    const failed = (outcome.signal !== null && !(outcome.signal === 'SIGTERM' && stoppedByDuration)) || (outcome.code ?? 0) !== 0;
    // A failed run ends the series: its exit code or signal is tsprof's.
    if (failed || index === profileFiles.length - 1) {
      passThrough(outcome, 1, stoppedByDuration);
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

/** One profiled run: writes its profile, and the picture and report when `output` is given (the first run of a series). */
async function profileOnce(options: RunOptions, include: string[], profileFile: string, output: string | undefined): Promise<CommandOutcome> {
  const cwd = process.cwd();
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
  try {
    const outcome = await runCommand(options.command, environment, options.duration * 1000);
    const profile = mergeProfiles(readParts(partsDirectory, say), options.command, startedAt, outcome.wallMs);
    if (profile.files.length === 0) {
      passThrough(outcome, 1, false);
      const given = [...options.include, ...options.includePackage].join(', ');
      throw new UserError(`--include ${given} matched no file that the command loaded; nothing was written`, outcome.code || 1);
    }
    if (profile.foldedCalls > 0) {
      say(`${profile.foldedCalls} calls took paths beyond --max-contexts ${options.maxContexts} and were counted directly under (root); raise --max-contexts to keep their paths`);
    }
    writeFileAtomic(profileFile, `${JSON.stringify(profile, null, 1)}\n`);
    const profileName = displayPath(profileFile, cwd);
    if (output) await writePicture(pictureGraph(profile, options.view, profileName), output, options.view, cwd);
    if (options.report && output) process.stdout.write(reportText(reportGraph(profile, options.view, profileName), options.report, cwd));
    const calls = profile.contexts.reduce((sum, context) => sum + context.calls, 0);
    const written = output ? `${displayPath(output, cwd)} and ${displayPath(profileFile, cwd)}` : displayPath(profileFile, cwd);
    say(`${profile.functions.length - 1} functions called ${calls} times in ${profile.files.length} files; wrote ${written}`);
    return outcome;
  } finally {
    rmSync(partsDirectory, { recursive: true, force: true });
  }
}
