import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { isGlob } from './filter';
import { searchIncludedFiles } from './included-files';

/**
 * Whether any included file may reach Node's ES module loader, decided once
 * by the CLI from the files themselves. Where none can, the profiled
 * processes skip the off-thread module hooks (Node 20 and 22), whose thread
 * costs about 45 ms of start-up in every process; CommonJS is instrumented in
 * _compile either way. Every doubt answers yes: a glob, TypeScript or JSX
 * (tsx and Node itself load those through module hooks), .mjs/.mts, a .js in
 * a "type": "module" package or with import/export statements (Node 22
 * detects those as ES modules), or more files than are worth reading.
 */

const ALWAYS_POSSIBLE = new Set(['.mjs', '.mts', '.ts', '.tsx', '.cts', '.jsx']);
const MAX_FILES = 20_000;
/** An import or export statement at the start of a line (comments and strings may answer yes: that only costs the thread). */
const ES_MODULE_SYNTAX = /^[ \t]*(?:import[ \t]*[\w{*'"]|export[ \t]+|export[ \t]*[{*])/m;

function packageTypeIsModule(directory: string, known: Map<string, boolean>): boolean {
  const cached = known.get(directory);
  if (cached !== undefined) return cached;
  let isModule: boolean;
  try {
    isModule = (JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { type?: unknown }).type === 'module';
  } catch (error) {
    const parent = dirname(directory);
    isModule = (error as NodeJS.ErrnoException).code === 'ENOENT' && parent !== directory ? packageTypeIsModule(parent, known) : false;
  }
  known.set(directory, isModule);
  return isModule;
}

/** Type declarations are never loaded. */
const DECLARATION = /\.d\.[cm]?ts$/;

function mayBeEsModule(file: string, packageTypes: Map<string, boolean>): boolean {
  if (DECLARATION.test(file)) return false;
  const extension = extname(file);
  if (ALWAYS_POSSIBLE.has(extension)) return true;
  if (extension !== '.js') return false;
  if (packageTypeIsModule(dirname(file), packageTypes)) return true;
  try {
    return ES_MODULE_SYNTAX.test(readFileSync(file, 'utf8'));
  } catch {
    return true;
  }
}

export function includesPossibleEsModules(include: string[], exclude: string[]): boolean {
  if (include.some(isGlob)) return true;
  const packageTypes = new Map<string, boolean>();
  return searchIncludedFiles(include, include, exclude, (file) => mayBeEsModule(file, packageTypes), MAX_FILES) !== 'none';
}
