import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONFIG_VARIABLE, encodeConfig, type LoaderConfig } from '../loader/config';
import { nodeOptionsWithPreload } from '../loader/node-options';
import { writeFileAtomic } from '../profile/atomic-write';
import { mergeProfiles } from '../profile/merge';
import { readParts } from '../profile/read';
import { DEFAULT_EXPORT_OPTIONS } from '../export';
import { UserError } from './errors';
import { writeExport } from './export-command';
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
  const exports = options.exports.map((target) => ({ ...target, file: resolve(cwd, target.file) }));
  for (const target of exports) ensureWritable(target.file, `${target.format} export`);

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
    await writePicture(pictureGraph(profile, options.view, profileName), output, options.view, cwd);
    for (const target of exports) writeExport(profile, target, DEFAULT_EXPORT_OPTIONS);
    if (options.report) process.stdout.write(reportText(reportGraph(profile, options.view, profileName), options.report, cwd));
    const calls = profile.contexts.reduce((sum, context) => sum + context.calls, 0);
    const written = [output, profileFile, ...exports.map((target) => target.file)].map((file) => displayPath(file, cwd));
    say(`${profile.functions.length - 1} functions called ${calls} times in ${profile.files.length} files; wrote ${written.slice(0, -1).join(', ')} and ${written[written.length - 1]}`);
    passThrough(outcome, 1, options.duration > 0 && outcome.wallMs >= options.duration * 1000);
  } finally {
    rmSync(partsDirectory, { recursive: true, force: true });
  }
}
