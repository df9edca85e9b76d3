import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { isGlob } from '../loader/filter';
import { UserError } from './errors';
import { readPackageName } from './packages';

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

/**
 * `mkdir -p` one level at a time: Node 20's recursive mkdir spins forever on
 * paths under /proc and similar, where the parent exists but refuses children.
 */
function makeDirectories(directory: string): void {
  if (existsSync(directory)) {
    if (!statSync(directory).isDirectory()) throw Object.assign(new Error(`${directory} is not a directory`), { code: 'ENOTDIR' });
    return;
  }
  const parent = dirname(directory);
  if (parent !== directory) makeDirectories(parent);
  mkdirSync(directory);
}

/** Creates the directory of `file` and checks it is writable, before the command runs. */
export function ensureWritable(file: string, what: string): void {
  const directory = dirname(file);
  try {
    makeDirectories(directory);
    accessSync(directory, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserError(`cannot write ${what} ${file}: ${directory} is not writable (${code}); choose another path`);
  }
  if (existsSync(file) && statSync(file).isDirectory()) throw new UserError(`cannot write ${what} ${file}: it is a directory`);
}
