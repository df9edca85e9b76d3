import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type picomatchType from 'picomatch';
import type { LoaderConfig } from '../loader/config';
import { esModulesSetting } from '../loader/es-module-scan';
import { isGlob } from '../loader/filter';
import { searchIncludedFiles } from '../loader/included-files';
import { checkWritableFile } from '../file-system';
import { checkTarget, pictureTarget } from './outputs';
import { UserError } from './errors';
import type { RunOptions } from './run-options';
import { displayPath, resolvePackageDirectory } from './paths';
import type { RunOutputs } from './run-outputs';

/**
 * Everything `tsprof run` takes from its options, resolved against the current
 * directory and checked before the command starts: bad input is one line and
 * the command does not run.
 */

/** What every run instruments, decided once. */
export type InstrumentedFiles = Pick<LoaderConfig, 'include' | 'exclude' | 'esModules'>;

export interface RunInputs {
  instrumented: InstrumentedFiles;
  /** Where each run of --repeat writes; the first also draws the picture and writes the exports. */
  runs: RunOutputs[];
}

export function resolveRunInputs(options: RunOptions, cwd: string): RunInputs {
  if (options.command.length === 0) throw new UserError('no command to profile; usage: tsprof [options] -- <command> [args...]');
  const exclude = options.exclude.map((pattern) => resolve(cwd, pattern));
  const include = [
    ...resolveIncludes(options.include, exclude, cwd),
    ...options.includePackage.map((name) => resolvePackageDirectory(name, cwd)),
  ];
  if (include.length === 0) throw new UserError('nothing to instrument; give --include <path> (e.g. --include src)');
  const esModules = esModulesSetting(include, exclude);
  const instrumented: InstrumentedFiles = { include, exclude, ...(esModules === undefined ? {} : { esModules }) };
  const output = resolve(cwd, options.output);
  const profileFile = resolve(cwd, options.profile);
  checkTarget(pictureTarget(output));
  checkWritableFile(profileFile, 'profile');
  const exports = options.exports.map((target) => ({ ...target, file: resolve(cwd, target.file) }));
  for (const target of exports) checkTarget(target);
  const runs = repeatedProfileFiles(profileFile, options.repeat).map((file, index): RunOutputs => (index === 0 ? { profileFile: file, output, exports } : { profileFile: file, exports: [] }));
  return { instrumented, runs };
}

/** `out/profile.json` once, or `out/profile.1.json` … `out/profile.N.json` with --repeat N. */
export function repeatedProfileFiles(profileFile: string, repeat: number): string[] {
  if (repeat <= 1) return [profileFile];
  const extension = extname(profileFile);
  const stem = profileFile.slice(0, profileFile.length - extension.length);
  return Array.from({ length: repeat }, (_, index) => `${stem}.${index + 1}${extension || '.json'}`);
}

/**
 * `--include` entries become absolute paths or absolute globs. A plain path
 * must exist; a glob must match a file that may be instrumented, unless the
 * directory it looks in does not exist yet (the command may build it).
 */
function resolveIncludes(entries: string[], exclude: string[], cwd: string): string[] {
  return entries.map((entry) => {
    const absolute = resolve(cwd, entry);
    if (isGlob(entry)) {
      checkGlobMatches(entry, absolute, exclude, cwd);
      return absolute;
    }
    if (!existsSync(absolute)) throw new UserError(`--include ${entry}: no such file or directory (paths are relative to ${cwd})`);
    return absolute;
  });
}

/** Paths a glob's check looks at before it gives up and lets the command run: the check must not slow down a start. */
const GLOB_CHECK_LIMIT = 20_000;

function checkGlobMatches(entry: string, glob: string, exclude: string[], cwd: string): void {
  const picomatch = require('picomatch') as typeof picomatchType;
  const base = picomatch.scan(glob).base || '/';
  if (!existsSync(base)) return;
  const search = (excluded: string[]) => searchIncludedFiles([base], [glob], excluded, () => true, GLOB_CHECK_LIMIT);
  if (search(exclude) !== 'none') return;
  const matching = exclude.length > 0 && search([]) !== 'none' ? 'no JavaScript or TypeScript file that --exclude leaves matches it' : 'no JavaScript or TypeScript file matches it';
  throw new UserError(`--include ${entry}: ${matching} (looked under ${displayPath(base, cwd)}); the command was not run`);
}
