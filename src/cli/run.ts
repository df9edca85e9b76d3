import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONFIG_VARIABLE, encodeConfig, type LoaderConfig } from '../loader/config';
import { nodeOptionsWithPreload } from '../loader/node-options';
import { checkWritableFile, writeFileAtomic } from '../file-system';
import { checkOutputFile } from '../render/output';
import { mergeProfiles } from '../profile/merge';
import { validateProfile } from '../profile/read';
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

function readParts(directory: string): Profile[] {
  const parts: Profile[] = [];
  for (const name of readdirSync(directory)) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    try {
      parts.push(validateProfile(JSON.parse(readFileSync(join(directory, name), 'utf8')), name));
    } catch (error) {
      say(`ignoring unreadable profile part ${name}: ${(error as Error).message}`);
    }
  }
  return parts;
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
  };
  const environment = {
    ...process.env,
    NODE_OPTIONS: nodeOptionsWithPreload(process.env.NODE_OPTIONS, PRELOAD_PATH),
    [CONFIG_VARIABLE]: encodeConfig(config),
  };
  try {
    const outcome = await runCommand(options.command, environment, options.duration * 1000);
    const profile = mergeProfiles(readParts(partsDirectory), options.command, startedAt, outcome.wallMs);
    if (profile.files.length === 0) {
      passThrough(outcome, 1, false);
      const given = [...options.include, ...options.includePackage].join(', ');
      throw new UserError(`--include ${given} matched no file that the command loaded; nothing was written`, outcome.code || 1);
    }
    writeFileAtomic(profileFile, `${JSON.stringify(profile, null, 1)}\n`);
    const profileName = displayPath(profileFile, cwd);
    await writePicture(pictureGraph(profile, options.view, profileName), output, options.view, cwd);
    if (options.report) process.stdout.write(reportText(reportGraph(profile, options.view, profileName), options.report, cwd));
    const calls = profile.nodes.reduce((sum, node) => sum + node.calls, 0);
    say(`${profile.nodes.length - 1} functions called ${calls} times in ${profile.files.length} files; wrote ${displayPath(output, cwd)} and ${displayPath(profileFile, cwd)}`);
    passThrough(outcome, 1, options.duration > 0 && outcome.wallMs >= options.duration * 1000);
  } finally {
    rmSync(partsDirectory, { recursive: true, force: true });
  }
}
