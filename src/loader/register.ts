import { say } from '../messages';
import { delimiter, dirname, join, resolve } from 'node:path';
import { CONFIG_VARIABLE, encodeConfig, readConfig, REGISTER_INCLUDE_VARIABLE, type LoaderConfig } from './config';
import { esModulesSetting } from './es-module-scan';
import { isNodesHooksThread } from './module-hooks-kind';
import { makeDirectories } from '../file-system';
import { mergeProfiles } from '../profile/merge';
import { newPartsDirectory, removePartsDirectory } from '../profile/parts';
import { readParts } from '../profile/read';
import type { Profile } from '../profile/types';
import { writeProfile } from '../profile/write';
import { clock } from '../runtime/intrinsics';

/**
 * `tsprof/register`: the loader for users who put it into NODE_OPTIONS
 * themselves instead of running `tsprof run`:
 *
 *     TSPROF_INCLUDE=src NODE_OPTIONS="--require tsprof/register" node app.js
 *
 * TSPROF_INCLUDE lists what to instrument (paths or globs relative to the
 * current directory, separated like PATH); TSPROF_PROFILE is the profile to
 * write (default out/profile.json); TSPROF_FLOWS=1 follows messages as
 * `tsprof run --flows` does; TSPROF_SAMPLE_HOT=N is `--sample-hot N`. The
 * first process merges the parts of every process and thread it started into
 * that file when it exits. Under
 * `tsprof run`, which sets the configuration itself, this is the preload.
 */

function configFromEnvironment(environment: NodeJS.ProcessEnv): LoaderConfig | null {
  const include = (environment[REGISTER_INCLUDE_VARIABLE] ?? '').split(delimiter).filter((entry) => entry !== '');
  if (include.length === 0) {
    say('tsprof/register: set TSPROF_INCLUDE to the files to profile (e.g. TSPROF_INCLUDE=src); nothing is profiled');
    return null;
  }
  const cwd = process.cwd();
  const absolute = include.map((entry) => resolve(cwd, entry));
  // As `--sample-hot`; anything but a whole number from 2 up times every call.
  const sampleStride = Math.floor(Number(environment.TSPROF_SAMPLE_HOT ?? 0));
  // As `tsprof run` decides it: where no included file can load as an ES module, no process starts
  // the off-thread module hooks (a thread and some 45 ms of start-up in each); absent where this
  // Node takes the in-thread ones.
  const esModules = esModulesSetting(absolute, [], environment);
  let partsDirectory: string;
  try {
    partsDirectory = newPartsDirectory();
  } catch (error) {
    say(`tsprof/register: ${(error as Error).message}; nothing is profiled`);
    return null;
  }
  return {
    include: absolute,
    exclude: [],
    ...(esModules === undefined ? {} : { esModules }),
    partsDirectory,
    command: process.argv.slice(1),
    startedAt: new Date().toISOString(),
    children: true,
    flushIntervalMs: 0,
    ...(environment.TSPROF_FLOWS === '1' ? { flows: true } : {}),
    ...(sampleStride > 1 ? { sampleHot: sampleStride } : {}),
  };
}

function writeMergedProfile(config: LoaderConfig, profileFile: string, ownPart: Profile | null): void {
  try {
    const parts = readParts(config.partsDirectory, say);
    const profile = mergeProfiles(ownPart ? [ownPart, ...parts] : parts, config.command, config.startedAt, clock());
    if (profile.files.length === 0) {
      say(`TSPROF_INCLUDE matched no file that the program loaded; nothing was written`);
      return;
    }
    makeDirectories(dirname(profileFile));
    writeProfile(profileFile, profile);
    say(`wrote ${profileFile}`);
  } catch (error) {
    say(`could not write ${profileFile}: ${(error as Error).message}`);
  } finally {
    removePartsDirectory(config.partsDirectory);
  }
}

/**
 * The preload, which this bundle holds (the one-process way loads one bundle, not two), required
 * only here: loading its modules starts the thread's runtime, which a process that profiles
 * nothing must not have.
 */
function startPreload(options?: Parameters<typeof import('./preload').startPreload>[0]): void {
  (require('./preload') as typeof import('./preload')).startPreload(options);
}

function register(): void {
  // Under `tsprof run`, or in a child of a process this started: the preload, unless it has started
  // already (from NODE_OPTIONS), which preload.ts sees.
  if (readConfig(process.env)) {
    startPreload();
    return;
  }
  // A preload ahead of this one registered module.register hooks: their thread started with the
  // environment from before the configuration, and one made here would be a second one.
  if (isNodesHooksThread()) return;
  const config = configFromEnvironment(process.env);
  if (!config) return;
  const profileFile = resolve(process.env.TSPROF_PROFILE ?? join('out', 'profile.json'));
  // Children and workers inherit the configuration and only write their parts.
  process.env[CONFIG_VARIABLE] = encodeConfig(config);
  // This process's own part stays in memory: only its children's and workers' go through the directory.
  let ownPart: Profile | null = null;
  startPreload({ keepFinalPart: (part) => (ownPart = part) });
  // After the preload's own exit handler, which hands over this process's part.
  process.on('exit', () => writeMergedProfile(config, profileFile, ownPart));
}

register();

/** The `import()` of the file that loaded this bundle (dynamic-import.ts), for the preload inside it. */
export { provideImport } from './dynamic-import';
