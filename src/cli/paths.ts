import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { UserError } from './errors';
import { readPackageName } from '../packages';

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
