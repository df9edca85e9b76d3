import { join, sep } from 'node:path';
import type picomatchType from 'picomatch';

/** tsprof's own machinery never instruments itself, even under --include of its directory. */
const OWN_MACHINERY = ['runtime', 'loader', 'instrument'].map((stage) => join(__dirname, '..', stage) + sep);

const GLOB_CHARACTERS = /[*?[\]{}()!]/;

export function isGlob(pattern: string): boolean {
  return GLOB_CHARACTERS.test(pattern);
}

function underDirectoryOrSame(file: string, path: string): boolean {
  return file === path || file.startsWith(path.endsWith(sep) ? path : path + sep);
}

/** `node_modules` counts as included once any include points into one. */
export function includesNodeModules(include: string[]): boolean {
  return include.some((entry) => entry.includes(`${sep}node_modules${sep}`) || entry.endsWith(`${sep}node_modules`));
}

/**
 * Decides which files get probes. Includes are absolute paths (a directory
 * covers everything below it) or absolute globs. `node_modules` is left out
 * unless an include itself points into it.
 */
export function createFileFilter(include: string[], exclude: string[]): (file: string) => boolean {
  const paths = include.filter((entry) => !isGlob(entry));
  const globs = include.filter(isGlob);
  const includeGlob = globs.length > 0 ? globMatcher(globs) : () => false;
  const excludeGlob = exclude.length > 0 ? globMatcher(exclude) : () => false;
  const nodeModulesIncluded = includesNodeModules(include);
  return (file) => {
    if (OWN_MACHINERY.some((directory) => file.startsWith(directory))) return false;
    if (!nodeModulesIncluded && file.includes(`${sep}node_modules${sep}`)) return false;
    if (excludeGlob(file)) return false;
    if (!/\.(?:[cm]?[jt]s|[jt]sx)$/.test(file)) return false;
    return paths.some((path) => underDirectoryOrSame(file, path)) || includeGlob(file);
  };
}

/** picomatch is loaded only for globs: plain paths, the usual case, start the process without it. */
function globMatcher(patterns: string[]): (file: string) => boolean {
  const picomatch = require('picomatch') as typeof picomatchType;
  return picomatch(patterns, { dot: true });
}
