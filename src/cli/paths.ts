import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { isGlob } from '../loader/filter';
import { UserError } from './errors';
import { readPackageName } from '../packages';

/** `--include` entries become absolute paths or absolute globs; a plain path must exist. */
export function resolveIncludes(entries: string[], cwd: string): string[] {
  return entries.map((entry) => {
    const absolute = resolve(cwd, entry);
    if (isGlob(entry)) return absolute;
    if (!existsSync(absolute)) throw new UserError(`--include ${entry}: no such file or directory (paths are relative to ${cwd})`);
    return absolute;
  });
}

/** `--include-package amqplib` → the directory that `require('amqplib')` loads from. */
export function resolvePackageDirectory(name: string, cwd: string): string {
  const requireFromCwd = createRequire(join(cwd, 'noop.js'));
  try {
    return dirname(requireFromCwd.resolve(`${name}/package.json`));
  } catch {
    // Packages whose "exports" hide package.json: walk up from the entry point.
  }
  let entry: string;
  try {
    entry = requireFromCwd.resolve(name);
  } catch {
    throw new UserError(`--include-package ${name}: cannot find package "${name}" from ${cwd}; is it installed?`);
  }
  for (let directory = dirname(entry); directory !== dirname(directory); directory = dirname(directory)) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === name) return directory;
  }
  throw new UserError(`--include-package ${name}: found ${entry} but not its package directory`);
}

/** A path as the user would type it from `cwd`: relative inside it, absolute outside. */
export function displayPath(file: string, cwd: string): string {
  const shown = relative(cwd, file);
  return shown === '' || shown.startsWith('..') ? file : shown;
}
